/**
 * @module A small seeded random source, so every demo run with the same seed behaves the same.
 */

/**
 * Creates a deterministic random source (mulberry32) returning numbers in [0, 1).
 * @param seed - any 32-bit integer
 * @returns the source
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent seed for a named purpose, so adding a new random consumer does not shift
 * the numbers every other consumer sees.
 * @param seed - the demo's seed
 * @param purpose - a stable name (`"model"`, `"memory"`)
 * @returns a 32-bit seed
 */
export function deriveSeed(seed: number, purpose: string): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 16777619);
  return h >>> 0;
}
