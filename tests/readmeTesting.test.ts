/**
 * The testing package's README samples that use `@stageflow/retry`, which that package cannot depend on
 * (retry's tests depend on it): they live here, where every package is a dependency.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../packages/testing/README.md", import.meta.url), "utf8");

/** The lines of `readme/<file>` between `// #region <region>` and the next `// #endregion`. */
function region(file: string, name: string): string {
  const text = readFileSync(new URL(`./readme/${file}`, import.meta.url), "utf8");
  const start = text.indexOf(`// #region ${name}\n`);
  const end = text.indexOf("// #endregion", start);
  if (start < 0 || end < 0) throw new Error(`readme/${file} has no region "${name}"`);
  return text.slice(start + `// #region ${name}\n`.length, end).trim();
}

describe("testing README", () => {
  it("shows the runStage sample verbatim, and its expectations hold", async () => {
    expect(readme).toContain(region("runStage.ts", "runStage"));
    await expect(import("./readme/runStage.js")).resolves.toBeDefined(); // rejects if an expectation fails
  });

  it("shows the matchers sample verbatim: they pass on the run's events and fail on others", async () => {
    expect(readme).toContain(region("matchers.ts", "matchers"));
    await import("./readme/matchers.js"); // throws if a matcher fails
    const { sink } = await import("./readme/stages.js");
    expect(() => expect(sink).toHaveEmitted("stage.failed")).toThrow(/stage\.failed/);
    expect(() => expect(sink).toHaveEmittedTimes("stage.started", 1)).toThrow();
    expect(() => expect(sink).toHaveEmittedInOrder(["stage.retry_scheduled", "pipeline.started"])).toThrow();
  });
});
