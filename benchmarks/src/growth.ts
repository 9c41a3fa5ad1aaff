/**
 * @module How the cost per stage grows with N: each system timed at a small and a large size of the same
 * family in the same rounds, so that the growth is a ratio of two batches run back to back.
 */
import { prepareEntry, timeRounds, type MeasureOptions, type TimedEntry } from "./measure.js";
import { shapesAt, type Shape, type ShapeFamily } from "./shapes.js";
import { median } from "./stats.js";
import type { BenchSystem, SystemId } from "./systems/system.js";

/** One system's growth on one family. */
export interface SystemGrowth {
  readonly system: SystemId;
  /** µs per stage at the small size, median over rounds. */
  readonly smallUs: number;
  /** µs per stage at the large size, median over rounds. */
  readonly largeUs: number;
  /** Large over small in each round. */
  readonly ratios: readonly number[];
  /** The median of `ratios`. */
  readonly growth: number;
}

/** The growth of every measured system on one shape family. */
export interface GrowthResult {
  readonly family: ShapeFamily;
  /** Size classes compared: the large one's cost per stage over the small one's. */
  readonly sizes: readonly [number, number];
  readonly systems: readonly SystemGrowth[];
}

function shapeOf(family: ShapeFamily, size: number): Shape {
  const shape = shapesAt(size).find((s) => s.family === family);
  if (shape === undefined) throw new Error(`no ${family} shape at size ${size}`);
  return shape;
}

/**
 * Times each system at both sizes of `family`, every batch of every system at both sizes interleaved in
 * each round, and reports each system's growth as the median over rounds of (large / small). Measuring the two
 * sizes at different times, as the per-shape tables do, lets a change in the machine's state between
 * them read as growth; here both sides of every ratio see the same state.
 * @param family - the shape family
 * @param systems - the systems to compare (each is built at both sizes)
 * @param sizes - the small and the large size class
 * @param options - rounds, batch length and timer, as for the per-shape tables
 * @returns each system's growth; a system skipped at either size is left out
 * @throws Error when a system computes a wrong value
 */
export async function measureGrowth(
  family: ShapeFamily,
  systems: readonly BenchSystem[],
  sizes: readonly [number, number],
  options: MeasureOptions,
): Promise<GrowthResult> {
  const pairs: Array<[TimedEntry, TimedEntry]> = [];
  for (const system of systems) {
    const small = await prepareEntry(system, shapeOf(family, sizes[0]), options);
    const large = await prepareEntry(system, shapeOf(family, sizes[1]), options);
    if (typeof small !== "string" && typeof large !== "string") pairs.push([small, large]);
  }
  await timeRounds(pairs.flat(), options.rounds, options.timer);
  return {
    family,
    sizes,
    systems: pairs.map(([small, large]) => {
      const ratios = large.samples.map((v, k) => v / small.samples[k]!);
      return {
        system: small.system.id,
        smallUs: median(small.samples),
        largeUs: median(large.samples),
        ratios,
        growth: median(ratios),
      };
    }),
  };
}
