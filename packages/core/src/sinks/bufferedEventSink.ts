/**
 * @module A sink with a bounded queue in front of a slow sink.
 */
import type { EventSink, SinkErrorHandler } from "../events/eventSink.js";
import type { AnyStageflowEvent } from "../events/eventTypes.js";
import { createRedactor, type Redactor } from "../events/redact.js";
import { assertKnownOptions } from "../options.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";

/** What to do with a new event when the queue is full. */
export type DropPolicy = "drop_oldest" | "drop_newest";

/** Options of {@link BufferedEventSink}. */
export interface BufferedEventSinkOptions {
  /** Where events go, one at a time and in order (async `emit` is awaited before the next). */
  readonly target: EventSink;
  /**
   * Most events held at once.
   * @defaultValue 1000
   */
  readonly capacity?: number | undefined;
  /**
   * When full: `"drop_oldest"` evicts the oldest queued event, `"drop_newest"` refuses the new one.
   * Either way the drop is counted in `droppedCount`.
   * @defaultValue "drop_oldest"
   */
  readonly dropPolicy?: DropPolicy | undefined;
  /** Called when the target throws or rejects. */
  readonly onSinkError?: SinkErrorHandler | undefined;
  /** Masks fields of each event's `data` (or rewrites or drops events) before it is queued. */
  readonly redact?: Redactor | undefined;
}

const KEYS = ["target", "capacity", "dropPolicy", "onSinkError", "redact"] as const;

/**
 * Queues events in a bounded ring and delivers them to `target` in the background, in order, one at
 * a time. The executor never waits for it; drops are explicit and counted; `flush()` waits until
 * everything queued has been delivered (and flushes the target).
 * @example
 * ```ts
 * const sink = new BufferedEventSink({ target: httpSink, capacity: 10_000, dropPolicy: "drop_oldest" });
 * await graph.run(snapshot, { eventSink: sink });
 * await sink.flush();
 * ```
 */
export class BufferedEventSink implements EventSink {
  readonly #target: EventSink;
  readonly #capacity: number;
  readonly #policy: DropPolicy;
  readonly #onSinkError: SinkErrorHandler | undefined;
  readonly #redact: (event: AnyStageflowEvent) => AnyStageflowEvent | undefined;
  // A ring kept as an array plus a head index; delivered and dropped slots are cleared and compacted away.
  #queue: Array<AnyStageflowEvent | undefined> = [];
  #head = 0;
  #draining: Promise<void> | undefined;
  #dropped = 0;
  #delivered = 0;
  #errors = 0;

  /** @param options - target, capacity, drop policy */
  constructor(options: BufferedEventSinkOptions) {
    assertKnownOptions("BufferedEventSink", options, KEYS);
    if (typeof options?.target?.emit !== "function") {
      throw new InvalidOptionsError("BufferedEventSink", "target must be an EventSink.");
    }
    const capacity = options.capacity ?? 1000;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new InvalidOptionsError(
        "BufferedEventSink",
        `capacity must be a positive integer, got ${capacity}.`,
      );
    }
    const policy = options.dropPolicy ?? "drop_oldest";
    if (policy !== "drop_oldest" && policy !== "drop_newest") {
      throw new InvalidOptionsError(
        "BufferedEventSink",
        `dropPolicy must be "drop_oldest" or "drop_newest", got "${String(policy)}".`,
      );
    }
    this.#target = options.target;
    this.#capacity = capacity;
    this.#policy = policy;
    this.#onSinkError = options.onSinkError;
    this.#redact = createRedactor(options.redact, "BufferedEventSink");
  }

  /** Events queued and not yet delivered. */
  get size(): number {
    return this.#queue.length - this.#head;
  }
  /** Events dropped because the queue was full. */
  get droppedCount(): number {
    return this.#dropped;
  }
  /**
   * Events handed to the target, whether or not it then failed on them (failures are also counted in
   * `errorCount`): `deliveredCount + droppedCount + size` is every event emitted and not redacted away.
   */
  get deliveredCount(): number {
    return this.#delivered;
  }
  /** Errors the target raised, on delivered events and on `flush()`. */
  get errorCount(): number {
    return this.#errors;
  }

  /** Queues the event (dropping per policy when full) and starts delivery. */
  emit(original: AnyStageflowEvent): void {
    const event = this.#redact(original);
    if (event === undefined) return;
    if (this.size >= this.#capacity) {
      this.#dropped++;
      if (this.#policy === "drop_newest") return;
      this.#take();
    }
    this.#queue.push(event);
    this.#draining ??= this.#drain();
  }

  /** Resolves once every queued event has been delivered and the target has flushed. */
  async flush(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
    try {
      await this.#target.flush?.();
    } catch (error) {
      this.#fail(error, {
        type: "sink.flush",
        timestamp: Date.now(),
        runId: "",
        pipeline: "",
        data: undefined,
      });
    }
  }

  async #drain(): Promise<void> {
    // Start on a later microtask so a burst of synchronous emits is queued (and bounded) first.
    await Promise.resolve();
    try {
      while (this.size > 0) {
        const event = this.#take();
        this.#delivered++;
        try {
          await this.#target.emit(event);
        } catch (error) {
          this.#fail(error, event);
        }
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /** Removes and returns the oldest queued event, keeping memory bounded by the capacity. */
  #take(): AnyStageflowEvent {
    const event = this.#queue[this.#head] as AnyStageflowEvent;
    this.#queue[this.#head] = undefined;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return event;
  }

  #fail(error: unknown, event: AnyStageflowEvent): void {
    this.#errors++;
    try {
      this.#onSinkError?.(error, event);
    } catch {
      // The handler's own failure must not stop delivery.
    }
  }
}
