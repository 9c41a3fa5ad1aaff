/**
 * @module The per-stage numbers of one run, as views on a single buffer.
 * @internal
 */

/** Per-stage fields of one run, by stage index. */
export interface RunArrays {
  /** When each stage started on the run's clock (NaN until it does). */
  readonly startedAt: Float64Array;
  /** How long each settled stage took (ms). */
  readonly durations: Float64Array;
  /** Attempts made per stage. */
  readonly attempts: Int32Array;
  /** Dependencies not yet settled, per stage (a copy of the graph's in-degrees). */
  readonly indegree: Int32Array;
  /** Stages whose dependencies have settled, in the order they became ready. */
  readonly ready: Int32Array;
  /** How many of a stage's dependencies were pruned (graphs with ROUTE stages only). */
  readonly prunedDeps: Int32Array | undefined;
  /** Pending, running or settled, per stage. */
  readonly state: Uint8Array;
  /** Final status code per stage (see `StageRecords`). */
  readonly status: Uint8Array;
  /** 1 for a stage pruned by routing. */
  readonly pruned: Uint8Array;
  /** 1 for a stage its ROUTE parent did not select (graphs with ROUTE stages only). */
  readonly routeRejected: Uint8Array | undefined;
}

/**
 * V8 keeps a typed array of up to 64 bytes inside the JS heap (cheap to allocate); a longer one gets a
 * backing store outside it, which costs far more. A graph this small therefore gets separate arrays.
 */
const SEPARATE_UP_TO = 8;

/**
 * Allocates a run's per-stage arrays. On graphs of more than a handful of stages they are views on one
 * `ArrayBuffer`: each longer typed array would get its own backing store outside the JS heap, and
 * allocating eight of them was a measurable part of a run (≈5% of a 1,000-stage chain).
 * @param indegree - the graph's in-degree per stage (copied)
 * @param withRoutes - whether the graph has ROUTE stages (which need the two routing arrays)
 */
export function allocateRunArrays(indegree: Int32Array, withRoutes: boolean): RunArrays {
  const n = indegree.length;
  let buffer: ArrayBuffer | undefined;
  let offset = 0;
  if (n > SEPARATE_UP_TO)
    buffer = new ArrayBuffer(n * (16 + 4 * (withRoutes ? 4 : 3) + (withRoutes ? 4 : 3)));
  // Widest elements first, so every view starts aligned to its element size.
  const f64 = (): Float64Array => {
    if (buffer === undefined) return new Float64Array(n);
    const view = new Float64Array(buffer, offset, n);
    offset += 8 * n;
    return view;
  };
  const i32 = (): Int32Array => {
    if (buffer === undefined) return new Int32Array(n);
    const view = new Int32Array(buffer, offset, n);
    offset += 4 * n;
    return view;
  };
  const u8 = (): Uint8Array => {
    if (buffer === undefined) return new Uint8Array(n);
    const view = new Uint8Array(buffer, offset, n);
    offset += n;
    return view;
  };
  const arrays: RunArrays = {
    startedAt: f64().fill(Number.NaN),
    durations: f64(),
    attempts: i32(),
    indegree: i32(),
    ready: i32(),
    prunedDeps: withRoutes ? i32() : undefined,
    state: u8(),
    status: u8(),
    pruned: u8(),
    routeRejected: withRoutes ? u8() : undefined,
  };
  arrays.indegree.set(indegree);
  return arrays;
}
