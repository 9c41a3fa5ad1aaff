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
  // Widest elements first, so every view starts aligned to its element size.
  const int32s = withRoutes ? 4 : 3;
  const bytes = withRoutes ? 4 : 3;
  const buffer = n > SEPARATE_UP_TO ? new ArrayBuffer(n * (2 * 8 + int32s * 4 + bytes)) : undefined;
  let offset = 0;
  const take = <T extends { readonly byteLength: number }>(kind: TypedArrayKind<T>): T => {
    if (buffer === undefined) return new kind(n);
    const view = new kind(buffer, offset, n);
    offset += view.byteLength;
    return view;
  };
  const arrays: RunArrays = {
    startedAt: take(Float64Array).fill(Number.NaN),
    durations: take(Float64Array),
    attempts: take(Int32Array),
    indegree: take(Int32Array),
    ready: take(Int32Array),
    prunedDeps: withRoutes ? take(Int32Array) : undefined,
    state: take(Uint8Array),
    status: take(Uint8Array),
    pruned: take(Uint8Array),
    routeRejected: withRoutes ? take(Uint8Array) : undefined,
  };
  arrays.indegree.set(indegree);
  return arrays;
}

/** A typed array constructor: a fresh array of `n` elements, or a view on part of a buffer. */
interface TypedArrayKind<T> {
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
}
