// A custom sink for the conformance sample: batches events and ships them with an async `send`.
import type { AnyStageflowEvent, EventSink } from "@stageflow/core";

export class MyHttpSink implements EventSink {
  readonly #send: (batch: readonly AnyStageflowEvent[]) => Promise<void>;
  #buffer: AnyStageflowEvent[] = [];
  #sending: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: { send: (batch: readonly AnyStageflowEvent[]) => Promise<void> }) {
    this.#send = options.send;
  }

  emit(event: AnyStageflowEvent): void {
    if (!this.#closed) this.#buffer.push(event);
  }

  /** Ships what is buffered; resolves when every batch has been sent, in order. */
  async flush(): Promise<void> {
    const batch = this.#buffer;
    this.#buffer = [];
    if (batch.length > 0) this.#sending = this.#sending.then(() => this.#send(batch)).catch(() => undefined);
    await this.#sending;
  }

  /** Ships what is left and accepts nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
