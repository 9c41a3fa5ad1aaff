/**
 * @module Lets pending promise work run to completion before virtual time moves.
 * @internal
 */

interface Port {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}
type ChannelConstructor = new () => { port1: Port; port2: Port };

// Captured at load time, so a test that later installs fake timers does not stall the fake clock.
const Channel = (globalThis as { MessageChannel?: ChannelConstructor }).MessageChannel;
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/**
 * Resolves on the next macrotask. The microtask queue always drains completely before a macrotask
 * runs, so every promise chain that can progress without a timer or I/O has progressed (however
 * many `await`s deep) when this resolves. Uses `MessageChannel` (not faked by fake-timer libraries),
 * falling back to the real `setTimeout`.
 */
function nextMacrotask(): Promise<void> {
  if (Channel === undefined) return new Promise<void>((resolve) => realSetTimeout(resolve, 0));
  return new Promise<void>((resolve) => {
    const channel = new Channel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * Flushes pending promise work: a few microtask turns (cheap, enough for short chains), then a
 * macrotask turn, which drains the microtask queue completely.
 * @returns a promise resolving once no promise work is left to run
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await Promise.resolve();
  await nextMacrotask();
}
