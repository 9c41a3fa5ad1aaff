#!/usr/bin/env node
// The project's full check: build, lint, typecheck, tests (counted from vitest's JSON report),
// package checks (publint + attw) and the docs build. Prints `tests: N passed, N failed` last.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

process.env.TURBO_TELEMETRY_DISABLED = "1";
const report = ".vitest-report.json";
const steps = [
  ["build", "pnpm", ["run", "build"]],
  ["lint", "pnpm", ["run", "lint"]],
  ["format", "pnpm", ["run", "format:check"]],
  ["typecheck", "pnpm", ["run", "typecheck"]],
  ["packages", "pnpm", ["run", "check:packages"]],
];
if (existsSync("apps/docs/package.json")) steps.push(["docs", "pnpm", ["run", "docs:build"]]);

const failed = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) failed.push(name);
}

console.log("\n▶ tests: vitest run");
rmSync(report, { force: true });
const t = spawnSync(
  "pnpm",
  ["exec", "vitest", "run", "--reporter=default", `--reporter=json`, `--outputFile.json=${report}`],
  {
    stdio: "inherit",
  },
);
let passed = 0;
let failedTests = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed = json.numPassedTests ?? 0;
  failedTests = json.numFailedTests ?? 0;
  // A suite that fails to load, or an unhandled error, fails the run without failing a test.
  if (failedTests === 0 && t.status !== 0) failedTests = Math.max(1, json.numFailedTestSuites ?? 0);
} else {
  failedTests = 1;
}
if (t.status !== 0) failed.push("tests");
if (failed.length > 0) console.log(`\nfailed steps: ${failed.join(", ")}`);
console.log(`tests: ${passed} passed, ${failedTests} failed`);
process.exit(failed.length > 0 ? 1 : 0);
