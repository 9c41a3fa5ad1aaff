/**
 * @module `pnpm demo`: runs the support-chat pipeline once, or as a burst with `--runs`.
 */
import { parseArgs, USAGE } from "./args.js";
import { runBurst, runSingle } from "./runDemo.js";

const args = parseArgs(process.argv.slice(2));
if (args === "help") {
  console.log(USAGE);
} else {
  const out = {
    write: (text: string) => void process.stdout.write(text),
    isTTY: process.stdout.isTTY === true,
  };
  if (args.runs === 1) {
    out.write(`Question: ${args.question}\n\n`);
    await runSingle({ seed: args.seed, outDir: args.outDir, question: args.question, out });
  } else {
    out.write(`Burst: ${args.runs} runs, ${args.concurrency} at a time (seed ${args.seed})\n`);
    await runBurst({
      seed: args.seed,
      outDir: args.outDir,
      question: args.question,
      out,
      runs: args.runs,
      concurrency: args.concurrency,
    });
  }
}
