/**
 * @module Which object the executor calls `execute` on for a stage.
 * @internal
 */
import type { AnyStage } from "../stage.js";
import type { StageContext } from "../stageContext.js";

/** An object whose `execute` runs a stage: the stage itself, or the definition `defineStage` was given. */
export interface CallTarget {
  execute(ctx: StageContext): unknown;
}

/** Stages made by `defineStage`, mapped to their definitions. */
const DEFINITIONS = new WeakMap<AnyStage, CallTarget>();

/**
 * Remembers that `stage.execute` forwards to `definition.execute`, so a run can call the definition
 * directly: through the forwarding wrapper, every stage is a different function at one call site, which
 * V8 cannot inline (measured: 6–13% of a no-op stage's cost).
 */
export function registerDefinition(stage: AnyStage, definition: CallTarget): void {
  DEFINITIONS.set(stage, definition);
}

/** The object whose `execute` a run calls for `stage` (as a method, so `this` is that object). */
export function callTargetOf(stage: AnyStage): CallTarget {
  return DEFINITIONS.get(stage) ?? stage;
}
