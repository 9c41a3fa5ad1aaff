/**
 * @module Command-line options of the demo.
 */

/** What the demo was asked to do. */
export interface DemoArgs {
  /** Number of runs; 1 shows live progress and a full report, more runs a burst. */
  readonly runs: number;
  /** Runs in flight at once during a burst. */
  readonly concurrency: number;
  /** Seed for the model stand-in and every simulated dependency. */
  readonly seed: number;
  /** Where the event log, SVG and HTML are written. */
  readonly outDir: string;
  /** The question the single run answers. */
  readonly question: string;
}

const DEFAULTS: DemoArgs = {
  runs: 1,
  concurrency: 1,
  seed: 42,
  outDir: ".demo-output",
  question: "How long do refunds take for annual plans?",
};

const FLAGS = ["runs", "concurrency", "seed", "out", "question", "help"] as const;

/** The usage text. */
export const USAGE = `Usage: pnpm demo [-- --runs N] [--concurrency N] [--seed N] [--out DIR] [--question TEXT]

  --runs N          number of runs (default 1: live progress and a full report; more: a burst)
  --concurrency N   runs in flight at once during a burst (default 1)
  --seed N          seed for the model stand-in and simulated dependencies (default 42)
  --out DIR         where the event log, SVG and HTML go (default .demo-output)
  --question TEXT   the question of a single run`;

/**
 * Parses `--flag value` pairs.
 * @param argv - arguments after the script name
 * @returns the options, or `"help"`
 * @throws Error naming an unknown flag or a bad number
 */
export function parseArgs(argv: readonly string[]): DemoArgs | "help" {
  const out: { -readonly [K in keyof DemoArgs]: DemoArgs[K] } = { ...DEFAULTS };
  const args = argv.filter((a) => a !== "--");
  for (let i = 0; i < args.length; i++) {
    const flag = (args[i] as string).replace(/^--/, "");
    if (!(FLAGS as readonly string[]).includes(flag))
      throw new Error(`unknown option "${args[i]}".\n${USAGE}`);
    if (flag === "help") return "help";
    const value = args[++i];
    if (value === undefined) throw new Error(`option --${flag} needs a value.`);
    if (flag === "out") out.outDir = value;
    else if (flag === "question") out.question = value;
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (flag === "seed" ? 0 : 1))
        throw new Error(`--${flag} must be a whole number ≥ 1, got "${value}".`);
      if (flag === "runs") out.runs = n;
      else if (flag === "concurrency") out.concurrency = n;
      else out.seed = n;
    }
  }
  return out;
}
