// A custom event sink: batches events and ships them with an async `send` (an HTTP call, a queue...).
import type { AnyStageflowEvent, EventSink } from "@stageflow/core";

export interface BatchingSinkOptions {
  /** Ships one batch; may be slow or fail. */
  send(batch: readonly AnyStageflowEvent[]): Promise<void>;
  /** Events per batch. */
  maxBatch?: number;
}

export class BatchingSink implements EventSink {
  readonly #send: BatchingSinkOptions["send"];
  readonly #maxBatch: number;
  #buffer: AnyStageflowEvent[] = [];
  #inFlight: Promise<void> = Promise.resolve();

  constructor(options: BatchingSinkOptions) {
    this.#send = options.send;
    this.#maxBatch = options.maxBatch ?? 50;
  }

  // Called for every event; must be cheap and must not block the run.
  emit(event: AnyStageflowEvent): void {
    this.#buffer.push(event);
    if (this.#buffer.length >= this.#maxBatch) this.#ship();
  }

  // Ships what is buffered and waits until every batch has been sent, in order.
  async flush(): Promise<void> {
    this.#ship();
    await this.#inFlight;
  }

  #ship(): void {
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    // Chain sends so batches arrive in order; a failed send must not break the chain.
    this.#inFlight = this.#inFlight.then(() => this.#send(batch)).catch(() => undefined);
  }
}
