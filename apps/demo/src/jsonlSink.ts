/**
 * @module An event sink that appends every event as one JSON line to a file.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { AnyStageflowEvent, EventSink } from "@stageflow/core";

/** Writes events as JSON Lines; `flush()` resolves when everything written so far is on disk. */
export class JsonlEventSink implements EventSink {
  /** The file being written. */
  readonly path: string;
  readonly #stream: WriteStream;
  #count = 0;

  /** @param path - the file to (over)write */
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.#stream = createWriteStream(path, { flags: "w" });
  }

  /** Events written so far. */
  get count(): number {
    return this.#count;
  }

  /** Appends one event. */
  emit(event: AnyStageflowEvent): void {
    this.#count++;
    this.#stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Waits until everything written has reached the file. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#stream.write("", (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => this.#stream.end(resolve));
  }
}
