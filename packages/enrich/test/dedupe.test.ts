import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uniqueItems } from "../src/internal/dedupe.js";
import { deepEqual } from "../src/internal/plainData.js";

/** The definition: keep an item unless it is deep-equal to one already kept. */
function reference(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) if (!out.some((kept) => deepEqual(kept, item))) out.push(item);
  return out;
}

class Doc {
  constructor(readonly id: number) {}
}

describe("uniqueItems", () => {
  it("keeps exactly the items the pairwise deep-equality definition keeps, in order", () => {
    const shared = new Doc(1);
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(Number.NaN, -0, 0, undefined, shared, new Doc(1), new Date(5), new Date(5)),
    );
    const item = fc.oneof(
      leaf,
      fc.array(leaf, { maxLength: 3 }),
      fc.dictionary(fc.constantFrom("a", "b", "c"), leaf),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), (items) => {
        const doubled = [...items, ...items.map((v) => structuredCloneOrSame(v))];
        expect(uniqueItems(doubled)).toEqual(reference(doubled));
        expect(uniqueItems(doubled).length).toBe(reference(doubled).length);
      }),
      { numRuns: 300 },
    );
  });

  it("treats objects with the same entries in another key order as equal, and distinct instances as distinct", () => {
    const a = new Doc(1);
    expect(uniqueItems([{ x: 1, y: [1, { z: 2 }] }, { y: [1, { z: 2 }], x: 1 }, a, new Doc(1), a])).toEqual([
      { x: 1, y: [1, { z: 2 }] },
      a,
      new Doc(1),
    ]);
    expect(uniqueItems([Number.NaN, Number.NaN, 0, -0, "0", new Date(1), new Date(1)])).toHaveLength(4);
  });

  it("handles items that contain cycles", () => {
    const loop: Record<string, unknown> = { id: 1 };
    loop.self = loop;
    const twin: Record<string, unknown> = { id: 1 };
    twin.self = twin;
    expect(uniqueItems([loop, { id: 1 }, twin, loop])).toEqual(reference([loop, { id: 1 }, twin, loop]));
  });
});

/** A structural copy of plain data; instances and dates stay as they are (same identity). */
function structuredCloneOrSame(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneOrSame);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, structuredCloneOrSame(v)]),
    );
  return value;
}
