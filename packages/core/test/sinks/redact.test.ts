import { describe, expect, it } from "vitest";
import {
  BufferedEventSink,
  CallbackEventSink,
  CompositeEventSink,
  ContextSnapshot,
  InvalidOptionsError,
  LoggingEventSink,
  Pipeline,
  REDACTED,
  createRedactor,
  defineStage,
  type AnyStageflowEvent,
} from "../../src/index.js";

const event = (data: unknown): AnyStageflowEvent => ({
  type: "app.login",
  timestamp: 1,
  runId: "r",
  pipeline: "p",
  stage: "s",
  data,
});

describe("redaction", () => {
  it("masks named fields anywhere in data, ignoring case, _ and -, and leaves the envelope alone", () => {
    const apply = createRedactor(["apiKey", "email"], "test");
    const out = apply(
      event({
        api_key: "k",
        user: { EMAIL: "a@b.c", name: "ada" },
        list: [{ "e-mail": "x" }, { email: "y" }],
      }),
    );
    expect(out).toEqual({
      ...event(undefined),
      data: {
        api_key: REDACTED,
        user: { EMAIL: REDACTED, name: "ada" },
        list: [{ "e-mail": REDACTED }, { email: REDACTED }],
      },
    });
  });

  it("never mutates the original event and survives cycles", () => {
    const data: Record<string, unknown> = { token: "t" };
    data.self = data;
    const original = event(data);
    const out = createRedactor(["token"], "test")(original);
    expect((out?.data as Record<string, unknown>).token).toBe(REDACTED);
    expect((out?.data as Record<string, unknown>).self).toBe("[Circular]");
    expect(data.token).toBe("t");
  });

  it("copies an object shared by two fields into both, and masks inside each copy", () => {
    const shared = { status: 200, apiKey: "k" };
    const out = createRedactor(["apiKey"], "test")(event({ req: shared, res: shared }));
    expect(out?.data).toEqual({
      req: { status: 200, apiKey: REDACTED },
      res: { status: 200, apiKey: REDACTED },
    });
  });

  it("keeps the JSON form of dates, errors, sets and maps instead of emptying them", () => {
    const error = Object.assign(new Error("upstream 502"), { code: "E_UPSTREAM" });
    const out = createRedactor(
      ["apiKey"],
      "test",
    )(
      event({
        at: new Date(0),
        error,
        tags: new Set(["a", "b"]),
        headers: new Map([
          ["apiKey", "k"],
          ["accept", "json"],
        ]),
      }),
    );
    expect(out?.data).toEqual({
      at: "1970-01-01T00:00:00.000Z",
      error: { name: "Error", message: "upstream 502", code: "E_UPSTREAM" },
      tags: ["a", "b"],
      headers: { apiKey: REDACTED, accept: "json" },
    });
  });

  it("gives a field whose getter throws no value instead of failing the delivery", () => {
    const data = {
      ok: 1,
      get broken(): never {
        throw new Error("getter");
      },
    };
    expect(createRedactor(["apiKey"], "test")(event(data))?.data).toEqual({ ok: 1, broken: undefined });
  });

  it("accepts a function that rewrites or drops events", () => {
    const seen: AnyStageflowEvent[] = [];
    const sink = new CallbackEventSink((e) => void seen.push(e), {
      redact: (e) => (e.type === "app.secret" ? undefined : e),
    });
    void sink.emit(event({}));
    void sink.emit({ ...event({}), type: "app.secret" });
    expect(seen.map((e) => e.type)).toEqual(["app.login"]);
  });

  it("rejects a redact option that is neither field names nor a function", () => {
    expect(() => new CallbackEventSink(() => undefined, { redact: "email" as never })).toThrow(
      InvalidOptionsError,
    );
  });

  it("is applied by every built-in sink before delivery, inside a real run", async () => {
    const logged: object[] = [];
    const logger = {
      debug: (o: object) => void logged.push(o),
      info: (o: object) => void logged.push(o),
      warn: (o: object) => void logged.push(o),
      error: (o: object) => void logged.push(o),
    };
    const viaCallback: AnyStageflowEvent[] = [];
    const viaBuffer: AnyStageflowEvent[] = [];
    const buffered = new BufferedEventSink({
      target: { emit: (e) => void viaBuffer.push(e) },
      redact: ["password"],
    });
    const sink = new CompositeEventSink(
      [
        new LoggingEventSink({ logger, redact: ["password"] }),
        new CallbackEventSink((e) => void viaCallback.push(e), { redact: ["password"] }),
        buffered,
      ],
      { redact: ["email"] },
    );
    const login = defineStage({
      name: "login",
      execute: (ctx) => {
        ctx.emit("app.login", { email: "a@b.c", password: "hunter2", ok: true });
        return { ok: true };
      },
    });
    await new Pipeline("secrets").withStage(login).run(ContextSnapshot.create(), { eventSink: sink });
    await buffered.flush();
    for (const delivered of [viaCallback, viaBuffer, logged as AnyStageflowEvent[]]) {
      const login = delivered.find((e) => e.type === "app.login");
      expect(login?.data).toEqual({ email: REDACTED, password: REDACTED, ok: true });
    }
    expect(JSON.stringify([viaCallback, viaBuffer, logged])).not.toMatch(/hunter2|a@b\.c/);
  });
});
