import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  ContextSnapshotSchema,
  InvalidSnapshotError,
  isStageflowError,
} from "../../src/index.js";

function issuesOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSnapshotError);
    return [...(error as InvalidSnapshotError).issues];
  }
  throw new Error("expected an InvalidSnapshotError");
}

describe("ContextSnapshot", () => {
  describe("create", () => {
    it("fills defaults, generates a run id and records the creation time", () => {
      const snap = ContextSnapshot.create();
      expect(snap.runId.pipelineRunId).toMatch(/\S+/);
      expect(snap.runId).toMatchObject({
        requestId: null,
        sessionId: null,
        userId: null,
        orgId: null,
        interactionId: null,
      });
      expect(snap.input).toBeNull();
      expect(snap.inputText).toBeNull();
      expect(snap.conversation).toEqual({ messages: [], routingDecision: null });
      expect(snap.enrichments).toEqual({});
      expect(snap.extensions).toEqual({});
      expect(snap.metadata).toEqual({});
      expect(snap.topology).toBeNull();
      expect(snap.executionMode).toBeNull();
      expect(Number.isNaN(Date.parse(snap.createdAt))).toBe(false);
      expect(ContextSnapshot.create().runId.pipelineRunId).not.toBe(snap.runId.pipelineRunId);
    });

    it("keeps every given field, with a typed input payload", () => {
      const snap = ContextSnapshot.create({
        runId: { pipelineRunId: "run-1", userId: "u1", orgId: "o1" },
        input: { question: "refunds?", topK: 3 },
        inputText: "What is the refund policy?",
        conversation: {
          messages: [{ role: "user", content: "hi", timestamp: "2026-01-01T00:00:00.000Z" }],
          routingDecision: { route: "faq", confidence: 0.9 },
        },
        enrichments: { profile: { tier: "gold" } },
        extensions: { billing: { plan: "pro" } },
        topology: "chat_fast",
        executionMode: "practice",
        metadata: { source: "web" },
        createdAt: "2026-01-02T03:04:05.000Z",
      });
      const question: string = snap.input.question;
      expect(question).toBe("refunds?");
      expect(snap.runId).toMatchObject({
        pipelineRunId: "run-1",
        userId: "u1",
        orgId: "o1",
        sessionId: null,
      });
      expect(snap.conversation.routingDecision?.route).toBe("faq");
      expect(snap.createdAt).toBe("2026-01-02T03:04:05.000Z");
    });

    it("is deeply frozen and does not alias the caller's objects", () => {
      const input = { nested: { list: [1, 2, { deep: true }] } };
      const snap = ContextSnapshot.create({ input, metadata: { tags: ["a"] } });
      expect(Object.isFrozen(snap)).toBe(true);
      expect(Object.isFrozen(snap.input)).toBe(true);
      expect(Object.isFrozen(snap.input.nested.list)).toBe(true);
      expect(Object.isFrozen(snap.input.nested.list[2])).toBe(true);
      expect(Object.isFrozen(snap.metadata.tags)).toBe(true);
      expect(Object.isFrozen(snap.runId)).toBe(true);
      expect(Object.isFrozen(snap.conversation.messages)).toBe(true);
      input.nested.list.push(3);
      expect(snap.input.nested.list).toHaveLength(3);
      expect(() => {
        (snap.input.nested as { list: unknown }).list = [];
      }).toThrow(TypeError);
    });

    it("freezes empty objects and arrays too", () => {
      const a = ContextSnapshot.create({ input: { list: [], extra: {} } });
      const b = ContextSnapshot.create({ input: { list: [], extra: {} } });
      for (const empty of [a.metadata, a.enrichments, a.extensions, a.conversation.messages, a.input.extra]) {
        expect(Object.isFrozen(empty)).toBe(true);
      }
      expect(Reflect.set(a.metadata, "leak", 1)).toBe(false);
      expect(() => (a.input.list as unknown[]).push(1)).toThrow(TypeError);
      expect(b.metadata).toEqual({});
      expect(b.input).toEqual({ list: [], extra: {} });
      expect(ContextSnapshot.fromJSON(a.toJSON()).toJSON()).toEqual(a.toJSON());
    });

    it("holds no object twice, so a structured clone of its JSON has no aliased fields", () => {
      const clone = structuredClone(ContextSnapshot.create({ input: { tags: [], extra: {} } }).toJSON());
      (clone.metadata as Record<string, unknown>).tenant = "t1";
      (clone.conversation.messages as unknown[]).push({ role: "user", content: "hi" });
      expect(clone.enrichments).toEqual({});
      expect(clone.extensions).toEqual({});
      expect(clone.input).toEqual({ tags: [], extra: {} });
    });

    it("rejects a __proto__ key instead of dropping it silently or touching prototypes", () => {
      const input = JSON.parse('{"ok": 1, "nested": {"__proto__": {"polluted": true}}}') as Record<
        string,
        unknown
      >;
      expect(issuesOf(() => ContextSnapshot.create({ input }))).toEqual([
        { path: "input.nested.__proto__", message: 'the key "__proto__" is not allowed; rename it' },
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("rejects a __proto__ key among the snapshot's own fields too", () => {
      const init = JSON.parse('{"inputText": "hi", "__proto__": {"polluted": true}}') as Record<
        string,
        unknown
      >;
      expect(issuesOf(() => ContextSnapshot.create(init))).toEqual([
        { path: "__proto__", message: 'the key "__proto__" is not allowed; rename it' },
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe("JSON round trip", () => {
    it("fromJSON(toJSON()) and fromJSON(JSON text) reproduce the snapshot exactly", () => {
      const snap = ContextSnapshot.create({
        runId: { sessionId: "s1" },
        input: { a: [1, { b: null }], c: "x" },
        inputText: "hello",
        conversation: { messages: [{ role: "assistant", content: "yo", name: "bot", metadata: { k: 1 } }] },
        enrichments: { memory: ["m1"] },
        extensions: { app: { v: 2 } },
        metadata: { m: true },
      });
      const fromObject = ContextSnapshot.fromJSON(snap.toJSON());
      const fromText = ContextSnapshot.fromJSON(JSON.stringify(snap));
      expect(fromObject.toJSON()).toEqual(snap.toJSON());
      expect(fromText.toJSON()).toEqual(snap.toJSON());
      expect(JSON.stringify(fromText)).toBe(JSON.stringify(snap));
      expect(Object.isFrozen(fromText.input)).toBe(true);
      expect(ContextSnapshotSchema.parse(snap.toJSON())).toEqual(snap.toJSON());
      expect(ContextSnapshot.isSnapshot(fromText)).toBe(true);
      expect(ContextSnapshot.isSnapshot(snap.toJSON())).toBe(false);
    });

    it("rejects malformed JSON text and non-objects", () => {
      expect(issuesOf(() => ContextSnapshot.fromJSON("{not json"))[0]?.message).toMatch(/not valid JSON/);
      expect(issuesOf(() => ContextSnapshot.fromJSON([]))).toEqual([
        { path: "", message: "expected an object of snapshot fields" },
      ]);
      expect(issuesOf(() => ContextSnapshot.create(5 as never))[0]?.path).toBe("");
    });

    it("requires a run id and a creation time in serialised form", () => {
      const paths = issuesOf(() => ContextSnapshot.fromJSON({})).map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["runId", "createdAt"]));
    });
  });

  describe("validation", () => {
    it("lists every bad path at once, suggesting the closest field for an unknown one", () => {
      const issues = issuesOf(() =>
        ContextSnapshot.create({
          inputtext: "typo",
          runId: { userId: 5, user_Id: "x" },
          conversation: { messages: [{ role: "robot", content: "x" }] },
          createdAt: "yesterday",
        } as never),
      );
      const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
      expect(byPath.inputtext).toBe('unknown field; did you mean "inputText"?');
      expect(byPath["runId.user_Id"]).toBe('unknown field; did you mean "userId"?');
      expect(byPath["runId.userId"]).toBeDefined();
      expect(byPath["conversation.messages[0].role"]).toBeDefined();
      expect(byPath.createdAt).toBeDefined();
      expect(issues).toHaveLength(5);
    });

    it("reports a cyclic input, a BigInt and values JSON cannot carry, alongside schema problems", () => {
      const cyclic: Record<string, unknown> = { name: "loop" };
      cyclic.self = cyclic;
      const issues = issuesOf(() =>
        ContextSnapshot.create({
          input: {
            cyclic,
            big: 10n,
            fn: () => 1,
            when: new Date(0),
            nan: Number.NaN,
            list: [1, Symbol("s"), undefined],
          },
          topology: 7,
        } as never),
      );
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: "input.cyclic.self", message: "cyclic reference" },
          { path: "input.big", message: "a bigint is not JSON" },
          { path: "input.fn", message: "a function is not JSON" },
          { path: "input.when", message: "a Date is not a plain JSON object" },
          { path: "input.nan", message: "NaN is not a finite number" },
          { path: "input.list[1]", message: "a symbol is not JSON" },
          { path: "input.list[2]", message: "undefined is not JSON (leave the entry out, or use null)" },
        ]),
      );
      expect(issues.map((i) => i.path)).toContain("topology");
      expect(issues).toHaveLength(8);
    });

    it("rejects nesting deeper than 64 levels without overflowing the stack", () => {
      let deep: unknown = "bottom";
      for (let i = 0; i < 10_000; i++) deep = { d: deep };
      const issues = issuesOf(() => ContextSnapshot.create({ metadata: { deep } }));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toBe("nested deeper than 64 levels");
      expect(issues[0]?.path.startsWith("metadata.deep.d.d")).toBe(true);
    });

    it("has a message that names each path, is a StageflowError and bounds its length", () => {
      const input = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, BigInt(i)]));
      try {
        ContextSnapshot.create({ input } as never);
        expect.unreachable();
      } catch (error) {
        const e = error as InvalidSnapshotError;
        expect(isStageflowError(e)).toBe(true);
        expect(e.code).toBe("INVALID_SNAPSHOT");
        expect(e.issues).toHaveLength(50);
        expect(e.message).toContain("input.k0: a bigint is not JSON");
        expect(e.message).toContain("… and 30 more");
      }
    });
  });
});
