/**
 * @module How each stage of one run ended, kept in flat arrays; outcome records are built on request.
 * @internal
 */
import type { StageOutcome } from "../plugin.js";
import type { StageStatus } from "../stageKind.js";
import type { StageOutput } from "../stageOutput.js";
import type { RunArrays } from "./runArrays.js";

/** A settled stage's status (`retry` settles as `fail`). */
export type SettledStatus = Exclude<StageStatus, "retry">;

/** Status by code; code 0 (a fresh array's value) means not settled yet. */
const STATUSES: ReadonlyArray<SettledStatus | undefined> = [undefined, "ok", "skip", "cancel", "fail"];
const STATUS_CODE: Readonly<Record<SettledStatus, number>> = { ok: 1, skip: 2, cancel: 3, fail: 4 };

/**
 * The per-stage results of one run. A run of thousands of stages would otherwise build one record
 * object per stage that survives every young-generation collection until the run ends; here the
 * fields sit in typed arrays and a record is built only when a plugin, a sink or the result asks.
 */
export class StageRecords {
  readonly #outputs: ReadonlyArray<StageOutput | undefined>;
  readonly #attempts: Int32Array;
  /** Final status per stage, as an index into `STATUSES` (0 until it settles). */
  readonly #status: Uint8Array;
  readonly #durations: Float64Array;
  /** 1 for a stage pruned by routing. */
  readonly #pruned: Uint8Array;
  /** Why a stage settled, when its output does not say (cancelled before starting, pruned, …); made on first use. */
  #reasons: Array<string | undefined> | undefined;
  /** Records built so far; made on first request. */
  #outcomes: Array<StageOutcome | undefined> | undefined;

  /**
   * @param outputs - the run's outputs by stage index (read when a record is built)
   * @param arrays - the run's per-stage arrays (attempts, status, durations, pruning)
   */
  constructor(outputs: ReadonlyArray<StageOutput | undefined>, arrays: RunArrays) {
    this.#outputs = outputs;
    this.#attempts = arrays.attempts;
    this.#status = arrays.status;
    this.#durations = arrays.durations;
    this.#pruned = arrays.pruned;
  }

  /** Records that stage `i` settled with `status` after `durationMs`. */
  settle(i: number, status: SettledStatus, durationMs: number): void {
    this.#status[i] = STATUS_CODE[status];
    this.#durations[i] = durationMs;
  }

  /** Records why stage `i` settled, for a record whose output gives no reason. */
  explain(i: number, reason: string | undefined, pruned: boolean): void {
    (this.#reasons ??= new Array<string | undefined>(this.#status.length))[i] = reason;
    if (pruned) this.#pruned[i] = 1;
  }

  /** Stage `i`'s outcome record (built once, on first request); `undefined` before it settles. */
  outcome(i: number): StageOutcome | undefined {
    const status = STATUSES[this.#status[i] as number];
    if (status === undefined) return undefined;
    const outcomes = (this.#outcomes ??= new Array<StageOutcome | undefined>(this.#status.length));
    let outcome = outcomes[i];
    if (outcome === undefined) {
      const output = this.#outputs[i];
      outcome = {
        status,
        attempts: this.#attempts[i] as number,
        durationMs: this.#durations[i] as number,
        error: output?.error,
        reason: output?.reason ?? this.#reasons?.[i],
        pruned: this.#pruned[i] === 1,
        output,
      };
      outcomes[i] = outcome;
    }
    return outcome;
  }

  /** How many stages settled with each status. */
  counts(): Record<SettledStatus, number> {
    const counts: Record<SettledStatus, number> = { ok: 0, skip: 0, cancel: 0, fail: 0 };
    for (const code of this.#status) {
      const status = STATUSES[code];
      if (status !== undefined) counts[status]++;
    }
    return counts;
  }
}
