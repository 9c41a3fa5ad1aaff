// The README's conformance sample declares its suite when imported: its tests check MyHttpSink.
import { expect, it } from "vitest";
import "./examples/conformance.js";
import { readme, sample } from "./readmeSample.js";

it("shows the conformance sample verbatim", () => {
  expect(readme).toContain(sample("conformance.ts", "conformance"));
});
