/**
 * @module `RecordingEventSink`: records every event of a run, in order, and checks each one's shape.
 */
import type { AnyStageflowEvent, EventOf, EventSink, StageflowEventType } from "@stageflow/core";
import { assertKnownOptions } from "@stageflow/core";
import { MalformedEventError } from "./errors/malformedEventError.js";
import { findEventProblems } from "./internal/validateEvent.js";

/** Options of {@link RecordingEventSink.waitFor}. */
export interface WaitForOptions {
  /** Stops waiting; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Whether an event recorded before the call (and not cleared) satisfies the wait.
   * @defaultValue true
   */
  readonly includeRecorded?: boolean | undefined;
}

interface Waiter {
  readonly matches: (event: AnyStageflowEvent) => boolean;
  readonly resolve: (event: AnyStageflowEvent) => void;
  readonly reject: (error: unknown) => void;
}

/** Rejections pass the thrown value through unchanged; typed `Error` for the promise API. */
const passThrough = (error: unknown): Error => error as Error;

const WAIT_KEYS = ["signal", "includeRecorded"] as const;

/**
 * An {@link EventSink} for tests: keeps every event exactly as the executor emitted it, in order,
 * with typed queries. A malformed event (missing `type`, `runId`, `timestamp`, `pipeline` or
 * `data`) is never silently accepted: `emit` throws a {@link MalformedEventError} and records it in
 * {@link RecordingEventSink.malformed}. Since the executor never lets a sink error fail a run (it
 * counts it in `result.sinkErrors`), call {@link RecordingEventSink.assertWellFormed} (or use the
 * `toHaveEmitted` matcher, which does) to turn it into a test failure.
 * @example
 * ```ts
 * const sink = new RecordingEventSink();
 * await graph.run(createTestSnapshot(), { eventSink: sink });
 * expect(sink.ofType("stage.completed").map((e) => e.stage)).toEqual(["retrieve", "answer"]);
 * sink.assertWellFormed();
 * ```
 */
export class RecordingEventSink implements EventSink {
  readonly #events: AnyStageflowEvent[] = [];
  readonly #malformed: MalformedEventError[] = [];
  readonly #waiters = new Set<Waiter>();

  /** Every well-formed event received since construction or the last `clear()`, in arrival order. */
  get events(): readonly AnyStageflowEvent[] {
    return [...this.#events];
  }

  /** The errors raised for malformed events received since construction or the last `clear()`. */
  get malformed(): readonly MalformedEventError[] {
    return [...this.#malformed];
  }

  /**
   * Records an event, waking any `waitFor` it satisfies.
   * @param event - the event as the executor built it
   * @throws {@link MalformedEventError} (after recording it in `malformed`) when the envelope is broken
   */
  emit(event: AnyStageflowEvent): void {
    const problems = findEventProblems(event);
    if (problems.length > 0) {
      const error = new MalformedEventError(event, problems);
      this.#malformed.push(error);
      throw error;
    }
    this.#events.push(event);
    if (this.#waiters.size === 0) return;
    for (const waiter of [...this.#waiters]) {
      let matched: boolean;
      try {
        matched = waiter.matches(event);
      } catch (error) {
        // A throwing predicate fails its own wait, never the emitter.
        this.#waiters.delete(waiter);
        waiter.reject(error);
        continue;
      }
      if (!matched) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(event);
    }
  }

  /**
   * Resolves at once: events are recorded synchronously.
   * @returns a resolved promise
   */
  async flush(): Promise<void> {}

  /**
   * Events of one type, narrowed to that type's shape.
   * @param type - an event type, e.g. `"stage.retry_scheduled"`
   * @returns matching events in arrival order
   */
  ofType<K extends StageflowEventType>(type: K): EventOf<K>[];
  ofType(type: string): AnyStageflowEvent[];
  ofType(type: string): AnyStageflowEvent[] {
    return this.#events.filter((e) => e.type === type);
  }

  /**
   * Events concerning one stage.
   * @param stage - the stage name
   * @returns its events in arrival order
   */
  forStage(stage: string): AnyStageflowEvent[] {
    return this.#events.filter((e) => e.stage === stage);
  }

  /**
   * Events of one run, for a sink shared by concurrent runs.
   * @param runId - the run id (`result.runId`)
   * @returns its events in arrival order
   */
  forRun(runId: string): AnyStageflowEvent[] {
    return this.#events.filter((e) => e.runId === runId);
  }

  /**
   * The type of every event, in order; convenient for asserting a whole sequence.
   * @returns event types in arrival order
   */
  types(): string[] {
    return this.#events.map((e) => e.type);
  }

  /** Forgets every recorded and malformed event. Pending `waitFor` calls keep waiting. */
  clear(): void {
    this.#events.length = 0;
    this.#malformed.length = 0;
  }

  /**
   * Throws when any malformed event was received, listing each one's problems.
   * @throws {@link MalformedEventError} (the first one, with a count of the others)
   */
  assertWellFormed(): void {
    const first = this.#malformed[0];
    if (first === undefined) return;
    if (this.#malformed.length === 1) throw first;
    throw new MalformedEventError(first.event, [
      ...first.problems,
      `and ${this.#malformed.length - 1} more malformed event(s): ${this.#malformed
        .slice(1)
        .map((e) => e.message)
        .join(" | ")}`,
    ]);
  }

  /**
   * Waits for an event of a type (and matching a predicate). By default an event already recorded
   * satisfies it, so there is no race between starting a run and waiting.
   * @param type - the event type
   * @param predicate - an extra condition on the event
   * @param options - `signal` to stop waiting, `includeRecorded` to wait for a new event only
   * @returns the first matching event
   * @throws the signal's reason (as a rejection) when `signal` aborts first
   */
  waitFor<K extends StageflowEventType>(
    type: K,
    predicate?: (event: EventOf<K>) => boolean,
    options?: WaitForOptions,
  ): Promise<EventOf<K>>;
  waitFor(
    type: string,
    predicate?: (event: AnyStageflowEvent) => boolean,
    options?: WaitForOptions,
  ): Promise<AnyStageflowEvent>;
  waitFor(
    type: string,
    predicate?: (event: never) => boolean,
    options: WaitForOptions = {},
  ): Promise<AnyStageflowEvent> {
    assertKnownOptions("RecordingEventSink.waitFor", options, WAIT_KEYS);
    const test = predicate as ((event: AnyStageflowEvent) => boolean) | undefined;
    const matches = (event: AnyStageflowEvent): boolean =>
      event.type === type && (test === undefined || test(event));
    if (options.includeRecorded !== false) {
      try {
        const found = this.#events.find(matches);
        if (found !== undefined) return Promise.resolve(found);
      } catch (error) {
        return Promise.reject(passThrough(error));
      }
    }
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<AnyStageflowEvent>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters.delete(waiter);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        matches,
        resolve: (event) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(event);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(passThrough(error));
        },
      };
      this.#waiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
