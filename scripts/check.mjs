#!/usr/bin/env node
// The project's full check: build, lint, typecheck, tests (counted from vitest's JSON report),
// package checks (publint + attw) and the docs build. Prints `tests: N passed, N failed` last.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";

process.env.TURBO_TELEMETRY_DISABLED = "1";
const report = ".vitest-report.json";
// Independent chains run side by side; steps within a chain run in order (package checks need the build).
const chains = [
  [
    ["build", "pnpm", ["run", "build"]],
    ["packages", "pnpm", ["run", "check:packages"]],
  ],
  [["typecheck", "pnpm", ["run", "typecheck"]]],
  [["lint", "pnpm", ["run", "lint"]]],
  [["format", "pnpm", ["run", "format:check"]]],
];
if (existsSync("apps/docs/package.json")) chains.push([["docs", "pnpm", ["run", "docs:build"]]]);

/** Runs one step with its output buffered, so parallel steps print as whole blocks. */
function run([name, cmd, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("close", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")} (${code === 0 ? "ok" : "FAILED"}, ${seconds}s)`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    });
  });
}

const failed = [];
const queue = [...chains];
const lanes = Math.max(1, Math.min(chains.length, availableParallelism()));
await Promise.all(
  Array.from({ length: lanes }, async () => {
    for (let chain = queue.shift(); chain !== undefined; chain = queue.shift()) {
      for (const step of chain) {
        if (!(await run(step))) {
          failed.push(step[0]);
          break;
        }
      }
    }
  }),
);

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
