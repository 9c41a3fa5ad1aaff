import { InvalidOptionsError } from "@stageflow/core";
import { BackoffStrategy, computeRetryDelay, JitterStrategy } from "@stageflow/retry";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const base = { baseDelayMs: 100, maxDelayMs: 1000 } as const;

function sequence(backoff: BackoffStrategy, attempts: number): number[] {
  return Array.from({ length: attempts }, (_, i) =>
    computeRetryDelay({ ...base, attempt: i + 1, backoff, jitter: JitterStrategy.NONE }),
  );
}

describe("computeRetryDelay", () => {
  describe("backoff without jitter", () => {
    it("doubles from baseDelayMs for EXPONENTIAL and stops at maxDelayMs", () => {
      expect(sequence(BackoffStrategy.EXPONENTIAL, 6)).toEqual([100, 200, 400, 800, 1000, 1000]);
    });

    it("grows by baseDelayMs per attempt for LINEAR and stops at maxDelayMs", () => {
      expect(sequence(BackoffStrategy.LINEAR, 12)).toEqual([
        100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1000, 1000,
      ]);
    });

    it("waits baseDelayMs every time for CONSTANT", () => {
      expect(sequence(BackoffStrategy.CONSTANT, 4)).toEqual([100, 100, 100, 100]);
    });

    it("stays at the cap for very late attempts instead of overflowing", () => {
      const d = computeRetryDelay({ ...base, attempt: 5000, backoff: "exponential", jitter: "none" });
      expect(d).toBe(1000);
    });

    it("returns 0 for a zero base delay whatever the attempt", () => {
      const d = computeRetryDelay({
        attempt: 2000,
        baseDelayMs: 0,
        maxDelayMs: 10,
        backoff: "exponential",
        jitter: "none",
      });
      expect(d).toBe(0);
    });
  });

  describe("jitter with an injected random source", () => {
    const at = (jitter: JitterStrategy, r: number, attempt = 3): number =>
      computeRetryDelay({ ...base, attempt, backoff: "exponential", jitter, random: () => r });

    it("spreads FULL jitter over [0, d]", () => {
      expect(at("full", 0)).toBe(0);
      expect(at("full", 0.5)).toBe(200);
      expect(at("full", 0.999)).toBeCloseTo(399.6);
    });

    it("spreads EQUAL jitter over [d/2, d]", () => {
      expect(at("equal", 0)).toBe(200);
      expect(at("equal", 0.5)).toBe(300);
      expect(at("equal", 0.999)).toBeCloseTo(399.8);
    });

    it("applies the cap before jitter, so FULL jitter on a capped delay stays within [0, maxDelayMs]", () => {
      expect(at("full", 0.5, 10)).toBe(500);
      expect(at("equal", 0, 10)).toBe(500);
    });

    it("keeps a faulty random source's draws inside [0, 1)", () => {
      expect(at("full", -3)).toBe(0);
      expect(at("full", 7)).toBeLessThan(400);
      expect(at("full", Number.NaN)).toBe(0);
    });

    it("holds every jitter within its documented range for any draw", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          fc.constantFrom(...Object.values(BackoffStrategy)),
          (attempt, r, backoff) => {
            const input = { ...base, attempt, backoff, random: () => r };
            const d = computeRetryDelay({ ...input, jitter: "none" });
            const full = computeRetryDelay({ ...input, jitter: "full" });
            const equal = computeRetryDelay({ ...input, jitter: "equal" });
            expect(d).toBeLessThanOrEqual(1000);
            expect(full).toBeGreaterThanOrEqual(0);
            expect(full).toBeLessThanOrEqual(d);
            expect(equal).toBeGreaterThanOrEqual(d / 2);
            expect(equal).toBeLessThanOrEqual(d);
          },
        ),
      );
    });
  });

  describe("decorrelated jitter", () => {
    const next = (previousDelayMs: number | undefined, r: number): number =>
      computeRetryDelay({
        ...base,
        attempt: 1,
        backoff: "exponential",
        jitter: "decorrelated",
        random: () => r,
        ...(previousDelayMs === undefined ? {} : { previousDelayMs }),
      });

    it("starts from baseDelayMs when there is no previous delay", () => {
      expect(next(undefined, 0)).toBe(100);
      expect(next(undefined, 0.5)).toBe(200); // uniform [100, 300]
    });

    it("grows to three times the previous delay with the top draw, then holds at maxDelayMs", () => {
      const delays: number[] = [];
      let previous: number | undefined;
      for (let i = 0; i < 5; i++) {
        previous = next(previous, 1 - Number.EPSILON);
        delays.push(Math.round(previous));
      }
      expect(delays).toEqual([300, 900, 1000, 1000, 1000]);
    });

    it("never falls below baseDelayMs, even after a previous delay shorter than base / 3", () => {
      expect(next(10, 0.7)).toBe(100);
    });

    it("stays within [baseDelayMs, min(maxDelayMs, previous · 3)] for any draw", () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 5000, noNaN: true }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (prev, r) => {
            const d = next(prev, r);
            expect(d).toBeGreaterThanOrEqual(Math.min(100, 1000));
            expect(d).toBeLessThanOrEqual(Math.min(1000, Math.max(100, prev * 3)));
          },
        ),
      );
    });
  });

  describe("validation", () => {
    const valid = {
      attempt: 1,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      backoff: "exponential",
      jitter: "none",
    } as const;

    it("names the closest key for a snake_case option", () => {
      expect(() => computeRetryDelay({ ...valid, base_delay_ms: 5 } as never)).toThrow(
        /Did you mean "baseDelayMs"/,
      );
    });

    it("rejects an attempt that is not an integer ≥ 1", () => {
      expect(() => computeRetryDelay({ ...valid, attempt: 0 })).toThrow(InvalidOptionsError);
      expect(() => computeRetryDelay({ ...valid, attempt: 1.5 })).toThrow(/attempt must be an integer/);
    });

    it("rejects negative or non-finite delays", () => {
      expect(() => computeRetryDelay({ ...valid, baseDelayMs: -1 })).toThrow(/baseDelayMs/);
      expect(() => computeRetryDelay({ ...valid, maxDelayMs: Infinity })).toThrow(/maxDelayMs/);
    });

    it("suggests the right spelling of a strategy", () => {
      expect(() => computeRetryDelay({ ...valid, backoff: "EXPONENTIAL" as never })).toThrow(
        /Did you mean "exponential"/,
      );
      expect(() => computeRetryDelay({ ...valid, jitter: "decorelated" as never })).toThrow(
        /Did you mean "decorrelated"/,
      );
    });
  });
});
