import { InvalidOptionsError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitState, type CircuitTransition } from "../src/index.js";

function recorder(): {
  transitions: string[];
  at: (now: number) => { now: number; onTransition: (t: CircuitTransition) => void };
} {
  const transitions: string[] = [];
  return {
    transitions,
    at: (now) => ({
      now,
      onTransition: (t) => transitions.push(`${t.key}:${t.from}->${t.to}@${t.failures}`),
    }),
  };
}

describe("CircuitBreaker", () => {
  describe("consecutive breaker", () => {
    it("opens after failureThreshold failures in a row and refuses calls until halfOpenAfterMs", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 3, halfOpenAfterMs: 1_000 });
      const r = recorder();
      for (let i = 0; i < 3; i++) {
        expect(breaker.tryAcquire("api", r.at(i))).toEqual({ allowed: true, probe: false });
        breaker.recordFailure("api", { ...r.at(i), probe: false });
      }
      expect(breaker.stateOf("api")).toBe(CircuitState.OPEN);
      expect(r.transitions).toEqual(["api:closed->open@3"]);
      expect(breaker.tryAcquire("api", r.at(502))).toEqual({
        allowed: false,
        state: "open",
        retryAfterMs: 500,
      });
      expect(breaker.stateOf("other")).toBe(CircuitState.CLOSED);
    });

    it("resets the count on a success", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 2 });
      breaker.recordFailure("k", { now: 0, probe: false });
      breaker.recordSuccess("k", { now: 0, probe: false });
      breaker.recordFailure("k", { now: 0, probe: false });
      expect(breaker.stateOf("k")).toBe(CircuitState.CLOSED);
      expect(breaker.failuresOf("k")).toBe(1);
    });

    it("lets one probe through when half-open and closes after a successful probe", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 100 });
      const r = recorder();
      breaker.recordFailure("k", { ...r.at(0), probe: false });
      expect(breaker.tryAcquire("k", r.at(100))).toEqual({ allowed: true, probe: true });
      expect(breaker.tryAcquire("k", r.at(100))).toEqual({
        allowed: false,
        state: "half_open",
        retryAfterMs: 0,
      });
      breaker.recordSuccess("k", { ...r.at(150), probe: true });
      expect(breaker.stateOf("k")).toBe(CircuitState.CLOSED);
      expect(r.transitions).toEqual(["k:closed->open@1", "k:open->half_open@1", "k:half_open->closed@1"]);
      expect(breaker.failuresOf("k")).toBe(0);
    });

    it("re-opens on a failed probe and waits a full halfOpenAfterMs from then", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 100 });
      breaker.recordFailure("k", { now: 0, probe: false });
      expect(breaker.tryAcquire("k", { now: 120 })).toMatchObject({ allowed: true, probe: true });
      breaker.recordFailure("k", { now: 130, probe: true });
      expect(breaker.stateOf("k")).toBe(CircuitState.OPEN);
      expect(breaker.tryAcquire("k", { now: 200 })).toEqual({
        allowed: false,
        state: "open",
        retryAfterMs: 30,
      });
      expect(breaker.tryAcquire("k", { now: 230 })).toMatchObject({ allowed: true, probe: true });
    });

    it("needs successThreshold successful probes to close and allows halfOpenMaxProbes at once", () => {
      const breaker = new CircuitBreaker({
        failureThreshold: 1,
        halfOpenAfterMs: 0,
        halfOpenMaxProbes: 2,
        successThreshold: 2,
      });
      breaker.recordFailure("k", { now: 0, probe: false });
      expect(breaker.tryAcquire("k", { now: 0 })).toMatchObject({ allowed: true, probe: true });
      expect(breaker.tryAcquire("k", { now: 0 })).toMatchObject({ allowed: true, probe: true });
      expect(breaker.tryAcquire("k", { now: 0 }).allowed).toBe(false);
      breaker.recordSuccess("k", { now: 1, probe: true });
      expect(breaker.stateOf("k")).toBe(CircuitState.HALF_OPEN);
      breaker.recordSuccess("k", { now: 2, probe: true });
      expect(breaker.stateOf("k")).toBe(CircuitState.CLOSED);
    });

    it("frees a probe slot for a call that neither succeeded nor failed", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 0 });
      breaker.recordFailure("k", { now: 0, probe: false });
      expect(breaker.tryAcquire("k", { now: 0 })).toMatchObject({ allowed: true, probe: true });
      breaker.releaseProbe("k", true);
      expect(breaker.tryAcquire("k", { now: 0 })).toMatchObject({ allowed: true, probe: true });
    });

    it("ignores late results of calls admitted before the circuit opened", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 100 });
      breaker.tryAcquire("k", { now: 0 });
      breaker.tryAcquire("k", { now: 0 });
      breaker.recordFailure("k", { now: 1, probe: false });
      breaker.recordSuccess("k", { now: 2, probe: false });
      expect(breaker.stateOf("k")).toBe(CircuitState.OPEN);
    });
  });

  describe("sliding-window breaker", () => {
    it("opens when the failure rate of the last calls reaches the threshold, once minimumCalls are in", () => {
      const breaker = new CircuitBreaker({
        slidingWindow: { size: 4, failureRateThreshold: 0.5 },
        halfOpenAfterMs: 10,
      });
      const r = recorder();
      const call = (failed: boolean): void =>
        failed
          ? breaker.recordFailure("w", { ...r.at(0), probe: false })
          : breaker.recordSuccess("w", { ...r.at(0), probe: false });
      call(true);
      call(true); // 2 of 2 failed, but fewer than 4 calls
      expect(breaker.stateOf("w")).toBe(CircuitState.CLOSED);
      call(false);
      call(false);
      call(false); // window: F S S S
      call(true); // window: S S S F → 25 %
      expect(breaker.stateOf("w")).toBe(CircuitState.CLOSED);
      call(true); // window: S S F F → 50 %
      expect(breaker.stateOf("w")).toBe(CircuitState.OPEN);
      expect(r.transitions).toEqual(["w:closed->open@2"]);
      expect(breaker.failuresOf("w")).toBe(2);
    });

    it("does not care about failures in a row, only the rate", () => {
      const breaker = new CircuitBreaker({
        slidingWindow: { size: 10, failureRateThreshold: 0.9, minimumCalls: 5 },
      });
      for (const failed of [true, true, true, true, false, true, true, true, true]) {
        if (failed) breaker.recordFailure("w", { now: 0, probe: false });
        else breaker.recordSuccess("w", { now: 0, probe: false });
      }
      expect(breaker.stateOf("w")).toBe(CircuitState.CLOSED); // 8 of 9 < 90 %
      breaker.recordFailure("w", { now: 0, probe: false });
      expect(breaker.stateOf("w")).toBe(CircuitState.OPEN); // 9 of 10
    });
  });

  describe("serialisation", () => {
    it("round-trips through JSON and keeps refusing until the saved wait is over", () => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, halfOpenAfterMs: 1_000 });
      breaker.recordFailure("a", { now: 5_000, probe: false });
      breaker.recordFailure("a", { now: 5_000, probe: false });
      breaker.recordFailure("b", { now: 5_000, probe: false });
      const saved = JSON.parse(JSON.stringify(breaker)) as ReturnType<CircuitBreaker["toJSON"]>;
      expect(saved).toEqual({
        version: 1,
        circuits: {
          a: { state: "open", consecutiveFailures: 2, window: [], openedAt: 5_000, probeSuccesses: 0 },
          b: { state: "closed", consecutiveFailures: 1, window: [], openedAt: null, probeSuccesses: 0 },
        },
      });
      const restored = CircuitBreaker.fromJSON(saved, { failureThreshold: 2, halfOpenAfterMs: 1_000 });
      expect(restored.tryAcquire("a", { now: 5_400 })).toEqual({
        allowed: false,
        state: "open",
        retryAfterMs: 600,
      });
      expect(restored.tryAcquire("a", { now: 6_000 })).toEqual({ allowed: true, probe: true });
      restored.recordFailure("b", { now: 6_000, probe: false });
      expect(restored.stateOf("b")).toBe(CircuitState.OPEN);
      expect(new CircuitBreaker({ initialState: saved }).toJSON()).toEqual(saved);
    });

    it("keeps a sliding window's outcomes", () => {
      const breaker = new CircuitBreaker({ slidingWindow: { size: 3, failureRateThreshold: 1 } });
      breaker.recordFailure("w", { now: 0, probe: false });
      breaker.recordSuccess("w", { now: 0, probe: false });
      const restored = new CircuitBreaker({
        slidingWindow: { size: 3, failureRateThreshold: 0.5 },
        initialState: breaker.toJSON(),
      });
      expect(restored.toJSON().circuits.w?.window).toEqual([1, 0]);
      restored.recordFailure("w", { now: 0, probe: false });
      expect(restored.stateOf("w")).toBe(CircuitState.OPEN);
    });

    it("rejects malformed saved state with a message naming the circuit", () => {
      expect(() => new CircuitBreaker({ initialState: { version: 2 } as never })).toThrow(/version: 1/);
      expect(
        () =>
          new CircuitBreaker({ initialState: { version: 1, circuits: { x: { state: "ajar" } } } as never }),
      ).toThrow(/circuits\["x"\]: state must be one of closed, open, half_open/);
      expect(
        () =>
          new CircuitBreaker({
            initialState: { version: 1, circuits: { x: { state: "open", openedAt: null } } } as never,
          }),
      ).toThrow(/needs openedAt/);
    });
  });

  it("reset closes one circuit or all of them", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    breaker.recordFailure("a", { now: 0, probe: false });
    breaker.recordFailure("b", { now: 0, probe: false });
    breaker.reset("a");
    expect([breaker.stateOf("a"), breaker.stateOf("b")]).toEqual(["closed", "open"]);
    breaker.reset();
    expect(breaker.stateOf("b")).toBe("closed");
  });

  it("validates its options, naming the closest key", () => {
    expect(() => new CircuitBreaker({ failure_threshold: 3 } as never)).toThrow(
      /Did you mean "failureThreshold"/,
    );
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(InvalidOptionsError);
    expect(
      () =>
        new CircuitBreaker({ failureThreshold: 2, slidingWindow: { size: 5, failureRateThreshold: 0.5 } }),
    ).toThrow(/not both/);
    expect(() => new CircuitBreaker({ slidingWindow: { size: 5, failureRateThreshold: 0 } })).toThrow(
      /failureRateThreshold/,
    );
    expect(
      () => new CircuitBreaker({ slidingWindow: { size: 5, failureRateThreshold: 0.5, minimumCalls: 6 } }),
    ).toThrow(/minimumCalls/);
    expect(() => new CircuitBreaker({ halfOpenAfterMs: -1 })).toThrow(/halfOpenAfterMs/);
  });
});
