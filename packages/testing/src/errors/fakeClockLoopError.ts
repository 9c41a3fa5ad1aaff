/**
 * @module Error raised when `FakeClock.runAll()` keeps finding new sleeps without end.
 */
import { StageflowError } from "@stageflow/core";

/**
 * Thrown by `FakeClock.runAll()` when it has fired `maxJumps` timers and sleeps are still pending:
 * something sleeps in a loop that never ends (a poller, a retry without a limit).
 */
export class FakeClockLoopError extends StageflowError {
  /** How many timers were fired before giving up. */
  readonly jumps: number;
  /** Virtual time at which the clock gave up. */
  readonly now: number;

  /**
   * @param jumps - timers fired before giving up
   * @param now - the clock's virtual time
   * @param pending - sleeps still pending
   */
  constructor(jumps: number, now: number, pending: number) {
    super(
      "FAKE_CLOCK_LOOP",
      `FakeClock.runAll() fired ${jumps} timers and ${pending} sleep(s) are still pending at t=${now} ms: ` +
        "something sleeps in a loop that never ends. Bound the loop, drive time with advance(ms), " +
        "or raise the limit with runAll({ maxJumps }) if this many sleeps is expected.",
    );
    this.name = "FakeClockLoopError";
    this.jumps = jumps;
    this.now = now;
  }
}
