/**
 * @module Small stage factories shared by core's tests.
 */
import { defineStage, type AnyStage, type StageContext } from "../../src/index.js";
import { deferred, type Deferred } from "./deferred.js";

/** A stage that returns `data` at once. */
export function okStage(name: string, data: unknown = { from: name }): AnyStage {
  return defineStage({ name, execute: () => data });
}

/** A stage that throws `error`. */
export function failingStage(name: string, error: unknown = new Error(`${name} broke`)): AnyStage {
  return defineStage({
    name,
    execute: () => {
      throw error;
    },
  });
}

/** A gated stage: `started` resolves when it begins; it finishes when `release` is resolved. */
export interface GatedStage {
  readonly stage: AnyStage;
  readonly started: Deferred<StageContext>;
  readonly release: Deferred<unknown>;
}

/**
 * A stage that waits for `release` and returns its value; it ignores its signal unless `honourSignal`
 * is set, in which case an abort rejects with the signal's reason.
 */
export function gatedStage(name: string, options: { honourSignal?: boolean } = {}): GatedStage {
  const started = deferred<StageContext>();
  const release = deferred<unknown>();
  const stage = defineStage({
    name,
    execute: (ctx) => {
      started.resolve(ctx);
      if (!options.honourSignal) return release.promise;
      return new Promise<unknown>((resolve, reject) => {
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error), { once: true });
        release.promise.then(resolve, reject);
      });
    },
  });
  return { stage, started, release };
}
