/**
 * @module Live progress in the terminal: a redrawn status board on a TTY, plain lines elsewhere.
 */
import type { AnyStageflowEvent, EventSink } from "@stageflow/core";

/** Where progress is written. */
export interface ProgressOutput {
  write(text: string): void;
  /** True for an interactive terminal: the board is redrawn in place. */
  readonly isTTY: boolean;
}

interface Row {
  state: string;
  attempts: number;
  note: string;
}

const ICON: Readonly<Record<string, string>> = {
  waiting: "·",
  running: "▶",
  retrying: "↻",
  completed: "✔",
  skipped: "–",
  failed: "✖",
  cancelled: "■",
  shed: "⇣",
};

/**
 * An event sink that shows each stage's state as it changes. On a TTY it redraws one line per stage;
 * otherwise (CI, pipes) it prints one plain line per interesting event.
 */
export class ProgressSink implements EventSink {
  readonly #out: ProgressOutput;
  readonly #rows = new Map<string, Row>();
  readonly #order: string[];
  #drawn = 0;
  #start: number | undefined;

  /**
   * @param out - where to write
   * @param stageNames - stages in display order
   */
  constructor(out: ProgressOutput, stageNames: readonly string[]) {
    this.#out = out;
    this.#order = [...stageNames];
    for (const name of stageNames) this.#rows.set(name, { state: "waiting", attempts: 0, note: "" });
  }

  /** Updates the board (or prints a line) for one event. */
  emit(event: AnyStageflowEvent): void {
    this.#start ??= event.timestamp;
    const row = event.stage === undefined ? undefined : this.#rows.get(event.stage);
    const data = (event.data ?? {}) as Record<string, unknown>;
    let line: string | undefined;
    if (row !== undefined) {
      const update = describe(event.type, data);
      if (update === undefined) return;
      row.state = update.state ?? row.state;
      row.note = update.note;
      if (event.attempt !== undefined) row.attempts = Math.max(row.attempts, event.attempt);
      line = `${event.stage} ${update.state ?? row.state}${update.note ? ` (${update.note})` : ""}`;
    } else if (
      event.type.startsWith("pipeline.") ||
      event.type.startsWith("backpressure.") ||
      event.type.startsWith("circuit.")
    ) {
      line = `${event.type}${data.key ? ` ${str(data.key)}` : ""}`;
    } else return;
    if (this.#out.isTTY) this.#redraw();
    else this.#out.write(`[${String(Math.round(event.timestamp - this.#start)).padStart(5)} ms] ${line}\n`);
  }

  #redraw(): void {
    const lines = this.#order.map((name) => {
      const r = this.#rows.get(name) as Row;
      const attempts = r.attempts > 1 ? ` ×${r.attempts}` : "";
      return `  ${ICON[r.state] ?? " "} ${name.padEnd(16)} ${r.state.padEnd(10)}${attempts}${r.note ? `  ${r.note}` : ""}`;
    });
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : "";
    this.#out.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join("\n")}\n`);
    this.#drawn = lines.length;
  }
}

/** Text of a payload field that is expected to be a string or a number. */
const str = (value: unknown): string =>
  typeof value === "string" || typeof value === "number" ? String(value) : "";

function describe(type: string, data: Record<string, unknown>): { state?: string; note: string } | undefined {
  switch (type) {
    case "stage.started":
      return { state: "running", note: "" };
    case "stage.retry_scheduled":
      return {
        state: "retrying",
        note: `retry in ${str(data.delayMs)} ms: ${str((data.error as { message?: unknown } | undefined)?.message)}`,
      };
    case "stage.completed":
      return { state: "completed", note: `${str(data.durationMs)} ms` };
    case "stage.skipped":
      return { state: "skipped", note: str(data.reason) };
    case "stage.failed":
      return { state: "failed", note: str((data.error as { message?: unknown } | undefined)?.message) };
    case "stage.cancelled":
      return { state: "cancelled", note: str(data.reason) };
    case "stage.shed":
      return { state: "shed", note: str(data.reason) };
    case "stage.timeout":
      return { note: `timed out after ${str(data.timeoutMs)} ms` };
    case "context.truncation":
      return { note: `truncated ${str(data.tokensRemoved)} tokens` };
    case "context.stale":
      return { note: "read stale content" };
    default:
      return undefined;
  }
}
