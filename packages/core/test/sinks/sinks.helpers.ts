/**
 * @module Event fixtures for sink tests.
 */
import type { AnyStageflowEvent } from "../../src/index.js";

/** A well-formed event of the given type, numbered through `data.n`. */
export function event(type: string, n = 0, stage?: string): AnyStageflowEvent {
  return {
    type,
    timestamp: 1_000 + n,
    runId: "run-1",
    pipeline: "p",
    ...(stage === undefined ? {} : { stage }),
    data: { n },
  };
}
