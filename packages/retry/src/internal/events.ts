/**
 * @module Emits the retry events to the run's sink, with the attempt they are about.
 * @internal
 */
import type { AnyStageflowEvent, InterceptorContext, StageflowEventMap } from "@stageflow/core";

type RetryEventType = "stage.retry_scheduled" | "stage.retry_exhausted";

/**
 * Emits a retry event. Built by hand rather than with `ctx.emit`, because the envelope's `attempt`
 * must be the attempt the event is about, not the retry layer's own attempt (always 1).
 */
export function emitRetryEvent<K extends RetryEventType>(
  ctx: InterceptorContext,
  type: K,
  attempt: number,
  data: StageflowEventMap[K],
): void {
  const event = {
    type,
    timestamp: ctx.clock.now(),
    runId: ctx.runId,
    pipeline: ctx.pipeline,
    stage: ctx.stageName,
    attempt,
    data,
  } as AnyStageflowEvent;
  try {
    const pending = ctx.eventSink.emit(event);
    // The run's sink never rejects; a hand-made context's sink might, and must not break the stage.
    if (pending instanceof Promise) pending.catch(() => undefined);
  } catch {
    // Same reason: observability never fails a stage.
  }
}
