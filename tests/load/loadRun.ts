/**
 * @module The full load run: 10,000 concurrent runs on one shared monitor, with heap figures.
 * Run with `pnpm --filter @stageflow/tests load` (needs `--expose-gc`, which the script passes).
 */
import { runLoad } from "./loadScenario.js";

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
};

const runs = Number(process.argv[2] ?? 10_000);
const before = heapMb();
const started = performance.now();
const outcome = await runLoad(runs, 16);
const elapsed = performance.now() - started;
const during = process.memoryUsage().heapUsed / 1_048_576;
outcome.results = [];
const after = heapMb();
console.log(
  [
    `runs: ${outcome.runs}, completed: ${outcome.completed}, lost or crossed: ${outcome.lostOrCrossed}`,
    `max active stages: ${outcome.maxActive} (cap ${outcome.cap}), timers left: ${outcome.pendingTimers}`,
    `wall time: ${(elapsed / 1000).toFixed(2)} s (${((elapsed * 1000) / (runs * 5)).toFixed(1)} µs per stage, virtual clock)`,
    `heap: ${before.toFixed(1)} MB before, ${during.toFixed(1)} MB holding every result, ${after.toFixed(1)} MB after dropping them (${(((after - before) / before) * 100).toFixed(1)}% vs before)`,
  ].join("\n"),
);
if (outcome.completed !== runs || outcome.lostOrCrossed > 0 || outcome.maxActive > outcome.cap)
  process.exitCode = 1;
