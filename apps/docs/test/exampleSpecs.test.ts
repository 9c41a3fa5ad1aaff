/**
 * @module Runs the vitest specs shown in the guides (`examples/**\/*.spec.ts`), as a user's test folder would.
 */
import { readdirSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { examplesDir } from "../scripts/lib/paths.js";
import "../examples/events/batchingSink.spec.js";
import "../examples/testing/answerStage.spec.js";

// Every spec on disk must be imported above, or the guide would show a test nobody runs.
const imported = ["events/batchingSink.spec.ts", "testing/answerStage.spec.ts"];

describe("example specs", () => {
  it("imports every *.spec.ts under examples/", () => {
    const onDisk = readdirSync(examplesDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".spec.ts"))
      .map((e) => relative(examplesDir, `${e.parentPath}/${e.name}`))
      .sort();
    expect(onDisk).toEqual([...imported].sort());
  });
});
