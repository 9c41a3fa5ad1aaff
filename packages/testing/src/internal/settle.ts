/**
 * @module Lets pending promise work run to completion before virtual time moves.
 * @internal
 */

interface Port {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
  /** Node only: keeps the process alive while a message is awaited. */
  ref?(): void;
  /** Node only: lets the process exit while the port is idle. */
  unref?(): void;
}
type ChannelConstructor = new () => { port1: Port; port2: Port };

// Captured at load time, so a test that later installs fake timers does not stall the fake clock.
const Channel = (globalThis as { MessageChannel?: ChannelConstructor }).MessageChannel;
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/** Resolvers waiting for the next message on the shared channel, in order. */
const waiting: Array<() => void> = [];
let channel: { port1: Port; port2: Port } | undefined;

function sharedChannel(): { port1: Port; port2: Port } | undefined {
  if (channel !== undefined || Channel === undefined) return channel;
  const created = new Channel();
  // Each message wakes the oldest waiter; one message is posted per waiter. In Node the port keeps
  // the process alive only while someone waits, so an idle clock never holds a process open.
  created.port1.onmessage = () => {
    waiting.shift()?.();
    if (waiting.length === 0) created.port1.unref?.();
  };
  created.port1.unref?.();
  channel = created;
  return channel;
}

/**
 * Resolves on the next macrotask. The microtask queue always drains completely before a macrotask
 * runs, so every promise chain that can progress without a timer or I/O has progressed (however
 * many `await`s deep) when this resolves. Uses one shared `MessageChannel` (not faked by fake-timer
 * libraries, and referenced in Node only while awaited), falling back to the real
 * `setTimeout`.
 */
function nextMacrotask(): Promise<void> {
  const shared = sharedChannel();
  if (shared === undefined) return new Promise<void>((resolve) => realSetTimeout(resolve, 0));
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (waiting.length === 1) shared.port1.ref?.();
    shared.port2.postMessage(undefined);
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
