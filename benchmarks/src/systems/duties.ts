/**
 * @module The floor plus the per-stage duties a Stageflow run has to do, and nothing else: what those duties
 * cost on this machine, so that core's distance from the floor can be split into duties and overhead.
 */
import type { Shape } from "../shapes.js";
import type { BenchSystem, Prepared, Probe } from "./system.js";

const NONE: readonly unknown[] = Object.freeze([]);

/** An output as core hands it on: status, data, artifacts and events, frozen. */
class Output {
  readonly status = "ok";
  readonly artifacts = NONE;
  readonly events = NONE;
  constructor(readonly data: number) {
    Object.freeze(this);
  }
}

/** The declared inputs of one stage: names, and outputs looked up by name. */
class Inputs {
  constructor(
    readonly names: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly outputs: ReadonlyArray<Output | undefined>,
  ) {}

  get(name: string): Output | undefined {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`undeclared dependency ${name}`);
    return this.outputs[i];
  }
}

/** One stage's context: built per stage, its inputs view built when first read. */
class Context {
  #inputs: Inputs | undefined;
  readonly attempt = 1;
  constructor(
    private readonly graph: DutiesGraph,
    private readonly stage: number,
    private readonly outputs: ReadonlyArray<Output | undefined>,
  ) {}

  get inputs(): Inputs {
    const g = this.graph;
    return (this.#inputs ??= new Inputs(g.depNames[this.stage]!, g.depIndex[this.stage]!, this.outputs));
  }
}

interface DutiesGraph {
  readonly shape: Shape;
  readonly indegree: Int32Array;
  readonly roots: readonly number[];
  readonly depNames: ReadonlyArray<readonly string[]>;
  readonly depIndex: ReadonlyArray<ReadonlyMap<string, number>>;
  readonly body: (ctx: Context) => Promise<number>;
}

/**
 * The same body as the Stageflow systems: reads every input through the context, by name. A copy of its own,
 * so that the two context classes never share one function's type feedback (which would slow both).
 */
async function execute(ctx: Context): Promise<number> {
  const inputs = ctx.inputs;
  let m = 0;
  for (const name of inputs.names) {
    const v = inputs.get(name)?.data as number;
    if (v > m) m = v;
  }
  return m + 1;
}

/**
 * The floor's scheduler, plus per stage: a context and an inputs view, a frozen output object, one clock
 * reading for its duration (a dependent's start reuses it), and separate fulfilment and rejection handlers.
 */
function runWithDuties(g: DutiesGraph): Promise<Array<Output | undefined>> {
  const { shape, body } = g;
  const remaining = g.indegree.slice();
  const outputs = new Array<Output | undefined>(shape.stages);
  const startedAt = new Float64Array(shape.stages);
  const durations = new Float64Array(shape.stages);
  let left = shape.stages;
  return new Promise((resolve, reject) => {
    const settle = (i: number, value: number): void => {
      const now = Date.now();
      durations[i] = now - startedAt[i]!;
      outputs[i] = new Output(value);
      const next = shape.dependents[i]!;
      for (let k = 0; k < next.length; k++) {
        const d = next[k]!;
        const count = remaining[d]! - 1;
        remaining[d] = count;
        if (count === 0) start(d, now);
      }
      if (--left === 0) resolve(outputs);
    };
    const start = (i: number, now: number): void => {
      startedAt[i] = now;
      body(new Context(g, i, outputs)).then(
        (value) => settle(i, value),
        (error: unknown) => reject(error as Error),
      );
    };
    const now = Date.now();
    for (const r of g.roots) start(r, now);
  });
}

/** The floor with Stageflow's per-stage duties. */
export const dutiesSystem: BenchSystem = {
  id: "duties",
  label: "floor + per-stage duties",
  prepare(shape: Shape, probe?: Probe): Prepared<Array<Output | undefined>> {
    const graph: DutiesGraph = {
      shape,
      indegree: Int32Array.from(shape.deps, (d) => d.length),
      roots: shape.deps.flatMap((d, i) => (d.length === 0 ? [i] : [])),
      depNames: shape.deps.map((d) => d.map((k) => shape.names[k]!)),
      depIndex: shape.deps.map((d) => new Map(d.map((k) => [shape.names[k]!, k]))),
      body:
        probe === undefined
          ? execute
          : (ctx) => {
              probe();
              return execute(ctx);
            },
    };
    return {
      run: () => runWithDuties(graph),
      lastValue: (outputs) => outputs[shape.stages - 1]!.data,
    };
  },
};
