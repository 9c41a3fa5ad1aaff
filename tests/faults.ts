/**
 * @module The faults of the reliability matrix: what a stage, a sink or the clock does wrong.
 */
import {
  StageOutput,
  type AnyStageflowEvent,
  type Clock,
  type EventSink,
  type StageContext,
} from "@stageflow/core";
import type { FakeClock } from "@stageflow/testing";

/**
 * Drives a run started on `clock` until it settles: fires every timer (at most `maxJumps` jumps), lets
 * promise callbacks run, and tells whether the run had settled by then.
 * @param pending - the run's promise, started on `clock`
 * @param clock - the fake clock the run sleeps on
 * @param maxJumps - how many timer jumps `runAll` may take before it reports a loop
 * @returns whether the run had settled once the clock was idle, and its result
 */
export async function driveToEnd<T>(
  pending: Promise<T>,
  clock: FakeClock,
  maxJumps: number,
): Promise<{ settled: boolean; result: T }> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  await clock.runAll({ maxJumps });
  await clock.settle();
  return { settled, result: await pending };
}

/** How the faulty stage behaves. */
export type StageFault = (ctx: StageContext) => unknown;

/** One fault of the matrix. */
export interface Fault {
  readonly name: string;
  /** Replaces the faulty stage's body; absent when the fault is elsewhere (sink, clock, abort). */
  readonly stage?: StageFault;
  /** The run's sink: passes each event to `recorder`, then misbehaves. */
  readonly sink?: (clock: Clock, recorder: EventSink) => EventSink;
  /** Wraps the run's clock. */
  readonly clock?: (clock: Clock) => Clock;
  /** Aborts the run this many virtual ms after it starts. */
  readonly abortAfterMs?: number;
  /** Whether the faulty stage ends failed (so the mode's rule applies). */
  readonly failsStage: boolean;
}

/** A clock whose `now()` jumps an hour back after a few reads, as a wall clock does on an NTP step. */
function jumpingClock(inner: Clock): Clock {
  let reads = 0;
  return {
    now: () => inner.now() - (++reads > 6 ? 3_600_000 : 0),
    sleep: (ms, signal) => inner.sleep(ms, signal),
  };
}

/** Every fault the matrix crosses with modes, retry and backpressure. */
export const FAULTS: readonly Fault[] = [
  {
    name: "throws an Error",
    failsStage: true,
    stage: () => {
      throw new Error("boom");
    },
  },
  {
    name: "throws a string",
    failsStage: true,
    stage: () => {
      throw "boom";
    },
  },
  {
    name: "throws undefined",
    failsStage: true,
    stage: () => {
      throw undefined;
    },
  },
  {
    name: "throws a plain object",
    failsStage: true,
    stage: () => {
      throw { code: 42 };
    },
  },
  { name: "returns garbage (a function)", failsStage: true, stage: () => () => 1 },
  {
    name: "rejects after its signal aborts",
    failsStage: true,
    stage: (ctx) =>
      new Promise((_, reject) =>
        ctx.signal.addEventListener("abort", () => reject(new Error("late rejection"))),
      ),
  },
  {
    name: "ignores its signal and resolves late",
    failsStage: true,
    stage: async (ctx) => {
      await ctx.clock.sleep(5_000);
      return StageOutput.ok({ late: true });
    },
  },
  { name: "hangs forever", failsStage: true, stage: () => new Promise(() => undefined) },
  {
    name: "sink throws",
    failsStage: false,
    sink: (_clock, recorder) => ({
      emit: (e: AnyStageflowEvent) => {
        void recorder.emit(e);
        throw new Error("sink down");
      },
    }),
  },
  {
    name: "sink rejects slowly",
    failsStage: false,
    sink: (clock, recorder) => ({
      emit: (e: AnyStageflowEvent) => {
        void recorder.emit(e);
        return clock.sleep(200).then(() => Promise.reject(new Error("sink timeout")));
      },
    }),
  },
  {
    name: "sink blocks",
    failsStage: false,
    sink: (_clock, recorder) => ({
      emit: (e: AnyStageflowEvent) => {
        void recorder.emit(e);
        return new Promise<void>(() => undefined);
      },
    }),
  },
  { name: "clock jumps backwards", failsStage: false, clock: jumpingClock },
  { name: "abort at the start", failsStage: false, abortAfterMs: 0 },
  { name: "abort mid-run", failsStage: false, abortAfterMs: 30 },
  { name: "abort near the end", failsStage: false, abortAfterMs: 140 },
];
