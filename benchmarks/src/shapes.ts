/**
 * @module The graph shapes the benchmarks run, as dependency lists over stage indices in topological order.
 */

/** One benchmark graph: stage `i` depends on the stages listed in `deps[i]`, all with smaller indices. */
export interface Shape {
  /** Shape family, used to group rows in the report. */
  readonly family: ShapeFamily;
  /** A short label such as `"chain 1,000"`. */
  readonly label: string;
  /** The size class (100, 1,000 or 10,000); `stages` may differ slightly for layered shapes. */
  readonly size: number;
  /** Number of stages. */
  readonly stages: number;
  /** Dependencies of each stage (indices into the same list). */
  readonly deps: ReadonlyArray<readonly number[]>;
  /** Dependents of each stage, derived from `deps`. */
  readonly dependents: ReadonlyArray<readonly number[]>;
  /** Stage names (`s0`, `s1`, …), shared by every system. */
  readonly names: readonly string[];
  /** The value the last stage must compute: the number of stages on the longest path ending there. */
  readonly expected: number;
}

/** The shape families. `diamond5` is the 5-stage per-run overhead pipeline. */
export type ShapeFamily = "chain" | "fanout" | "layered" | "diamond5";

/** Width × depth of the layered diamond used for each size class. */
export const LAYERED_DIMENSIONS: Readonly<Record<number, readonly [number, number]>> = {
  100: [10, 10],
  1000: [30, 30],
  10000: [100, 100],
};

function finish(family: ShapeFamily, label: string, size: number, deps: number[][]): Shape {
  const n = deps.length;
  const dependents: number[][] = Array.from({ length: n }, () => []);
  const depth = new Array<number>(n).fill(0);
  deps.forEach((list, i) => {
    let m = 0;
    for (const d of list) {
      if (d >= i) throw new Error(`shape ${label}: stage ${i} depends on a later stage ${d}`);
      (dependents[d] as number[]).push(i);
      m = Math.max(m, depth[d] as number);
    }
    depth[i] = m + 1;
  });
  const names = Array.from({ length: n }, (_, i) => `s${i}`);
  return { family, label, size, stages: n, deps, dependents, names, expected: depth[n - 1] as number };
}

/** A linear chain: each stage depends on the previous one. */
export function chain(n: number): Shape {
  return finish(
    "chain",
    `chain ${n.toLocaleString("en-US")}`,
    n,
    Array.from({ length: n }, (_, i) => (i === 0 ? [] : [i - 1])),
  );
}

/** One source, `n - 2` independent middle stages reading it, and one sink reading all of them. */
export function fanOut(n: number): Shape {
  if (n < 3) throw new Error("fan-out needs at least 3 stages");
  const deps: number[][] = [[]];
  for (let i = 1; i < n - 1; i++) deps.push([0]);
  deps.push(Array.from({ length: n - 2 }, (_, k) => k + 1));
  return finish("fanout", `fan-out 1→${(n - 2).toLocaleString("en-US")}→1`, n, deps);
}

/**
 * `depth` layers of `width` stages; every stage after the first layer depends on its three
 * neighbours (left, same, right column, wrapping around) in the layer above, so the graph is a band
 * of overlapping diamonds with a bounded in-degree (≈ 3 edges per stage).
 */
export function layered(width: number, depth: number, size = width * depth): Shape {
  const deps: number[][] = [];
  for (let layer = 0; layer < depth; layer++) {
    for (let col = 0; col < width; col++) {
      if (layer === 0) {
        deps.push([]);
        continue;
      }
      const above = (layer - 1) * width;
      const cols = new Set([(col + width - 1) % width, col, (col + 1) % width]);
      deps.push([...cols].sort((a, b) => a - b).map((c) => above + c));
    }
  }
  return finish("layered", `layered ${width}×${depth}`, size, deps);
}

/** The 5-stage diamond of the per-run benchmark: a → (b, c, d) → e. */
export function diamond5(): Shape {
  return finish("diamond5", "5-stage diamond", 5, [[], [0], [0], [0], [1, 2, 3]]);
}

/** The three scaling shapes at one size class. */
export function shapesAt(size: number): Shape[] {
  const dims = LAYERED_DIMENSIONS[size];
  const [width, depth] = dims ?? [Math.round(Math.sqrt(size)), Math.round(Math.sqrt(size))];
  return [chain(size), fanOut(size), layered(width, depth, size)];
}

/**
 * A scaling shape by family name (`chain`, `fanout` or `layered`) and size, as the command-line tools take it;
 * a layered shape is the square nearest to `size`.
 */
export function shapeByName(name: string, size: number): Shape {
  if (name === "chain") return chain(size);
  if (name === "fanout") return fanOut(size);
  if (name === "layered") {
    const side = Math.round(Math.sqrt(size));
    return layered(side, side);
  }
  throw new Error(`unknown shape ${name}; choose chain, fanout or layered`);
}
