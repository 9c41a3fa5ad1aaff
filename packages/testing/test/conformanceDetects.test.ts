import { fileURLToPath } from "node:url";
import { startVitest } from "vitest/node";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/brokenSinks.fixture.ts", import.meta.url));

/** Runs the fixture's suites in a nested vitest and returns the outcome of every test by "suite > test". */
async function runFixture(): Promise<Map<string, string>> {
  const exitCode = process.exitCode;
  const vitest = await startVitest("test", [fixture], {
    root,
    include: ["packages/testing/test/fixtures/*.fixture.ts"],
    typecheck: { enabled: false },
    watch: false,
    reporters: [{}], // an empty reporter: the expected failures must not look like ours in the output
    silent: true,
    pool: "threads",
  });
  const outcomes = new Map<string, string>();
  try {
    for (const module of vitest.state.getTestModules()) {
      for (const test of module.children.allTests()) {
        outcomes.set(
          `${test.parent.type === "suite" ? test.parent.name : ""} > ${test.name}`,
          test.result().state,
        );
      }
    }
  } finally {
    await vitest.close();
    process.exitCode = exitCode; // the nested run's expected failures must not fail this process
  }
  return outcomes;
}

describe("testEventSinkConformance", () => {
  it("fails sinks that throw, reject, reorder, drop or rewrite events, naming the broken rule", async () => {
    const outcomes = await runFixture();
    const failed = [...outcomes].filter(([, state]) => state === "failed").map(([name]) => name);
    expect(failed).toEqual(
      expect.arrayContaining([
        "throws on some built-in types > accepts every built-in event type (23 types) without throwing or rejecting",
        "rejects on null data > accepts custom event types, stage and attempt fields, and data of any shape",
        "reorders on flush > preserves the order of each run's events when runs interleave",
        "silently drops every tenth event > accepts every built-in event type (23 types) without throwing or rejecting",
        "rewrites events > accepts every built-in event type (23 types) without throwing or rejecting",
      ]),
    );
    // A sink that only rejects on null data is otherwise fine: the other rules pass for it.
    expect(
      outcomes.get("rejects on null data > preserves the order of each run's events when runs interleave"),
    ).toBe("passed");
  }, 60_000);
});
