/**
 * Hostile input: prototype keys, cycles, BigInt, functions, huge strings and deep nesting in snapshots
 * and stage outputs; the frozen snapshot and upstream outputs cannot be changed by a stage.
 */
import {
  ContextSnapshot,
  InvalidSnapshotError,
  Pipeline,
  StageKind,
  defineStage,
  isStageflowError,
  type AnyStageflowEvent,
} from "@stageflow/core";
import { EnrichmentsKey, contextEnrichment } from "@stageflow/enrich";
import { RecordingEventSink } from "@stageflow/testing";
import { afterEach, describe, expect, it } from "vitest";

const MAX_MESSAGE = 10_000;

function snapshotError(init: unknown): InvalidSnapshotError {
  try {
    ContextSnapshot.create(init as never);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSnapshotError);
    expect((error as Error).message.length).toBeLessThan(MAX_MESSAGE);
    return error as InvalidSnapshotError;
  }
  throw new Error("expected ContextSnapshot.create to reject the input");
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
});

describe("hostile snapshots", () => {
  it("never lets a __proto__ key reach Object.prototype", () => {
    const json = JSON.parse(
      '{"metadata": {"__proto__": {"polluted": true}}, "enrichments": {"__proto__": {"polluted": 1}}}',
    ) as object;
    try {
      const snapshot = ContextSnapshot.create(json);
      expect(Object.getPrototypeOf(snapshot.metadata)).toBe(Object.prototype);
    } catch (error) {
      expect(isStageflowError(error)).toBe(true);
      expect((error as Error).message).toContain("__proto__");
    }
  });

  it("keeps constructor and prototype keys as plain data", () => {
    let snapshot: ContextSnapshot | undefined;
    try {
      snapshot = ContextSnapshot.create({ metadata: { constructor: "x", prototype: { a: 1 } } });
    } catch (error) {
      expect(isStageflowError(error)).toBe(true);
      return;
    }
    expect(Object.getOwnPropertyDescriptor(snapshot.metadata, "constructor")?.value).toBe("x");
    expect(typeof Object).toBe("function");
  });

  it("rejects cyclic input with the path of the cycle", () => {
    const input: Record<string, unknown> = { a: 1 };
    input.self = input;
    expect(
      snapshotError({ input }).issues.some((i) => i.path === "input.self" && /cycl/.test(i.message)),
    ).toBe(true);
  });

  it("rejects BigInt, functions and symbols with their paths", () => {
    const error = snapshotError({ metadata: { n: 10n, f: () => 1, s: Symbol("x") } });
    expect(error.issues.map((i) => i.path).sort()).toEqual(["metadata.f", "metadata.n", "metadata.s"]);
  });

  it("rejects nesting 10,000 levels deep without overflowing the stack, in a short message", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const error = snapshotError({ input: deep });
    expect(error.message).toMatch(/deeper than \d+ levels/);
  });

  it("bounds the message when thousands of fields are wrong", () => {
    const messages = Array.from({ length: 5_000 }, () => ({ role: "robot", content: 1 }));
    const error = snapshotError({ conversation: { messages } });
    expect(error.issues.length).toBeGreaterThan(20);
    expect(error.message).toMatch(/and \d+ more/);
  });

  it("accepts a huge string but never echoes it into an error", () => {
    const huge = "x".repeat(5_000_000);
    expect(ContextSnapshot.create({ inputText: huge }).inputText).toHaveLength(5_000_000);
    const error = snapshotError({ inputText: huge, runId: { userId: 42 } });
    expect(error.message).not.toContain("xxxxxxxxxx");
  });
});

describe("what a stage is given cannot be changed", () => {
  it("the snapshot, its input and upstream outputs are frozen for every stage", async () => {
    const attempts: string[] = [];
    const producer = defineStage({ name: "producer", execute: () => ({ list: [1, 2], nested: { a: 1 } }) });
    const vandal = defineStage({
      name: "vandal",
      execute: (ctx) => {
        const tries: Array<() => void> = [
          () => ((ctx.snapshot.input as { user: { name: string } }).user.name = "mallory"),
          () => ((ctx.snapshot as unknown as { inputText: string }).inputText = "changed"),
          () => ((ctx.snapshot.metadata as Record<string, unknown>).x = 1),
          () => (ctx.snapshot.conversation.messages as unknown[]).push({ role: "user", content: "x" }),
          () => (ctx.inputs.get(producer)!.data as { list: number[] }).list.push(3),
          () => ((ctx.inputs.get(producer)!.data as { nested: { a: number } }).nested.a = 2),
          () => ((ctx.inputs.get(producer) as unknown as { status: string }).status = "fail"),
        ];
        for (const attempt of tries) {
          try {
            attempt();
            attempts.push("changed");
          } catch {
            attempts.push("refused");
          }
        }
        return { done: true };
      },
    });
    const reader = defineStage({ name: "reader", execute: (ctx) => ctx.inputs.get(producer)?.data });
    const snapshot = ContextSnapshot.create({
      input: { user: { name: "ada" } },
      conversation: { messages: [] },
    });
    const result = await new Pipeline("frozen")
      .withStage(producer)
      .withStage(vandal, { dependsOn: [producer] })
      .withStage(reader, { dependsOn: [producer, vandal] })
      .run(snapshot);
    expect(attempts).toEqual(Array(7).fill("refused"));
    expect(result.output("reader")?.data).toEqual({ list: [1, 2], nested: { a: 1 } });
    expect(snapshot.input.user.name).toBe("ada");
  });

  it("merged enrichments cannot be changed by a reader, nor polluted by a hostile writer", async () => {
    const hostile = defineStage({
      name: "hostile",
      kind: StageKind.ENRICH,
      execute: () =>
        JSON.parse('{"profile": {"name": "eve", "__proto__": {"polluted": true}}, "tags": ["a"]}') as object,
    });
    const friendly = defineStage({
      name: "friendly",
      kind: StageKind.ENRICH,
      execute: () => ({ profile: { plan: "pro" }, tags: ["b"] }),
    });
    const outcomes: string[] = [];
    const reader = defineStage({
      name: "reader",
      execute: (ctx) => {
        const enrichments = ctx.get(EnrichmentsKey);
        try {
          (enrichments.get("tags") as string[]).push("mine");
          outcomes.push("changed");
        } catch {
          outcomes.push("refused");
        }
        return { profile: enrichments.get("profile"), tags: enrichments.get("tags") };
      },
    });
    const result = await new Pipeline("enrich")
      .withStage(hostile)
      .withStage(friendly)
      .withStage(reader, { dependsOn: [hostile, friendly] })
      .run(ContextSnapshot.create(), {
        plugins: [contextEnrichment({ maxTokens: 100, conflicts: { defaultStrategy: "merge" } })],
      });
    expect(outcomes).toEqual(["refused"]);
    const data = result.output("reader")?.data as { profile: Record<string, unknown>; tags: string[] };
    expect(data.tags).toEqual(["a", "b"]);
    expect(Object.getPrototypeOf(data.profile)).toBe(Object.prototype);
  });
});

describe("hostile stage outputs and event payloads", () => {
  it("freezes a cyclic output without overflowing and passes it downstream", async () => {
    const cyclic = defineStage({
      name: "cyclic",
      execute: () => {
        const node: Record<string, unknown> = { name: "loop" };
        node.self = node;
        return node;
      },
    });
    const next = defineStage({
      name: "next",
      execute: (ctx) => ({ name: (ctx.inputs.get(cyclic)?.data as { name: string }).name }),
    });
    const result = await new Pipeline("cyclic")
      .withStage(cyclic)
      .withStage(next, { dependsOn: [cyclic] })
      .run(ContextSnapshot.create());
    expect(result.status).toBe("completed");
    expect(Object.isFrozen(result.output("cyclic")?.data)).toBe(true);
    expect(result.output("next")?.data).toEqual({ name: "loop" });
  });

  it("a JSON sink that cannot serialise a cyclic or BigInt payload never breaks the run", async () => {
    const serialised: string[] = [];
    const errors: unknown[] = [];
    const jsonSink = { emit: (e: AnyStageflowEvent) => void serialised.push(JSON.stringify(e)) };
    const chatty = defineStage({
      name: "chatty",
      execute: (ctx) => {
        const loop: Record<string, unknown> = {};
        loop.loop = loop;
        ctx.emit("app.debug", loop);
        ctx.emit("app.count", { n: 10n });
        return { ok: true };
      },
    });
    const result = await new Pipeline("json").withStage(chatty).run(ContextSnapshot.create(), {
      eventSink: jsonSink,
      onSinkError: (error) => errors.push(error),
    });
    expect(result.status).toBe("completed");
    expect(result.sinkErrors).toBe(2);
    expect(errors).toHaveLength(2);
    expect(serialised.map((s) => (JSON.parse(s) as { type: string }).type)).toContain("pipeline.started");
  });

  it("records a stage that returns a symbol as a clear failure", async () => {
    const sink = new RecordingEventSink();
    const odd = defineStage({ name: "odd", execute: () => Symbol("nope") as never });
    const result = await new Pipeline("odd")
      .withStage(odd)
      .run(ContextSnapshot.create(), { eventSink: sink });
    expect(result.stages.odd?.status).toBe("fail");
    expect(result.stages.odd?.error?.message).toMatch(/symbol is not a stage result/);
    sink.assertWellFormed();
  });
});
