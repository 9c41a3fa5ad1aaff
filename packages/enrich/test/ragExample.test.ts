// The README's RAG example is `examples/rag.ts` verbatim (with stand-in services): it runs as documented.
import { afterEach, expect, it, vi } from "vitest";
import { readme, sample } from "./readmeSample.js";

afterEach(() => {
  vi.restoreAllMocks();
});

it("shows the RAG example verbatim, and it runs as its comments and the README say", async () => {
  expect(readme).toContain(sample("rag.ts"));
  const printed: unknown[][] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  await import("./examples/rag.js");
  const [budget, truncation, conflicts] = printed.slice(-3).map(([value]) => value);
  expect(budget).toMatchObject({ maxTokens: 400, reservedTokens: 100, usedTokens: 299, availableTokens: 1 });
  expect(truncation).toMatchObject({ eventCount: 1, totalTokensRemoved: 285, strategiesUsed: { head: 1 } });
  expect(conflicts).toEqual([
    { field: "topics", oldWriter: "retrieve", newWriter: "profile", resolution: "merge" },
  ]);
  // What the sink printed during the run, as the README's next paragraph says.
  const types = printed.slice(0, -3).map(([type]) => type);
  expect(types).toEqual(
    expect.arrayContaining(["context.conflict", "context.near_limit", "context.truncation"]),
  );
  expect(types.at(-1)).toBe("pipeline.completed");
});
