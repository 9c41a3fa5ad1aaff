"use strict";

var zod = require("zod");

// src/stageKind.ts
var StageKind = {
  /** Reshapes data (prompt building, LLM calls, parsing). */
  TRANSFORM: "transform",
  /** Adds context before a model call (profile, memory, retrieval). */
  ENRICH: "enrich",
  /** Selects which dependent branches run, via `StageOutput.ok({ route })`. */
  ROUTE: "route",
  /** Checks input or output (moderation, validation) and may cancel the run. */
  GUARD: "guard",
  /** Side effects (writes, notifications). */
  WORK: "work",
  /** An agent loop or tool use. */
  AGENT: "agent",
};
var StageStatus = {
  /** Succeeded; `data` holds the result. */
  OK: "ok",
  /** Chose not to run or was pruned; dependents still run and can read it. */
  SKIP: "skip",
  /** Cancels the whole run. */
  CANCEL: "cancel",
  /** Failed; under fail-fast this aborts the run. */
  FAIL: "fail",
  /** Failed but asks to be retried; without a retry interceptor it counts as a failure. */
  RETRY: "retry",
};
var KINDS = new Set(Object.values(StageKind));
function isStageKind(value) {
  return typeof value === "string" && KINDS.has(value);
}

// src/stageOutput.ts
var OUTPUT_BRAND = /* @__PURE__ */ Symbol.for("stageflow.output");
var EMPTY = Object.freeze([]);
var FrozenOutput = class {
  constructor(status, data, parts) {
    const out = this;
    out.status = status;
    out.data = data;
    out.artifacts = parts?.artifacts ?? EMPTY;
    out.events = parts?.events ?? EMPTY;
    if (parts?.error !== void 0) out.error = parts.error;
    if (parts?.reason !== void 0) out.reason = parts.reason;
    if (parts?.durationMs !== void 0) out.durationMs = parts.durationMs;
    Object.freeze(this);
  }
};
Object.defineProperty(FrozenOutput.prototype, OUTPUT_BRAND, { value: true });
function makeOutput(status, data, parts) {
  return new FrozenOutput(status, data, parts);
}
function asError(error) {
  return error instanceof Error ? error : new Error(typeof error === "string" ? error : String(error));
}
var StageOutput = {
  /**
   * A successful output.
   * @param data - the stage's result
   * @param extras - artifacts, events, duration
   * @example `return StageOutput.ok({ answer })`
   */
  ok(data, extras) {
    return makeOutput(StageStatus.OK, data, extras);
  },
  /**
   * The stage decided not to do its work; dependents still run and can read this output.
   * @param reason - why it skipped
   * @param data - optional partial data
   */
  skip(reason, data, extras) {
    return makeOutput(StageStatus.SKIP, data, { ...extras, reason: reason ?? "skipped by stage" });
  },
  /**
   * Cancels the whole run (e.g. a guard rejected the input); the run resolves as `cancelled`.
   * @param reason - why the run is cancelled
   * @param data - optional data (e.g. a refusal message)
   */
  cancel(reason, data, extras) {
    return makeOutput(StageStatus.CANCEL, data, { ...extras, reason: reason ?? "cancelled by stage" });
  },
  /**
   * A failed output; under fail-fast it aborts the run.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  fail(error, data, extras) {
    return makeOutput(StageStatus.FAIL, data, { ...extras, error: asError(error) });
  },
  /**
   * This attempt failed and should be retried; without a retry interceptor it counts as a failure.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  retry(error, data, extras) {
    return makeOutput(StageStatus.RETRY, data, { ...extras, error: asError(error) });
  },
};
function isStageOutput(value) {
  return typeof value === "object" && value !== null && value[OUTPUT_BRAND] === true;
}

// src/internal/callTarget.ts
var DEFINITIONS = /* @__PURE__ */ new WeakMap();
function registerDefinition(stage, definition) {
  DEFINITIONS.set(stage, definition);
}
function callTargetOf(stage) {
  return DEFINITIONS.get(stage) ?? stage;
}

// src/errors/stageflowError.ts
var STAGEFLOW_ERROR = /* @__PURE__ */ Symbol.for("stageflow.error");
var StageflowError = class extends Error {
  /** Stable machine-readable code, e.g. `"CYCLE_DETECTED"`. */
  code;
  /** @internal brand checked by {@link isStageflowError}. */
  [STAGEFLOW_ERROR] = true;
  /**
   * @param code - stable machine-readable code
   * @param message - what went wrong, where, and how to fix it
   * @param options - optional `cause`
   */
  constructor(code, message, options) {
    super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "StageflowError";
    this.code = code;
  }
};
function brandStageflowError(error, code) {
  Object.defineProperty(error, STAGEFLOW_ERROR, { value: true, enumerable: false });
  Object.defineProperty(error, "code", { value: code, enumerable: true, writable: false });
  return error;
}
function isStageflowError(value) {
  return typeof value === "object" && value !== null && value[STAGEFLOW_ERROR] === true;
}

// src/errors/invalidOptionsError.ts
var InvalidOptionsError = class extends StageflowError {
  /** Where the options were given (`"Pipeline.withStage"`, `"RetryInterceptor"`, …). */
  where;
  /**
   * @param where - where the options were given
   * @param message - what is wrong and how to fix it
   */
  constructor(where, message) {
    super("INVALID_OPTIONS", `${where}: ${message}`);
    this.name = "InvalidOptionsError";
    this.where = where;
  }
};

// src/options.ts
function distance(a, b) {
  const prev = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
var STAGE_OPTION_KEYS = ["dependsOn", "when", "interceptors", "timeoutMs", "branch"];
var normalise = (s) => s.toLowerCase().replace(/[_\-\s]/g, "");
function closestMatch(input, candidates) {
  const target = normalise(input);
  let best;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const norm2 = normalise(candidate);
    const prefix =
      (target.length >= 3 && norm2.startsWith(target)) || (norm2.length >= 3 && target.startsWith(norm2));
    const score = prefix ? Math.min(1, distance(target, norm2)) : distance(target, norm2);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(target.length / 3));
  return bestScore <= limit ? best : void 0;
}
function assertKnownOptions(where, options, known) {
  if (options === void 0) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError(
      where,
      `expected an options object, got ${options === null ? "null" : typeof options}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = closestMatch(key, known);
    throw new InvalidOptionsError(
      where,
      `unknown option "${key}".${hint ? ` Did you mean "${hint}"?` : ""} Valid options: ${known.join(", ")}.`,
    );
  }
}

// src/stage.ts
var DEFINITION_KEYS = ["name", "kind", "output", "execute"];
function assertNoPlacementOptions(definition) {
  if (typeof definition !== "object" || definition === null) return;
  for (const key of Object.keys(definition)) {
    if (DEFINITION_KEYS.includes(key)) continue;
    const placement = closestMatch(key, STAGE_OPTION_KEYS);
    if (placement === void 0 || closestMatch(key, DEFINITION_KEYS) !== void 0) continue;
    const named =
      key === placement
        ? `"${key}" is not an option of a stage.`
        : `"${key}" is not an option of a stage. Did you mean "${placement}"?`;
    throw new InvalidOptionsError(
      "defineStage",
      `${named} It is given where the stage is added: pipeline.withStage(stage, { ${placement}: \u2026 }). defineStage takes: ${DEFINITION_KEYS.join(", ")}.`,
    );
  }
}
function defineStage(definition) {
  assertNoPlacementOptions(definition);
  assertKnownOptions("defineStage", definition, DEFINITION_KEYS);
  validateStageShape(definition, "defineStage");
  const execute = (ctx) => definition.execute(ctx);
  const source = definition.execute;
  Object.defineProperty(execute, "toString", { value: () => Function.prototype.toString.call(source) });
  const stage = {
    name: definition.name,
    kind: definition.kind ?? "transform",
    output: definition.output,
    execute,
  };
  Object.freeze(stage);
  registerDefinition(stage, definition);
  return stage;
}
function validateStageShape(value, where) {
  const s = value;
  if (typeof s !== "object" || s === null) throw new InvalidOptionsError(where, "expected a stage object.");
  if (typeof s.name !== "string" || s.name.length === 0) {
    throw new InvalidOptionsError(where, "a stage needs a non-empty string name.");
  }
  if (s.kind !== void 0 && !isStageKind(s.kind)) {
    throw new InvalidOptionsError(
      where,
      `stage "${s.name}" has unknown kind "${String(s.kind)}"; use a StageKind value.`,
    );
  }
  if (typeof s.execute !== "function") {
    throw new InvalidOptionsError(where, `stage "${s.name}" needs an execute(ctx) function.`);
  }
  const schema = s.output;
  if (schema !== void 0 && (typeof schema !== "object" || schema === null || !("~standard" in schema))) {
    throw new InvalidOptionsError(
      where,
      `stage "${s.name}" has an output that is not a Standard Schema (zod, valibot, \u2026).`,
    );
  }
}

// src/errors/invalidSnapshotError.ts
var MAX_LISTED = 20;
var InvalidSnapshotError = class extends StageflowError {
  /** Every issue found (the message lists at most the first 20). */
  issues;
  /** @param issues - every issue found */
  constructor(issues) {
    const listed = issues
      .slice(0, MAX_LISTED)
      .map((i) => `  - ${i.path === "" ? "(root)" : i.path}: ${i.message}`)
      .join("\n");
    const more =
      issues.length > MAX_LISTED
        ? `
  \u2026 and ${issues.length - MAX_LISTED} more`
        : "";
    super(
      "INVALID_SNAPSHOT",
      `Invalid context snapshot (${issues.length} issue(s)):
${listed}${more}`,
    );
    this.name = "InvalidSnapshotError";
    this.issues = issues;
  }
};
var optionalId = zod.z.string().min(1).nullable().default(null);
var RunIdentitySchema = zod.z
  .strictObject({
    /** Unique id of this pipeline run; generated when absent. Appears as `runId` on every event. */
    pipelineRunId: zod.z.string().min(1).describe("Unique id of this pipeline run; generated when absent."),
    /** The inbound request that started the run (e.g. an HTTP request id). */
    requestId: optionalId.describe("The inbound request that started the run."),
    /** The chat or app session. */
    sessionId: optionalId.describe("The chat or app session."),
    /** The end user. */
    userId: optionalId.describe("The end user."),
    /** The tenant or organisation. */
    orgId: optionalId.describe("The tenant or organisation."),
    /** One user turn or interaction within a session. */
    interactionId: optionalId.describe("One user turn or interaction within a session."),
  })
  .describe("Run identity.");
var MessageSchema = zod.z.strictObject({
  role: zod.z.enum(["system", "user", "assistant", "tool"]).describe("Who wrote the message."),
  content: zod.z.string().describe("The message text."),
  name: zod.z.string().optional().describe("Tool or participant name."),
  timestamp: zod.z.iso.datetime().optional().describe("When the message was written (ISO 8601)."),
  metadata: zod.z
    .record(zod.z.string(), zod.z.json())
    .optional()
    .describe("Free-form JSON about the message."),
});
var RoutingDecisionSchema = zod.z.strictObject({
  route: zod.z.string().min(1).describe("The route chosen."),
  confidence: zod.z.number().min(0).max(1).optional().describe("Confidence in [0, 1]."),
  reason: zod.z.string().optional().describe("Why this route."),
});
var ConversationSchema = zod.z
  .strictObject({
    messages: zod.z.array(MessageSchema).default([]).describe("Messages so far, oldest first."),
    routingDecision: RoutingDecisionSchema.nullable()
      .default(null)
      .describe("A routing decision, if one was taken."),
  })
  .describe("The conversation so far.");
var ContextSnapshotSchema = zod.z.strictObject({
  runId: RunIdentitySchema,
  input: zod.z.json().nullable().default(null).describe("Typed free-form input payload of the run (JSON)."),
  inputText: zod.z.string().nullable().default(null).describe("The user's text input, when the run has one."),
  conversation: ConversationSchema.default({ messages: [], routingDecision: null }),
  enrichments: zod.z
    .record(zod.z.string(), zod.z.json())
    .default({})
    .describe("Context added before the run or by ENRICH stages (profile, memory, documents)."),
  extensions: zod.z
    .record(zod.z.string(), zod.z.json())
    .default({})
    .describe("Typed application-specific data, by namespace."),
  topology: zod.z
    .string()
    .nullable()
    .default(null)
    .describe('Name of the pipeline topology (e.g. "chat_fast").'),
  executionMode: zod.z
    .string()
    .nullable()
    .default(null)
    .describe('Mode the run executes in (e.g. "practice", "doc_edit").'),
  metadata: zod.z.record(zod.z.string(), zod.z.json()).default({}).describe("Free-form JSON metadata."),
  createdAt: zod.z.iso.datetime().describe("When the snapshot was created (ISO 8601)."),
});

// src/snapshot/jsonSafety.ts
var MAX_DEPTH = 64;
var MAX_ISSUES = 50;
function describeType(value) {
  if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}
function joinPath(base, key) {
  if (typeof key === "number") return `${base}[${key}]`;
  return base === "" ? key : `${base}.${key}`;
}
function inspectJson(root) {
  const issues = [];
  const ancestors = /* @__PURE__ */ new Set();
  const keys = [];
  const report2 = (message, key) => {
    if (issues.length < MAX_ISSUES) {
      let path = "";
      for (const k of keys) path = joinPath(path, k);
      issues.push({ path: key === void 0 ? path : joinPath(path, key), message });
    }
    return null;
  };
  const walk = (value2, depth) => {
    if (value2 === null || typeof value2 === "string" || typeof value2 === "boolean") return value2;
    if (typeof value2 === "number")
      return Number.isFinite(value2) ? value2 : report2(`${value2} is not a finite number`);
    if (value2 === void 0) return report2("undefined is not JSON (leave the entry out, or use null)");
    if (typeof value2 !== "object") return report2(`a ${describeType(value2)} is not JSON`);
    if (ancestors.has(value2)) return report2("cyclic reference");
    if (depth > MAX_DEPTH) return report2(`nested deeper than ${MAX_DEPTH} levels`);
    const proto = Object.getPrototypeOf(value2);
    const isArray = Array.isArray(value2);
    if (!isArray && proto !== Object.prototype && proto !== null) {
      return report2(`a ${describeType(value2)} is not a plain JSON object`);
    }
    ancestors.add(value2);
    let copy;
    if (isArray) {
      const out = new Array(value2.length);
      for (let i = 0; i < value2.length; i++) {
        keys.push(i);
        out[i] = walk(value2[i], depth + 1);
        keys.pop();
      }
      copy = out;
    } else {
      const out = {};
      for (const key of Object.keys(value2)) {
        const child = value2[key];
        if (child === void 0) continue;
        if (key === "__proto__") {
          report2('the key "__proto__" is not allowed; rename it', key);
          continue;
        }
        keys.push(key);
        out[key] = walk(child, depth + 1);
        keys.pop();
      }
      copy = out;
    }
    ancestors.delete(value2);
    return copy;
  };
  const value = walk(root, 0);
  return { issues, value };
}
var EMPTY_OBJECT = Object.freeze({});
var EMPTY_ARRAY = Object.freeze([]);
function frozenCopy(value) {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY_ARRAY;
    const out2 = new Array(value.length);
    for (let i = 0; i < value.length; i++) out2[i] = frozenCopy(value[i]);
    return Object.freeze(out2);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return EMPTY_OBJECT;
  const out = {};
  for (const key of keys) {
    const child = value[key];
    if (child !== void 0) out[key] = frozenCopy(child);
  }
  return Object.freeze(out);
}

// src/snapshot/contextSnapshot.ts
var KNOWN_KEYS = /* @__PURE__ */ new Map([
  ["", Object.keys(ContextSnapshotSchema.shape)],
  ["runId", Object.keys(RunIdentitySchema.shape)],
  ["conversation", Object.keys(ConversationSchema.shape)],
  ["conversation.messages", Object.keys(MessageSchema.shape)],
  ["conversation.routingDecision", Object.keys(RoutingDecisionSchema.shape)],
]);
function newId() {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
var lastCreatedMs = Number.NaN;
var lastCreatedAt = "";
function nowIso() {
  const ms = Date.now();
  if (ms !== lastCreatedMs) {
    lastCreatedAt = new Date(ms).toISOString();
    lastCreatedMs = ms;
  }
  return lastCreatedAt;
}
function fillMissingIdentity(copy) {
  if (typeof copy !== "object" || copy === null) return;
  const fields = copy;
  const runId = fields.runId;
  if (runId === void 0 || runId === null) fields.runId = { pipelineRunId: newId() };
  else if (typeof runId === "object" && !Array.isArray(runId)) {
    const partial = runId;
    if (partial.pipelineRunId === void 0) partial.pipelineRunId = newId();
  }
  fields.createdAt ??= nowIso();
}
function zodIssues(error) {
  const out = [];
  for (const issue of error.issues) {
    const path = issue.path.reduce(
      (at, key) => joinPath(at, typeof key === "number" ? key : String(key)),
      "",
    );
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const known = KNOWN_KEYS.get(path.replace(/\[\d+\]/g, ""));
        const hint = known === void 0 ? void 0 : closestMatch(key, known);
        out.push({
          path: joinPath(path, key),
          message: `unknown field${hint ? `; did you mean "${hint}"?` : ""}`,
        });
      }
    } else {
      out.push({
        path,
        message: issue.message.length > 300 ? `${issue.message.slice(0, 300)}\u2026` : issue.message,
      });
    }
  }
  return out;
}
var ContextSnapshot = class _ContextSnapshot {
  /** Run identity. */
  runId;
  /** Typed input payload (`null` when none was given). */
  input;
  /** The user's text input. */
  inputText;
  /** Conversation so far. */
  conversation;
  /** Context added before the run. */
  enrichments;
  /** Typed application data. */
  extensions;
  /** Topology name. */
  topology;
  /** Execution mode. */
  executionMode;
  /** Free-form metadata. */
  metadata;
  /** ISO 8601 creation time. */
  createdAt;
  constructor(data) {
    this.runId = frozenCopy(data.runId);
    this.input = frozenCopy(data.input);
    this.inputText = data.inputText;
    this.conversation = frozenCopy(data.conversation);
    this.enrichments = frozenCopy(data.enrichments);
    this.extensions = frozenCopy(data.extensions);
    this.topology = data.topology;
    this.executionMode = data.executionMode;
    this.metadata = frozenCopy(data.metadata);
    this.createdAt = data.createdAt;
    Object.freeze(this);
  }
  /**
   * Creates a validated, deeply frozen snapshot. Missing ids are generated and `createdAt` defaults to now.
   * @param init - any subset of the snapshot's fields
   * @returns the snapshot
   * @throws {@link InvalidSnapshotError} listing every bad path
   */
  static create(init = {}) {
    if (typeof init !== "object" || init === null || Array.isArray(init)) {
      throw new InvalidSnapshotError([{ path: "", message: "expected an object of snapshot fields" }]);
    }
    return _ContextSnapshot.#parse(init, true);
  }
  /**
   * Rebuilds a snapshot from `toJSON()` output (or its JSON text), validating it.
   * @param json - the object, or a JSON string
   * @returns the snapshot
   * @throws {@link InvalidSnapshotError} listing every bad path (also for malformed JSON text)
   */
  static fromJSON(json) {
    let value = json;
    if (typeof json === "string") {
      try {
        value = JSON.parse(json);
      } catch (error) {
        throw new InvalidSnapshotError([{ path: "", message: `not valid JSON: ${error.message}` }]);
      }
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new InvalidSnapshotError([{ path: "", message: "expected an object of snapshot fields" }]);
    }
    return _ContextSnapshot.#parse(value);
  }
  /** Tells whether a value is a snapshot built by this class. */
  static isSnapshot(value) {
    return value instanceof _ContextSnapshot;
  }
  /**
   * @param fillIdentity - give a missing run id and creation time fresh ones (`create`; `fromJSON` does not)
   */
  static #parse(value, fillIdentity = false) {
    const inspected = inspectJson(value);
    if (fillIdentity) fillMissingIdentity(inspected.value);
    const parsed = ContextSnapshotSchema.safeParse(inspected.value);
    if (parsed.success && inspected.issues.length === 0) return new _ContextSnapshot(parsed.data);
    const unsafe = inspected.issues;
    const covered = (path) =>
      unsafe.some((u) => path === u.path || path.startsWith(`${u.path}.`) || path.startsWith(`${u.path}[`));
    const invalid = parsed.success ? [] : zodIssues(parsed.error).filter((i) => !covered(i.path));
    throw new InvalidSnapshotError([...unsafe, ...invalid]);
  }
  /**
   * The snapshot as plain JSON; `ContextSnapshot.fromJSON(snapshot.toJSON())` is equal to `snapshot`.
   * @returns the fields, in schema order
   */
  toJSON() {
    return {
      runId: this.runId,
      input: this.input,
      inputText: this.inputText,
      conversation: this.conversation,
      enrichments: this.enrichments,
      extensions: this.extensions,
      topology: this.topology,
      executionMode: this.executionMode,
      metadata: this.metadata,
      createdAt: this.createdAt,
    };
  }
};

// src/onAbort.ts
var SOURCES_KEY = /* @__PURE__ */ Symbol.for("stageflow.core.abortSources");
var sources = (globalThis[SOURCES_KEY] ??= /* @__PURE__ */ new WeakMap());
function registerFollowable(signal, source) {
  sources.set(signal, source);
}
function sourceOfSignal(signal) {
  return sources.get(signal);
}
var followers = /* @__PURE__ */ new WeakMap();
var NOTHING_TO_UNDO = () => void 0;
function followForeign(signal, listener) {
  let set = followers.get(signal);
  if (set === void 0) {
    const created = /* @__PURE__ */ new Set();
    followers.set(signal, created);
    signal.addEventListener(
      "abort",
      () => {
        followers.delete(signal);
        for (const follower of created) follower(signal.reason);
        created.clear();
      },
      { once: true },
    );
    set = created;
  }
  const own = set;
  own.add(listener);
  return () => {
    own.delete(listener);
  };
}
function onAbort(signal, listener) {
  if (signal.aborted) {
    listener(signal.reason);
    return NOTHING_TO_UNDO;
  }
  const source = sources.get(signal);
  return source === void 0 ? followForeign(signal, listener) : source.follow(listener);
}

// src/clock.ts
function abortReason(signal) {
  return signal.reason ?? new Error("The operation was aborted");
}
var MAX_TIMEOUT_MS = 2147483647;
var NOTHING_TO_CANCEL = () => void 0;
function scheduleTimeout(ms, callback) {
  const delay = ms > 0 ? ms : 0;
  if (delay === Infinity) return NOTHING_TO_CANCEL;
  if (delay <= MAX_TIMEOUT_MS) {
    const timer2 = setTimeout(callback, delay);
    return () => clearTimeout(timer2);
  }
  let cancelRest = NOTHING_TO_CANCEL;
  const timer = setTimeout(() => {
    cancelRest = scheduleTimeout(delay - MAX_TIMEOUT_MS, callback);
  }, MAX_TIMEOUT_MS);
  return () => {
    clearTimeout(timer);
    cancelRest();
  };
}
var systemClock = Object.freeze({
  now: () => Date.now(),
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      let stop;
      const cancel = scheduleTimeout(ms, () => {
        stop?.();
        resolve();
      });
      if (signal !== void 0) {
        stop = onAbort(signal, () => {
          cancel();
          reject(abortReason(signal));
        });
      }
    });
  },
  schedule: scheduleTimeout,
});

// src/events/eventTypes.ts
function serializeError(error) {
  if (error instanceof Error) {
    const code = error.code;
    return typeof code === "string"
      ? { name: error.name, message: error.message, code }
      : { name: error.name, message: error.message };
  }
  return { name: "NonError", message: String(error) };
}

// src/internal/deliver.ts
function deliver(sink, event, onError) {
  try {
    const pending = sink.emit(event);
    if (pending !== void 0 && typeof pending?.then === "function") {
      pending.then(void 0, (error) => report(onError, error, event));
    }
  } catch (error) {
    report(onError, error, event);
  }
}
function report(onError, error, event) {
  try {
    onError(error, event);
  } catch {}
}

// src/internal/emitter.ts
function plain() {
  return {};
}
var RunEmitter = class {
  /** False when there is no sink or the sink discards events: callers skip building data. */
  enabled;
  /** A view of the sink that never throws, handed to stages as `ctx.eventSink`. */
  safeSink;
  /** Sink errors seen in this run. */
  sinkErrors = 0;
  #sink;
  #onSinkError;
  #runId;
  #pipeline;
  #clock;
  constructor(options) {
    this.#sink = options.sink;
    this.#onSinkError = options.onSinkError;
    this.#runId = options.runId;
    this.#pipeline = options.pipeline;
    this.#clock = options.clock;
    this.enabled = options.sink !== void 0 && options.sink.discardsEvents !== true;
    this.safeSink = { emit: (event) => this.deliver(event), flush: async () => this.#flush() };
  }
  emit(type, stage, attempt, data) {
    if (!this.enabled) return;
    const event = plain();
    event.type = type;
    event.timestamp = this.#clock.now();
    event.runId = this.#runId;
    event.pipeline = this.#pipeline;
    if (stage !== void 0) event.stage = stage;
    if (attempt !== void 0) event.attempt = attempt;
    event.data = data;
    this.deliver(event);
  }
  /** Emits `stage.completed` for a stage that settled `ok` (the common case, with no outcome record). */
  stageCompleted(stage, attempts, durationMs) {
    if (!this.enabled) return;
    const data = plain();
    data.durationMs = durationMs;
    data.attempts = attempts;
    this.emit("stage.completed", stage, attempts === 0 ? void 0 : attempts, data);
  }
  /** Emits `stage.started` for a stage's first attempt. */
  stageStarted(stage, kind) {
    if (!this.enabled) return;
    const data = plain();
    data.kind = kind;
    this.emit("stage.started", stage, 1, data);
  }
  /** Emits the terminal event of a settled stage: completed, skipped, failed or cancelled. */
  stageSettled(stage, o) {
    if (!this.enabled) return;
    if (o.status === "ok") return this.stageCompleted(stage, o.attempts, o.durationMs);
    const base = { durationMs: o.durationMs, attempts: o.attempts };
    const attempt = o.attempts === 0 ? void 0 : o.attempts;
    if (o.status === "skip") {
      this.emit("stage.skipped", stage, attempt, {
        ...base,
        reason: o.reason ?? "skipped",
        pruned: o.pruned,
      });
    } else if (o.status === "fail") {
      this.emit("stage.failed", stage, attempt, { ...base, error: serializeError(o.error) });
    } else this.emit("stage.cancelled", stage, attempt, { ...base, reason: o.reason ?? "cancelled" });
  }
  /** Delivers a complete event to the sink. */
  deliver(event) {
    if (this.#sink === void 0) return;
    deliver(this.#sink, event, this.#onError);
  }
  #onError = (error, event) => {
    this.sinkErrors++;
    this.#onSinkError?.(error, event);
  };
  async #flush() {
    try {
      await this.#sink?.flush?.();
    } catch (error) {
      this.#onError(error, {
        type: "sink.flush",
        timestamp: this.#clock.now(),
        runId: this.#runId,
        pipeline: this.#pipeline,
        data: void 0,
      });
    }
  }
};

// src/abortLink.ts
var NOTHING_TO_UNDO2 = () => void 0;
var CONTEXT_LINK = /* @__PURE__ */ Symbol("stageflow.contextLink");
function carriedLink(value) {
  return value[CONTEXT_LINK];
}
var AbortLink = class _AbortLink {
  #controller;
  #aborted = false;
  #reason;
  /** The first follower (through `onAbort(this.signal, …)` or a child link): most links have one. */
  #first;
  /** Later followers, in registration order, created on first use. */
  #more;
  #unfollow = NOTHING_TO_UNDO2;
  /**
   * @param parent - what to follow: an `AbortSignal`, or anything with a signal (another link, a
   *   stage or interceptor context); without one the link only aborts through `abort`
   */
  constructor(parent) {
    if (parent === void 0) return;
    const link = parent instanceof _AbortLink ? parent : carriedLink(parent);
    const follow = (reason) => this.abort(reason);
    if (link instanceof _AbortLink) this.#unfollow = link.#follow(follow);
    else this.#unfollow = onAbort(signalOf(parent), follow);
  }
  /**
   * The link that owns `target`'s signal, found without creating that signal when `target` is one
   * of core's attempt contexts.
   * @param target - a signal, or anything with one (a context)
   * @returns the owning link, or `undefined` when the signal is not a link's
   */
  static of(target) {
    if (target instanceof _AbortLink) return target;
    const carried = carriedLink(target);
    if (carried !== void 0) return carried;
    const owner = sourceOfSignal(signalOf(target))?.owner;
    return owner instanceof _AbortLink ? owner : void 0;
  }
  /** The link's signal (created on first read). Hand it to work that takes an `AbortSignal`. */
  get signal() {
    let controller = this.#controller;
    if (controller === void 0) {
      controller = this.#controller = new AbortController();
      registerFollowable(controller.signal, { owner: this, follow: (listener) => this.#follow(listener) });
      if (this.#aborted) controller.abort(this.#reason);
    }
    return controller.signal;
  }
  /** True once the link aborted (itself or through its parent); reading it creates no signal. */
  get aborted() {
    return this.#aborted;
  }
  /**
   * Overrides for `next()` that hand this link's signal to the inner layers. Core's executor
   * creates the signal only if something reads it; any other `next` reads `signal` as usual.
   * @param attempt - the attempt number the inner layers see (default: unchanged)
   * @returns overrides to pass to `next`
   */
  overrides(attempt) {
    return new LinkOverrides(this, attempt);
  }
  /**
   * Aborts the signal with `reason`, then calls the followers (registered through `onAbort` or by
   * child links) in registration order. Also stops following the parent. Does nothing when already
   * aborted. A follower that throws does not stop the others; its error is rethrown from a
   * microtask, like an event listener's.
   * @param reason - the signal's reason (without one, the platform's `AbortError`)
   */
  abort(reason) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.unlink();
    if (this.#controller !== void 0 || reason === void 0) {
      const signal = this.signal;
      if (!signal.aborted) this.#controller?.abort(reason);
      this.#reason = signal.reason;
    }
    const first = this.#first;
    const more = this.#more;
    this.#first = void 0;
    this.#more = void 0;
    const actual = this.#reason;
    if (first !== void 0) callFollower(first, actual);
    if (more !== void 0) for (const follower of more) callFollower(follower, actual);
  }
  /** Stops following the parent (call it when the work finished first). Safe to call more than once. */
  unlink() {
    const unfollow = this.#unfollow;
    this.#unfollow = NOTHING_TO_UNDO2;
    unfollow();
  }
  #follow(listener) {
    if (this.#aborted) {
      listener(this.#reason);
      return NOTHING_TO_UNDO2;
    }
    if (listener === this.#first) return () => this.#dropFirst(listener);
    if (this.#first === void 0 && this.#more === void 0) {
      this.#first = listener;
      return () => this.#dropFirst(listener);
    }
    const set = (this.#more ??= /* @__PURE__ */ new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }
  #dropFirst(listener) {
    if (this.#first === listener) this.#first = void 0;
  }
};
function callFollower(follower, reason) {
  try {
    follower(reason);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
function signalOf(target) {
  return "signal" in target ? target.signal : target;
}
var OVERRIDES_LINK = /* @__PURE__ */ Symbol("stageflow.overridesLink");
var LinkOverrides = class {
  /** The link whose signal the inner layers see. */
  [OVERRIDES_LINK];
  constructor(link, attempt) {
    this[OVERRIDES_LINK] = link;
    if (attempt !== void 0) this.attempt = attempt;
  }
  /** The link's signal, created on read (by a `next` other than core's). */
  get signal() {
    return this[OVERRIDES_LINK].signal;
  }
};
function linkOfOverrides(overrides) {
  const link = overrides[OVERRIDES_LINK];
  if (link === void 0) return void 0;
  return overrides instanceof LinkOverrides || overrides.signal === void 0 ? link : void 0;
}

// src/errors/undeclaredDependencyError.ts
var UndeclaredDependencyError = class extends StageflowError {
  /** The stage doing the reading. */
  stage;
  /** The stage it tried to read. */
  requested;
  /** The stages it may read. */
  declared;
  /**
   * @param stage - the stage doing the reading
   * @param requested - the stage it tried to read
   * @param declared - the dependencies it declared
   */
  constructor(stage, requested, declared) {
    const list = declared.length === 0 ? "none" : declared.map((d) => `"${d}"`).join(", ");
    super(
      "UNDECLARED_DEPENDENCY",
      `Stage "${stage}" read the output of "${requested}", which it does not depend on. Declared dependencies: ${list}. Add "${requested}" to its dependsOn to read it.`,
    );
    this.name = "UndeclaredDependencyError";
    this.stage = stage;
    this.requested = requested;
    this.declared = declared;
  }
};

// src/context/stageInputs.ts
var StageInputs = class {
  #stage;
  #source;
  #outputs;
  /** The position after the last dependency read: the next one when reading in declaration order. */
  #next = 0;
  /**
   * @param stage - the reading stage's name
   * @param source - the reading stage's declared dependencies
   * @param outputs - the run's outputs by stage index (undefined when a stage did not run or was pruned)
   * @internal
   */
  constructor(stage, source, outputs) {
    this.#stage = stage;
    this.#source = source;
    this.#outputs = outputs;
  }
  /** The declared dependencies, in declaration order. */
  get names() {
    return this.#source.depNames;
  }
  #index(ref) {
    const name = typeof ref === "string" ? ref : ref?.name;
    const source = this.#source;
    const names = source.depNames;
    let position = this.#next;
    if (position >= names.length || names[position] !== name) {
      const found = source.depIndex.get(name);
      if (found === void 0) throw new UndeclaredDependencyError(this.#stage, String(name), names);
      position = found;
    }
    this.#next = position + 1;
    return source.deps[position];
  }
  get(stage) {
    return this.#outputs[this.#index(stage)];
  }
  /**
   * Tells whether a declared dependency produced an output.
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  has(stage) {
    return this.#outputs[this.#index(stage)] !== void 0;
  }
  require(stage) {
    const output = this.#outputs[this.#index(stage)];
    if (output === void 0) {
      const name = typeof stage === "string" ? stage : stage.name;
      throw new StageflowError(
        "MISSING_INPUT",
        `Stage "${this.#stage}" requires the output of "${name}", which produced none (it was pruned or never ran). Use ctx.inputs.get("${name}") and handle undefined.`,
      );
    }
    return output;
  }
  /**
   * Reads one field of a dependency's `data`, or `defaultValue` when the output or the field is absent.
   * @param stage - a dependency's name or the stage object
   * @param key - the field of `data`
   * @param defaultValue - returned when absent
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  getFrom(stage, key, defaultValue) {
    const data = this.#outputs[this.#index(stage)]?.data;
    if (typeof data !== "object" || data === null || !Object.prototype.hasOwnProperty.call(data, key))
      return defaultValue;
    const value = data[key];
    return value === void 0 ? defaultValue : value;
  }
};

// src/errors/missingContextValueError.ts
var MissingContextValueError = class extends StageflowError {
  /** The key's name. */
  key;
  /**
   * @param stage - the stage that asked
   * @param key - the key's name
   */
  constructor(stage, key) {
    super(
      "MISSING_CONTEXT_VALUE",
      `Stage "${stage}" asked for context value "${key}", but no plugin of this run provides it. Add the plugin that provides "${key}" to the run's or pipeline's plugins.`,
    );
    this.name = "MissingContextValueError";
    this.key = key;
  }
};

// src/internal/stageContextImpl.ts
var StageContextImpl = class _StageContextImpl {
  #host;
  #stage;
  #inputs;
  attempt;
  /** Where the attempt's signal comes from: an interceptor's signal or link, or the run's. */
  #source;
  /**
   * @param source - the attempt's signal (or link) when an interceptor gave it one; omit for the run's
   */
  constructor(host, stage, attempt, source) {
    this.#host = host;
    this.#stage = stage;
    this.attempt = attempt;
    this.#source = source ?? host.signalSource;
  }
  /** The attempt's signal; a link's is created only now, when something reads it. */
  get signal() {
    const source = this.#source;
    return source instanceof AbortLink ? source.signal : source;
  }
  /** The link behind this context's signal, so links can follow it without creating the signal. */
  get [CONTEXT_LINK]() {
    const source = this.#source;
    return source instanceof AbortLink ? source : void 0;
  }
  get snapshot() {
    return this.#host.snapshot;
  }
  get inputs() {
    const stage = this.#stage;
    return (this.#inputs ??= new StageInputs(stage.name, stage, this.#host.outputs));
  }
  get stageName() {
    return this.#stage.name;
  }
  get stageKind() {
    return this.#stage.kind;
  }
  get stage() {
    return this.#stage.stage;
  }
  get random() {
    return this.#host.random;
  }
  get eventSink() {
    return this.#host.emitter.safeSink;
  }
  get clock() {
    return this.#host.clock;
  }
  get runId() {
    return this.#host.runId;
  }
  get pipeline() {
    return this.#host.pipeline;
  }
  emit(type, data) {
    this.#host.emitter.emit(type, this.#stage.name, this.attempt, data ?? {});
  }
  recordStageEvent(status, data) {
    this.#host.emitter.emit(`stage.${status}`, this.#stage.name, this.attempt, data ?? {});
  }
  get(key) {
    const values = this.#host.values;
    if (values.has(key.id)) return values.get(key.id);
    if (key.defaultValue !== void 0) {
      const made = key.defaultValue();
      values.set(key.id, made);
      return made;
    }
    throw new MissingContextValueError(this.#stage.name, key.name);
  }
  /**
   * A context for the inner layers of an interceptor, with another attempt number or signal.
   * @param source - their signal or link; omit to keep this context's
   */
  derive(attempt, source) {
    const derived = new _StageContextImpl(this.#host, this.#stage, attempt, source ?? this.#source);
    derived.#inputs = this.#inputs;
    return derived;
  }
};

// src/createStageContext.ts
var KEYS = [
  "stageName",
  "stageKind",
  "snapshot",
  "inputs",
  "eventSink",
  "signal",
  "attempt",
  "clock",
  "random",
  "values",
  "stage",
  "pipeline",
];
function createStageContext(options) {
  assertKnownOptions("createStageContext", options, KEYS);
  if (typeof options?.stageName !== "string" || options.stageName === "") {
    throw new InvalidOptionsError("createStageContext", "stageName must be a non-empty string.");
  }
  const snapshot = options.snapshot ?? ContextSnapshot.create();
  const clock = options.clock ?? systemClock;
  const pipeline = options.pipeline ?? "standalone";
  const runId = snapshot.runId.pipelineRunId;
  const depNames = Object.keys(options.inputs ?? {});
  const outputs = depNames.map((name) => {
    const output = options.inputs[name];
    if (!isStageOutput(output)) {
      throw new InvalidOptionsError(
        "createStageContext",
        `inputs["${name}"] must be a StageOutput (StageOutput.ok(...)).`,
      );
    }
    return output;
  });
  const values = /* @__PURE__ */ new Map();
  for (const { key, value } of options.values ?? []) values.set(key.id, value);
  const kind = options.stageKind ?? options.stage?.kind ?? StageKind.TRANSFORM;
  const stage = options.stage ?? Object.freeze({ name: options.stageName, kind, execute: () => void 0 });
  const emitter = new RunEmitter({ sink: options.eventSink, onSinkError: void 0, runId, pipeline, clock });
  const signal = options.signal ?? new AbortController().signal;
  const random = options.random ?? Math.random;
  return new StageContextImpl(
    { signalSource: signal, snapshot, runId, pipeline, clock, random, emitter, values, outputs },
    {
      name: options.stageName,
      kind,
      stage,
      depNames,
      depIndex: new Map(depNames.map((n, i) => [n, i])),
      deps: depNames.map((_, i) => i),
    },
    options.attempt ?? 1,
  );
}

// src/context/contextKey.ts
function createContextKey(name, options = {}) {
  const key = {
    id: Symbol(name),
    name,
    defaultValue: options.default,
    provide: (value) => Object.freeze({ key, value }),
  };
  return Object.freeze(key);
}

// src/interceptor.ts
var DEFAULT_INTERCEPTOR_PRIORITY = 100;
function orderInterceptors(list) {
  return list
    .map((interceptor, index) => ({ interceptor, index }))
    .sort(
      (a, b) =>
        (a.interceptor.priority ?? DEFAULT_INTERCEPTOR_PRIORITY) -
          (b.interceptor.priority ?? DEFAULT_INTERCEPTOR_PRIORITY) || a.index - b.index,
    )
    .map((entry) => entry.interceptor);
}
function isInterceptor(value) {
  const v = value;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.name === "string" &&
    (typeof v.intercept === "function" ||
      typeof v.before === "function" ||
      typeof v.after === "function" ||
      typeof v.onError === "function")
  );
}

// src/errors/cycleDetectedError.ts
var CycleDetectedError = class extends StageflowError {
  /** The stages of one cycle, first stage repeated at the end (`["a", "b", "a"]`). */
  cyclePath;
  /**
   * @param pipeline - name of the pipeline being built
   * @param cyclePath - the cycle, first stage repeated at the end
   */
  constructor(pipeline, cyclePath) {
    super(
      "CYCLE_DETECTED",
      `Pipeline "${pipeline}" has a dependency cycle: ${cyclePath.join(" \u2192 ")}. Remove one of these dependencies; a pipeline must be a directed acyclic graph.`,
    );
    this.name = "CycleDetectedError";
    this.cyclePath = cyclePath;
  }
};

// src/errors/pipelineValidationError.ts
var PipelineValidationError = class extends StageflowError {
  /** Every problem found, in the order stages were added. */
  problems;
  /**
   * @param pipeline - name of the pipeline being built
   * @param problems - every problem found
   */
  constructor(pipeline, problems) {
    const lines = problems.map((p) => `  - ${p.message}`).join("\n");
    super(
      "PIPELINE_VALIDATION",
      `Pipeline "${pipeline}" is invalid:
${lines}`,
    );
    this.name = "PipelineValidationError";
    this.problems = problems;
  }
};

// src/errors/pipelineCancelledError.ts
var PipelineCancelledError = class extends StageflowError {
  /** The stage that cancelled the run, if a stage did. */
  stage;
  /**
   * @param reason - why the run was cancelled
   * @param stage - the stage that cancelled it, if any
   * @param cause - the external abort reason, if any
   */
  constructor(reason, stage, cause) {
    super("PIPELINE_CANCELLED", `Pipeline run cancelled${stage ? ` by stage "${stage}"` : ""}: ${reason}`, {
      cause,
    });
    this.name = "PipelineCancelledError";
    this.stage = stage;
  }
};

// src/errors/pipelineFailedError.ts
var PipelineFailedError = class extends AggregateError {
  /** The failed stages, in the order they failed. */
  failures;
  /**
   * @param pipeline - the pipeline's name
   * @param failures - every failed stage
   */
  constructor(pipeline, failures) {
    const names = failures.map((f) => `"${f.stage}" (${f.error.message})`).join(", ");
    super(
      failures.map((f) => f.error),
      `Pipeline "${pipeline}" failed: ${failures.length} stage(s) failed: ${names}`,
    );
    this.name = "PipelineFailedError";
    this.failures = failures;
    brandStageflowError(this, "PIPELINE_FAILED");
  }
};

// src/pipelineResult.ts
var PipelineResult = class {
  /** How the run ended. */
  status;
  /** The pipeline's name. */
  pipeline;
  /** The run id. */
  runId;
  /** Run duration on the run's clock. */
  durationMs;
  /** Failed stages in the order they failed. */
  errors;
  /** Why the run was cancelled, when it was. */
  cancelReason;
  #data;
  #outputs;
  #stages;
  #index;
  /** @internal */
  constructor(data) {
    this.#data = data;
    this.status = data.status;
    this.pipeline = data.pipeline;
    this.runId = data.runId;
    this.durationMs = data.durationMs;
    this.errors = data.failures;
    this.cancelReason = data.cancelReason;
  }
  /**
   * Errors the run's event sink raised (they never fail the run). Live: an async sink's rejection
   * that arrives after the run resolved is counted too, as is one on the final `pipeline.*` event.
   */
  get sinkErrors() {
    return this.#data.sinkErrors();
  }
  /** Outputs of every stage that produced one, by name. */
  get outputs() {
    if (this.#outputs === void 0) {
      const out = {};
      this.#data.names.forEach((name, i) => {
        const output = this.#data.outputs[i];
        if (output !== void 0) out[name] = output;
      });
      this.#outputs = Object.freeze(out);
    }
    return this.#outputs;
  }
  /** One record per stage of the pipeline, by name. */
  get stages() {
    if (this.#stages === void 0) {
      const out = {};
      this.#data.names.forEach((name, i) => {
        out[name] = this.#data.record(i);
      });
      this.#stages = Object.freeze(out);
    }
    return this.#stages;
  }
  #indexOf(name) {
    this.#index ??= new Map(this.#data.names.map((n, i) => [n, i]));
    const index = this.#index.get(name);
    if (index === void 0) {
      const hint = closestMatch(name, this.#data.names);
      throw new StageflowError(
        "UNKNOWN_STAGE",
        `Pipeline "${this.pipeline}" has no stage "${name}".${hint ? ` Did you mean "${hint}"?` : ""}`,
      );
    }
    return index;
  }
  /**
   * The output of a stage, or `undefined` when it produced none.
   * @param name - a stage of this pipeline
   * @throws a `StageflowError` (`"UNKNOWN_STAGE"`) for a name the pipeline does not have
   */
  output(name) {
    return this.#data.outputs[this.#indexOf(name)];
  }
  /**
   * The output of a stage that must have completed with `ok`.
   * @param name - a stage of this pipeline
   * @throws a `StageflowError` (`"MISSING_OUTPUT"`) naming the stage's status when it did not complete
   */
  require(name) {
    const index = this.#indexOf(name);
    const output = this.#data.outputs[index];
    const record = this.#data.record(index);
    if (output === void 0 || output.status !== "ok") {
      throw new StageflowError(
        "MISSING_OUTPUT",
        `Stage "${name}" did not complete (status: ${record.status}${record.reason ? `, ${record.reason}` : ""}).`,
        { cause: record.error },
      );
    }
    return output;
  }
  /**
   * Throws when the run did not complete.
   * @returns this result, for chaining
   * @throws {@link PipelineFailedError} (an `AggregateError` of every stage error) when failed;
   * {@link PipelineCancelledError} when cancelled
   */
  throwIfFailed() {
    if (this.status === "failed") throw new PipelineFailedError(this.pipeline, this.errors);
    if (this.status === "cancelled") {
      if (this.cancelReason instanceof PipelineCancelledError) throw this.cancelReason;
      throw new PipelineCancelledError(this.cancelReason?.message ?? "cancelled", void 0, this.cancelReason);
    }
    return this;
  }
  /** A JSON view: status, duration, and per-stage status, attempts, duration, error and data. */
  toJSON() {
    const stages = {};
    this.#data.names.forEach((name, i) => {
      const r = this.#data.record(i);
      stages[name] = {
        status: r.status,
        attempts: r.attempts,
        durationMs: r.durationMs,
        ...(r.reason !== void 0 ? { reason: r.reason } : {}),
        ...(r.error !== void 0 ? { error: { name: r.error.name, message: r.error.message } } : {}),
        ...(this.#data.outputs[i] !== void 0 ? { data: this.#data.outputs[i]?.data } : {}),
      };
    });
    return {
      pipeline: this.pipeline,
      runId: this.runId,
      status: this.status,
      durationMs: this.durationMs,
      stages,
    };
  }
};

// src/internal/finishRun.ts
var RESERVED = /* @__PURE__ */ new Set([
  "status",
  "pipeline",
  "runId",
  "durationMs",
  "errors",
  "cancelReason",
  "sinkErrors",
  "outputs",
  "stages",
  "output",
  "require",
  "throwIfFailed",
  "toJSON",
]);
async function finishRun(run, hooks) {
  const status =
    run.stopping === "cancelled"
      ? "cancelled"
      : run.stopping === "failed" || run.failures.length > 0
        ? "failed"
        : "completed";
  const durationMs = Math.max(0, run.clock.now() - run.startedAtRun);
  const result = new PipelineResult({
    pipeline: run.graph.name,
    runId: run.host.runId,
    status,
    durationMs,
    names: run.graph.stageNames,
    outputs: run.outputs,
    record: (index) => run.outcomeOf(index),
    failures: run.failures,
    cancelReason: run.cancelReason,
    sinkErrors: () => run.emitter.sinkErrors,
  });
  if (hooks !== void 0) {
    const reports = await hooks.runEnd(result);
    for (const [key, value] of Object.entries(reports)) {
      if (!RESERVED.has(key)) Object.defineProperty(result, key, { value, enumerable: true });
    }
    if (hooks.errors.length > 0)
      Object.defineProperty(result, "pluginErrors", { value: [...hooks.errors], enumerable: true });
  }
  if (run.emitter.enabled) {
    const counts = run.records.counts();
    const data = {
      status,
      durationMs,
      counts: { ...counts, retry: 0 },
    };
    if (status === "failed")
      data.failures = run.failures.map((f) => ({ stage: f.stage, error: serializeError(f.error) }));
    if (status === "cancelled" && run.cancelReason !== void 0) data.reason = serializeError(run.cancelReason);
    run.emitter.emit(`pipeline.${status}`, void 0, void 0, data);
  }
  return result;
}

// src/errors/nonErrorThrownError.ts
function describe(value) {
  if (value === void 0) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string")
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}\u2026` : value);
  if (typeof value === "object") return `an object (${preview(value)})`;
  return `${typeof value} ${String(value).slice(0, 200)}`;
}
function preview(value) {
  let json;
  try {
    json = JSON.stringify(value);
  } catch {
    json = void 0;
  }
  if (json === void 0 || json === "{}") return Object.prototype.toString.call(value);
  return json.length > 200 ? `${json.slice(0, 200)}\u2026` : json;
}
var NonErrorThrownError = class extends StageflowError {
  /** The value that was thrown. */
  thrown;
  /**
   * @param stage - the stage that threw
   * @param thrown - the value it threw
   */
  constructor(stage, thrown) {
    super(
      "NON_ERROR_THROWN",
      `Stage "${stage}" threw ${describe(thrown)} instead of an Error. Throw an Error subclass.`,
    );
    this.name = "NonErrorThrownError";
    this.thrown = thrown;
  }
};

// src/internal/gate.ts
var NOT_SELECTED = Object.freeze({ skip: "not selected by its route", pruned: true });
var ALL_PRUNED = Object.freeze({ skip: "every dependency was pruned", pruned: true });
var WHEN_FALSE = Object.freeze({ skip: "its when condition was false", pruned: false });
function gate(node, source) {
  const i = node.index;
  if (source.routeRejected !== void 0 && node.hasRouteParent && source.routeRejected[i] === 1)
    return NOT_SELECTED;
  if (source.prunedDeps !== void 0 && node.deps.length > 0 && source.prunedDeps[i] === node.deps.length) {
    return ALL_PRUNED;
  }
  if (node.when !== void 0) {
    let run;
    try {
      const ctx = new StageContextImpl(source.host, node, 1);
      const snapshot = source.host.snapshot;
      run =
        typeof node.when === "function"
          ? node.when(ctx.inputs, snapshot)
          : node.when.evaluate(ctx.inputs, snapshot);
    } catch (error) {
      return { fail: error instanceof Error ? error : new NonErrorThrownError(node.name, error) };
    }
    if (!run) return WHEN_FALSE;
  }
  const hooks = source.hooks;
  if (hooks !== void 0 && hooks.hasShouldRun) {
    const decision = hooks.shouldRun(node, source);
    if (decision instanceof Error) return { fail: decision };
    if (decision !== void 0) return { skip: decision.skip, pruned: false };
  }
  return void 0;
}

// src/errors/invalidStageOutputError.ts
var InvalidStageOutputError = class extends StageflowError {
  /** The stage whose output was rejected. */
  stage;
  /** Every issue the schema reported. */
  issues;
  /**
   * @param stage - the stage whose output was rejected
   * @param issues - every issue the schema reported
   */
  constructor(stage, issues) {
    const listed = issues
      .slice(0, 20)
      .map((i) => `  - ${i.path === "" ? "(data)" : `data.${i.path}`}: ${i.message}`)
      .join("\n");
    super(
      "INVALID_STAGE_OUTPUT",
      `Stage "${stage}" returned an output that does not match its schema:
${listed}`,
    );
    this.name = "InvalidStageOutputError";
    this.stage = stage;
    this.issues = issues;
  }
};

// src/internal/attempt.ts
var OK_EMPTY = StageOutput.ok();
function deepFreeze(value) {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze(value[key]);
}
function isAbortSurfacing(thrown, reason) {
  if (thrown === reason) return true;
  if (!(thrown instanceof Error)) return false;
  return thrown.name === "AbortError" || (reason !== void 0 && thrown.cause === reason);
}
function errorToOutput(thrown, ctx) {
  const reason = ctx.signal.aborted ? ctx.signal.reason : void 0;
  if (ctx.signal.aborted && isAbortSurfacing(thrown, reason)) {
    if (isStageflowError(reason) && reason.code === "STAGE_TIMEOUT") return StageOutput.fail(reason);
    const error = reason instanceof Error ? reason : new StageflowError("PIPELINE_CANCELLED", String(reason));
    return cancelWith(error);
  }
  return StageOutput.fail(thrown instanceof Error ? thrown : new NonErrorThrownError(ctx.stageName, thrown));
}
function cancelWith(error) {
  return makeOutput("cancel", void 0, { error, reason: error.message });
}
function pathOf(issue) {
  return (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
}
function withData(out, data) {
  return StageOutput.ok(data, {
    artifacts: out.artifacts,
    events: out.events,
    ...(out.durationMs !== void 0 ? { durationMs: out.durationMs } : {}),
  });
}
function applySchema(node, out, result) {
  if (result.issues !== void 0) {
    const issues = result.issues.map((i) => ({ path: pathOf(i), message: i.message }));
    return StageOutput.fail(new InvalidStageOutputError(node.name, issues));
  }
  if (result.value === out.data) return out;
  deepFreeze(result.value);
  return withData(out, result.value);
}
function normalise2(node, value) {
  let out;
  if (value === void 0) out = OK_EMPTY;
  else if (isStageOutput(value)) out = value;
  else if (typeof value === "function" || typeof value === "symbol") {
    return StageOutput.fail(
      new InvalidStageOutputError(node.name, [
        { path: "", message: `a ${typeof value} is not a stage result; return data or a StageOutput` },
      ]),
    );
  } else out = StageOutput.ok(value);
  deepFreeze(out.data);
  const schema = node.output;
  if (schema === void 0 || out.status !== "ok") return out;
  let result;
  try {
    result = schema["~standard"].validate(out.data);
  } catch (error) {
    return StageOutput.fail(
      new InvalidStageOutputError(node.name, [{ path: "", message: `the schema threw: ${String(error)}` }]),
    );
  }
  if (result instanceof Promise) return result.then((r) => applySchema(node, out, r));
  return applySchema(node, out, result);
}
function isThenable(value) {
  return value !== null && typeof value === "object" && typeof value.then === "function";
}
async function callStage(node, ctx, onAttempt) {
  onAttempt();
  let value;
  try {
    const returned = node.target.execute(ctx);
    value = isThenable(returned) ? await returned : returned;
  } catch (error) {
    return errorToOutput(error, ctx);
  }
  return normalise2(node, value);
}
function contractError(ic, ctx, got) {
  return StageOutput.fail(
    new StageflowError(
      "INTERCEPTOR_CONTRACT",
      `Interceptor "${ic.name}" on stage "${ctx.stageName}" resolved with ${got === void 0 ? "undefined" : typeof got} instead of a StageOutput. Return the result of next() (or a StageOutput).`,
    ),
  );
}
function invokeIntercept(ic, ctx, next) {
  let pending;
  try {
    pending = ic.intercept(ctx, next);
  } catch (error) {
    return Promise.resolve(errorToOutput(error, ctx));
  }
  return Promise.resolve(pending).then(
    (out) => (isStageOutput(out) ? out : contractError(ic, ctx, out)),
    (error) => errorToOutput(error, ctx),
  );
}
async function invokeSugar(ic, ctx, next) {
  try {
    if (ic.before !== void 0) {
      const early = await ic.before(ctx);
      if (isStageOutput(early)) return early;
    }
    let out = await next();
    if (out.status === "fail" || out.status === "retry") {
      const replaced = ic.onError ? await ic.onError(ctx, out.error, out) : void 0;
      if (isStageOutput(replaced)) out = replaced;
    } else if (ic.after !== void 0) {
      const replaced = await ic.after(ctx, out);
      if (isStageOutput(replaced)) out = replaced;
    }
    return out;
  } catch (error) {
    return errorToOutput(error, ctx);
  }
}
function invokeLayer(ic, ctx, next) {
  if (ic.intercept !== void 0) return invokeIntercept(ic, ctx, next);
  return invokeSugar(ic, ctx, next);
}
function runChain(plan, k, ctx) {
  if (k === plan.chain.length) return callStage(plan.node, ctx, plan.onAttempt);
  const next = (overrides) =>
    runChain(
      plan,
      k + 1,
      overrides === void 0
        ? ctx
        : // A link handed down through its overrides stays lazy: its signal is created only if read.
          ctx.derive(overrides.attempt ?? ctx.attempt, linkOfOverrides(overrides) ?? overrides.signal),
    );
  return invokeLayer(plan.chain[k], ctx, next);
}

// src/internal/launch.ts
function launchStage(run, i) {
  if (run.hooks !== void 0 && run.hooks.hasAcquire) {
    acquireThenLaunch(run, i).catch((error) => run.settle(i, StageOutput.fail(error)));
  } else void launch(run, i);
}
async function acquireThenLaunch(run, i) {
  const node = run.nodes[i];
  const admitted = await run.hooks.acquire(node, run.signal);
  if (admitted instanceof Error) return run.settle(i, StageOutput.fail(admitted));
  if (admitted === "stopped" || run.stopping !== void 0) {
    if (admitted !== "stopped") for (const release of admitted) release();
    return run.settle(i, void 0, "the run stopped while the stage waited for a slot");
  }
  try {
    await launch(run, i);
  } finally {
    for (const release of admitted) release();
  }
}
function launch(run, i) {
  const node = run.nodes[i];
  const now = run.settleNow;
  run.startedAt[i] = Number.isNaN(now) ? run.clock.now() : now;
  run.emitter.stageStarted(node.name, node.kind);
  const ctx = new StageContextImpl(run.host, node, 1);
  const chain = chainFor(run, node);
  if (chain.length > 0) {
    const onAttempt = () => {
      run.attempts[i] = run.attempts[i] + 1;
    };
    return runChain({ node, chain, onAttempt }, 0, ctx).then(
      (output) => run.settle(i, output),
      (error) => run.settle(i, StageOutput.fail(error)),
    );
  }
  run.attempts[i] = run.attempts[i] + 1;
  let pending;
  try {
    const returned = node.target.execute(ctx);
    pending = returned instanceof Promise ? returned : Promise.resolve(returned);
  } catch (error) {
    const output = errorToOutput(error, ctx);
    return Promise.resolve().then(() => run.settle(i, output));
  }
  return pending.then(
    (value) => complete(run, i, value),
    (error) => run.settle(i, errorToOutput(error, contextOf(run, i))),
  );
}
function contextOf(run, i) {
  return new StageContextImpl(run.host, run.nodes[i], 1);
}
function complete(run, i, value) {
  const node = run.nodes[i];
  let output;
  try {
    output = normalise2(node, value);
  } catch (error) {
    return run.settle(i, StageOutput.fail(error));
  }
  if (output instanceof Promise) {
    output.then(
      (o) => run.settle(i, o),
      (error) => run.settle(i, StageOutput.fail(error)),
    );
  } else run.settle(i, output);
}
function chainFor(run, node) {
  if (run.chains === void 0) return node.interceptors;
  return (run.chains[node.index] ??= orderInterceptors([
    ...run.graph.pipelineInterceptors,
    ...run.runInterceptors,
    ...node.ownInterceptors,
  ]));
}

// src/internal/pluginHooks.ts
function pluginError(plugin, hook, error) {
  const message = error instanceof Error ? error.message : String(error);
  return new StageflowError("PLUGIN_ERROR", `Plugin "${plugin.name}" threw in ${hook}: ${message}`, {
    cause: error,
  });
}
var PluginHooks = class {
  plugins;
  run;
  hasRunStart;
  hasShouldRun;
  hasAcquire;
  /** Errors thrown by `onStageSettled` / `onRunEnd`; attached to the result as `pluginErrors`. */
  errors = [];
  constructor(plugins, run) {
    this.plugins = plugins;
    this.run = run;
    this.hasRunStart = plugins.some((p) => p.onRunStart !== void 0);
    this.hasShouldRun = plugins.some((p) => p.shouldRun !== void 0);
    this.hasAcquire = plugins.some((p) => p.acquire !== void 0);
  }
  async runStart() {
    for (const p of this.plugins) {
      try {
        await p.onRunStart?.(this.run);
      } catch (error) {
        throw pluginError(p, "onRunStart", error);
      }
    }
  }
  provideInto(values) {
    for (const p of this.plugins) {
      let provided;
      try {
        provided = p.provide?.(this.run);
      } catch (error) {
        throw pluginError(p, "provide", error);
      }
      if (provided === void 0) continue;
      for (const { key, value } of provided) values.set(key.id, value);
    }
  }
  /** `{ skip }`, an Error when a plugin threw, or undefined to run. */
  shouldRun(node, source) {
    const deps = node.deps.map((d, k) => ({
      ...source.outcomeOf(d),
      name: node.depNames[k],
    }));
    for (const p of this.plugins) {
      if (p.shouldRun === void 0) continue;
      try {
        const decision = p.shouldRun(node.info, deps, this.run);
        if (decision !== void 0) return decision;
      } catch (error) {
        return pluginError(p, "shouldRun", error);
      }
    }
    return void 0;
  }
  /** Release functions when admitted, an Error (shed or plugin failure), or "stopped" when aborted. */
  async acquire(node, signal) {
    const releases = [];
    const releaseAll = () => {
      for (const r of releases.splice(0)) r();
    };
    for (const p of this.plugins) {
      if (p.acquire === void 0) continue;
      try {
        const result = await p.acquire(node.info, signal, this.run);
        if (typeof result === "function") releases.push(result);
        else if (result !== void 0 && typeof result === "object" && "shed" in result) {
          releaseAll();
          return result.shed;
        }
      } catch (error) {
        releaseAll();
        if (signal.aborted) return "stopped";
        return pluginError(p, "acquire", error);
      }
      if (signal.aborted) {
        releaseAll();
        return "stopped";
      }
    }
    return releases;
  }
  /**
   * Every plugin's answer for a settled stage, combined: an abort wins, as `{ abort }` with the reason
   * of the first plugin that aborted (its error, or one naming the plugin and the stage), then
   * `"tolerate"`, then `"continue"`.
   */
  settled(node, outcome) {
    let abort;
    let tolerate = false;
    let carryOn = false;
    for (const p of this.plugins) {
      if (p.onStageSettled === void 0) continue;
      try {
        const d = p.onStageSettled(node.info, outcome, this.run);
        if (d === "abort" || (typeof d === "object" && d !== null && "abort" in d)) {
          abort ??= abortReason2(p, node, outcome, d === "abort" ? void 0 : d.abort);
        } else if (d === "tolerate") tolerate = true;
        else if (d === "continue") carryOn = true;
      } catch (error) {
        this.errors.push(pluginError(p, "onStageSettled", error));
      }
    }
    if (abort !== void 0) return { abort };
    return tolerate ? "tolerate" : carryOn ? "continue" : void 0;
  }
  async runEnd(result) {
    const reports = {};
    for (const p of this.plugins) {
      if (p.onRunEnd === void 0) continue;
      try {
        const report2 = await p.onRunEnd(result, this.run);
        if (report2 !== void 0 && report2 !== null) Object.assign(reports, report2);
      } catch (error) {
        this.errors.push(pluginError(p, "onRunEnd", error));
      }
    }
    return reports;
  }
};
function abortReason2(plugin, node, outcome, given) {
  if (given instanceof Error) return given;
  const detail = given === void 0 ? "" : `: ${describe2(given)}`;
  return new StageflowError(
    "PLUGIN_ABORT",
    `Plugin "${plugin.name}" stopped the run when stage "${node.name}" settled (${outcome.status})${detail}`,
  );
}
function describe2(value) {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// src/internal/runSetup.ts
var RUN_OPTION_KEYS = [
  "eventSink",
  "onSinkError",
  "interceptors",
  "plugins",
  "signal",
  "clock",
  "random",
  "abortGraceMs",
];
var WHERE = "StageGraph.run";
function validateRunOptions(snapshot, options) {
  if (!(snapshot instanceof ContextSnapshot)) {
    throw new InvalidOptionsError(
      WHERE,
      "the first argument must be a ContextSnapshot (ContextSnapshot.create(...)).",
    );
  }
  if (options === void 0) return;
  assertKnownOptions(WHERE, options, RUN_OPTION_KEYS);
  const o = options;
  const sink = o.eventSink;
  if (sink !== void 0 && typeof sink?.emit !== "function") {
    throw new InvalidOptionsError(WHERE, "eventSink must have an emit(event) method.");
  }
  if (o.onSinkError !== void 0 && typeof o.onSinkError !== "function") {
    throw new InvalidOptionsError(WHERE, "onSinkError must be a function (error, event) => void.");
  }
  const clock = o.clock;
  if (clock !== void 0 && (typeof clock?.now !== "function" || typeof clock.sleep !== "function")) {
    throw new InvalidOptionsError(WHERE, "clock must have now() and sleep(ms, signal).");
  }
  if (clock != null && clock.schedule !== void 0 && typeof clock.schedule !== "function") {
    throw new InvalidOptionsError(
      WHERE,
      "clock.schedule, when present, must be a function (ms, callback) => cancel.",
    );
  }
  if (o.random !== void 0 && typeof o.random !== "function") {
    throw new InvalidOptionsError(WHERE, "random must be a function returning a number in [0, 1).");
  }
  const signal = o.signal;
  if (signal !== void 0 && !(typeof signal === "object" && signal !== null && "aborted" in signal)) {
    throw new InvalidOptionsError(WHERE, "signal must be an AbortSignal.");
  }
  const grace = o.abortGraceMs;
  if (grace !== void 0 && !(typeof grace === "number" && grace >= 0)) {
    throw new InvalidOptionsError(
      WHERE,
      `abortGraceMs must be a number \u2265 0, got ${JSON.stringify(grace) ?? typeof grace}.`,
    );
  }
}
function describeAbortReason(reason) {
  if (reason instanceof Error) return reason.message;
  if (reason === void 0) return "aborted";
  if (typeof reason === "object" && reason !== null) return Object.prototype.toString.call(reason);
  return `${reason}`;
}
function createRunInfo(source) {
  const { host, emitter, nodes } = source;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  return Object.freeze({
    runId: host.runId,
    pipeline: host.pipeline,
    snapshot: host.snapshot,
    signal: source.signal,
    clock: host.clock,
    random: host.random,
    stages: source.stages,
    eventSink: emitter.safeSink,
    emit(type, data, stage) {
      emitter.emit(type, stage, void 0, data);
    },
    dependentsOf(stage) {
      return (byName.get(stage)?.dependents ?? []).map((d) => nodes[d].name);
    },
  });
}

// src/internal/schedule.ts
var TIMER_CANCELLED = Object.freeze({ reason: "the timer was cancelled" });
var IGNORE = () => void 0;
function scheduleOn(clock, ms, callback) {
  if (typeof clock.schedule === "function") return clock.schedule(ms, callback);
  const link = new AbortLink();
  let pending = true;
  clock.sleep(ms, link.signal).then(() => {
    if (!pending) return;
    pending = false;
    callback();
  }, IGNORE);
  return () => {
    if (!pending) return;
    pending = false;
    link.abort(TIMER_CANCELLED);
  };
}

// src/internal/runArrays.ts
var SEPARATE_UP_TO = 8;
function allocateRunArrays(indegree, withRoutes) {
  const n = indegree.length;
  const int32s = withRoutes ? 4 : 3;
  const bytes = withRoutes ? 4 : 3;
  const buffer = n > SEPARATE_UP_TO ? new ArrayBuffer(n * (2 * 8 + int32s * 4 + bytes)) : void 0;
  let offset = 0;
  const take = (kind) => {
    if (buffer === void 0) return new kind(n);
    const view = new kind(buffer, offset, n);
    offset += view.byteLength;
    return view;
  };
  const arrays = {
    startedAt: take(Float64Array).fill(Number.NaN),
    durations: take(Float64Array),
    attempts: take(Int32Array),
    indegree: take(Int32Array),
    ready: take(Int32Array),
    prunedDeps: withRoutes ? take(Int32Array) : void 0,
    state: take(Uint8Array),
    status: take(Uint8Array),
    pruned: take(Uint8Array),
    routeRejected: withRoutes ? take(Uint8Array) : void 0,
  };
  arrays.indegree.set(indegree);
  return arrays;
}

// src/internal/stageRecords.ts
var STATUSES = [void 0, "ok", "skip", "cancel", "fail"];
var STATUS_CODE = { ok: 1, skip: 2, cancel: 3, fail: 4 };
var StageRecords = class {
  #outputs;
  #attempts;
  /** Final status per stage, as an index into `STATUSES` (0 until it settles). */
  #status;
  #durations;
  /** 1 for a stage pruned by routing. */
  #pruned;
  /** Why a stage settled, when its output does not say (cancelled before starting, pruned, …); made on first use. */
  #reasons;
  /** Records built so far; made on first request. */
  #outcomes;
  /**
   * @param outputs - the run's outputs by stage index (read when a record is built)
   * @param arrays - the run's per-stage arrays (attempts, status, durations, pruning)
   */
  constructor(outputs, arrays) {
    this.#outputs = outputs;
    this.#attempts = arrays.attempts;
    this.#status = arrays.status;
    this.#durations = arrays.durations;
    this.#pruned = arrays.pruned;
  }
  /** Records that stage `i` settled with `status` after `durationMs`. */
  settle(i, status, durationMs) {
    this.#status[i] = STATUS_CODE[status];
    this.#durations[i] = durationMs;
  }
  /** Records why stage `i` settled, for a record whose output gives no reason. */
  explain(i, reason, pruned) {
    (this.#reasons ??= new Array(this.#status.length))[i] = reason;
    if (pruned) this.#pruned[i] = 1;
  }
  /** Stage `i`'s outcome record (built once, on first request); `undefined` before it settles. */
  outcome(i) {
    const status = STATUSES[this.#status[i]];
    if (status === void 0) return void 0;
    const outcomes = (this.#outcomes ??= new Array(this.#status.length));
    let outcome = outcomes[i];
    if (outcome === void 0) {
      const output = this.#outputs[i];
      outcome = {
        status,
        attempts: this.#attempts[i],
        durationMs: this.#durations[i],
        error: output?.error,
        reason: output?.reason ?? this.#reasons?.[i],
        pruned: this.#pruned[i] === 1,
        output,
      };
      outcomes[i] = outcome;
    }
    return outcome;
  }
  /** How many stages settled with each status. */
  counts() {
    const counts = { ok: 0, skip: 0, cancel: 0, fail: 0 };
    for (const code of this.#status) {
      const status = STATUSES[code];
      if (status !== void 0) counts[status]++;
    }
    return counts;
  }
};

// src/internal/run.ts
var PENDING = 0;
var RUNNING = 1;
var SETTLED = 2;
var Run = class {
  graph;
  nodes;
  host;
  emitter;
  clock;
  /**
   * The run's abort source: its signal is created when someone first reads it (most runs never do),
   * and links following it (retry and timeout attempts) need no signal at all.
   */
  link = new AbortLink();
  outputs;
  state;
  /** How each stage ended; outcome records are built on request. */
  records;
  attempts;
  failures = [];
  startedAtRun;
  routeRejected;
  prunedDeps;
  hooks;
  stopping;
  cancelReason;
  #indeg;
  /** When each stage started on the run's clock (NaN until it does). */
  startedAt;
  /** Stages whose dependencies have settled, in order; each enters at most once per run. */
  #ready;
  #readyHead = 0;
  #readyTail = 0;
  /** The clock reading taken by the settle that is releasing dependents (NaN outside one). */
  settleNow = Number.NaN;
  #running = 0;
  #settled = 0;
  #draining = false;
  #finished = false;
  #graceMs;
  /** Cancels the grace timer started when the run stopped with stages still running. */
  #cancelGrace;
  /** Run-level interceptors. */
  runInterceptors;
  /** Per-stage interceptor chains merged with the run's, built on first use (only when the run has some). */
  chains;
  #external;
  /** Stops following the external signal (one shared listener however many runs follow it). */
  #unfollowExternal;
  #resolve;
  #reject;
  constructor(graph, snapshot, options) {
    const n = graph.nodes.length;
    this.graph = graph;
    this.nodes = graph.nodes;
    this.clock = options.clock ?? systemClock;
    const random = options.random ?? Math.random;
    const runId = snapshot.runId.pipelineRunId;
    const pipeline = graph.name;
    this.emitter = new RunEmitter({
      sink: options.eventSink,
      onSinkError: options.onSinkError,
      runId,
      pipeline,
      clock: this.clock,
    });
    this.outputs = new Array(n);
    const values = /* @__PURE__ */ new Map();
    this.host = {
      signalSource: this.link,
      snapshot,
      runId,
      pipeline,
      clock: this.clock,
      random,
      emitter: this.emitter,
      values,
      outputs: this.outputs,
    };
    const arrays = allocateRunArrays(graph.indegree, graph.hasRoutes);
    this.state = arrays.state;
    this.attempts = arrays.attempts;
    this.records = new StageRecords(this.outputs, arrays);
    this.#indeg = arrays.indegree;
    this.startedAt = arrays.startedAt;
    this.#ready = arrays.ready;
    this.prunedDeps = arrays.prunedDeps;
    this.routeRejected = arrays.routeRejected;
    this.#graceMs = options.abortGraceMs ?? 1e4;
    const plugins = [...graph.plugins, ...checkPlugins("StageGraph.run", options.plugins)];
    this.runInterceptors = checkInterceptors("StageGraph.run", options.interceptors);
    if (this.runInterceptors.length > 0) this.chains = new Array(n);
    if (plugins.length > 0)
      this.hooks = new PluginHooks(
        plugins,
        createRunInfo({
          host: this.host,
          emitter: this.emitter,
          nodes: this.nodes,
          signal: this.signal,
          stages: graph.stages,
        }),
      );
    this.#external = options.signal;
    this.startedAtRun = this.clock.now();
  }
  /** The run's signal: aborted when the run stops (fail-fast, cancellation, an external abort). */
  get signal() {
    return this.link.signal;
  }
  /** Starts the run; resolves with its result. */
  start() {
    const done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.emitter.emit("pipeline.started", void 0, void 0, { stageCount: this.nodes.length });
    if (this.#external !== void 0) {
      this.#unfollowExternal = onAbort(this.#external, this.#onExternalAbort);
    }
    const hooks = this.hooks;
    if (hooks === void 0 || !hooks.hasRunStart) this.#begin();
    else
      hooks.runStart().then(
        () => this.#begin(),
        (error) => this.#abandon(error),
      );
    return done;
  }
  #begin() {
    try {
      this.hooks?.provideInto(this.host.values);
    } catch (error) {
      this.#abandon(error);
      return;
    }
    for (const root of this.graph.roots) this.#ready[this.#readyTail++] = root;
    this.#drain();
    this.#maybeFinish();
  }
  /**
   * A plugin broke while the run was starting: nothing has started, so reject as a programmer error,
   * after closing the event stream that `pipeline.started` opened.
   */
  #abandon(error) {
    this.#finished = true;
    this.#unfollowExternal?.();
    this.link.abort(error);
    this.emitter.emit("pipeline.failed", void 0, void 0, {
      status: "failed",
      durationMs: Math.max(0, this.clock.now() - this.startedAtRun),
      counts: { ok: 0, skip: 0, cancel: 0, fail: 0, retry: 0 },
    });
    this.#reject(error);
  }
  #onExternalAbort = () => {
    const reason = this.#external?.reason;
    const message = describeAbortReason(reason);
    this.stop(
      "cancelled",
      new PipelineCancelledError(`the run's signal was aborted (${message})`, void 0, reason),
    );
  };
  #drain() {
    if (this.#draining) return;
    this.#draining = true;
    const ready = this.#ready;
    while (this.#readyHead < this.#readyTail) this.#start(ready[this.#readyHead++]);
    this.#draining = false;
  }
  #start(i) {
    if (this.stopping !== void 0) return;
    const node = this.nodes[i];
    const decision = gate(node, this);
    this.state[i] = RUNNING;
    this.#running++;
    if (decision !== void 0) {
      if ("fail" in decision) this.settle(i, StageOutput.fail(decision.fail));
      else if (decision.pruned) this.settle(i, void 0, decision.skip, true);
      else this.settle(i, StageOutput.skip(decision.skip));
      return;
    }
    launchStage(this, i);
  }
  /**
   * Records a stage's final outcome (once: late results are discarded), tells plugins, applies the
   * failure policy and releases dependents.
   */
  settle(i, output, reason, pruned = false) {
    if (this.state[i] !== RUNNING) return;
    this.state[i] = SETTLED;
    this.#running--;
    this.#settled++;
    const node = this.nodes[i];
    const started = this.startedAt[i];
    const raw = output?.status ?? (pruned ? "skip" : "cancel");
    const status = raw === "retry" ? "fail" : raw;
    const now = this.clock.now();
    const durationMs = Number.isNaN(started) || now < started ? 0 : now - started;
    this.records.settle(i, status, durationMs);
    if (reason !== void 0 || pruned) this.records.explain(i, reason, pruned);
    if (output !== void 0) this.outputs[i] = output;
    const hooks = this.hooks;
    if (status === "ok" && hooks === void 0) {
      if (this.emitter.enabled) this.emitter.stageCompleted(node.name, this.attempts[i], durationMs);
    } else if (this.emitter.enabled || hooks !== void 0) {
      const outcome = this.outcomeOf(i);
      this.emitter.stageSettled(node.name, outcome);
      const decision = hooks?.settled(node, outcome);
      if (status === "fail" || status === "cancel" || typeof decision === "object")
        this.#policy(node, outcome, decision);
    } else if (status === "fail" || status === "cancel") {
      this.#policy(node, this.outcomeOf(i), void 0);
    }
    if (node.kind === StageKind.ROUTE && status === "ok" && this.routeRejected !== void 0)
      this.#route(node, output?.data);
    const prunedDeps = this.prunedDeps;
    const dependents = node.dependents;
    for (let k = 0; k < dependents.length; k++) {
      const d = dependents[k];
      if (pruned && prunedDeps !== void 0) prunedDeps[d] = prunedDeps[d] + 1;
      const left = this.#indeg[d] - 1;
      this.#indeg[d] = left;
      if (left === 0) this.#ready[this.#readyTail++] = d;
    }
    const outer = this.settleNow;
    this.settleNow = now;
    this.#drain();
    this.settleNow = outer;
    this.#maybeFinish();
  }
  /** Applies the failure policy to a failed or cancelled stage (or one a plugin asked to abort on). */
  #policy(node, outcome, decision) {
    const { status, output } = outcome;
    const abort = typeof decision === "object" ? decision.abort : void 0;
    if (status === "fail" && decision !== "tolerate")
      this.failures.push({ stage: node.name, error: output?.error ?? new Error("failed") });
    else if (abort !== void 0 && status !== "cancel") this.failures.push({ stage: node.name, error: abort });
    if (status === "cancel" && this.stopping === void 0) {
      this.stop(
        "cancelled",
        output?.error ?? new PipelineCancelledError(outcome.reason ?? "cancelled", node.name),
      );
    } else if (abort !== void 0 || (status === "fail" && decision === void 0)) {
      const why = status === "fail" ? "failed" : `settled and a plugin stopped the run (${abort?.message})`;
      this.stop(
        "failed",
        new PipelineCancelledError(
          `stage "${node.name}" ${why}, so the run was stopped`,
          node.name,
          status === "fail" ? output?.error : abort,
        ),
      );
    }
  }
  #route(node, data) {
    const route = data?.route;
    if (route === void 0) return;
    const keys = Array.isArray(route) ? route : [route];
    const selected = new Set(keys.map((k) => String(k)));
    for (const d of node.dependents) {
      if (!selected.has(this.nodes[d].branch)) this.routeRejected[d] = 1;
    }
  }
  /** Stops the run: aborts the run signal and waits (up to the grace period) for running stages. */
  stop(kind, reason) {
    if (this.stopping !== void 0 || this.#finished) return;
    this.stopping = kind;
    if (kind === "cancelled") this.cancelReason = reason;
    this.link.abort(reason);
    if (this.#running > 0 && Number.isFinite(this.#graceMs)) {
      this.#cancelGrace = scheduleOn(this.clock, this.#graceMs, () => this.#expireGrace());
    }
  }
  #expireGrace() {
    const why = `did not stop within abortGraceMs (${this.#graceMs} ms) after the run stopped`;
    for (let i = 0; i < this.state.length; i++) if (this.state[i] === RUNNING) this.settle(i, void 0, why);
  }
  #maybeFinish() {
    if (this.#finished || this.#running > 0 || this.#draining) return;
    if (this.#settled < this.nodes.length && this.stopping === void 0) return;
    this.#finished = true;
    this.#cancelGrace?.();
    this.#unfollowExternal?.();
    for (let i = 0; i < this.state.length; i++) {
      if (this.state[i] !== PENDING) continue;
      this.state[i] = RUNNING;
      this.#running++;
      this.settle(i, void 0, "the run stopped before this stage started");
    }
    finishRun(this, this.hooks).then(this.#resolve, this.#reject);
  }
  /** A settled stage's outcome record (built once, on first request); `undefined` before it settles. */
  outcomeOf(index) {
    return this.records.outcome(index);
  }
};

// src/stageGraph.ts
var StageGraph = class {
  /** The pipeline's name. */
  name;
  /** @internal */
  nodes;
  /** @internal */
  pipelineInterceptors;
  /** @internal */
  plugins;
  /** @internal */
  indegree;
  /** @internal */
  roots;
  /** @internal */
  hasRoutes;
  #names;
  #stages;
  /** @internal built by `Pipeline.build()` */
  constructor(name, nodes, interceptors, plugins) {
    this.name = name;
    this.nodes = nodes;
    this.pipelineInterceptors = interceptors;
    this.plugins = plugins;
    this.indegree = Int32Array.from(nodes, (n) => n.deps.length);
    this.roots = nodes.filter((n) => n.deps.length === 0).map((n) => n.index);
    this.hasRoutes = nodes.some((n) => n.hasRouteParent);
    this.#names = Object.freeze(nodes.map((n) => n.name));
    this.#stages = Object.freeze(nodes.map((n) => n.info));
    Object.freeze(this);
  }
  /** Stage names in topological order. */
  get stageNames() {
    return this.#names;
  }
  /** Every stage with its kind and dependencies, in topological order. */
  get stages() {
    return this.#stages;
  }
  /**
   * Runs the pipeline once. Resolves with a {@link PipelineResult} even when stages fail or the run
   * is cancelled; rejects only for programmer errors (an invalid snapshot or options).
   * @param snapshot - the run's frozen snapshot (`ContextSnapshot.create(...)`)
   * @param options - sink, interceptors, plugins, signal, clock, random
   * @returns the run's result
   * @throws `InvalidOptionsError` (as a rejection) for an unknown option or a snapshot that is not a `ContextSnapshot`
   */
  async run(snapshot, options) {
    validateRunOptions(snapshot, options);
    return new Run(this, snapshot, options ?? {}).start();
  }
};

// src/internal/buildGraph.ts
function findCycle(entries, indexOf, remaining) {
  const color = new Uint8Array(entries.length);
  const parent = new Int32Array(entries.length).fill(-1);
  for (const start of remaining) {
    if (color[start] !== 0) continue;
    const stack = [[start, 0]];
    color[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      const deps = entries[node].dependsOn;
      if (next >= deps.length) {
        color[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const dep = indexOf.get(deps[next]);
      if (color[dep] === 1) {
        const path = [entries[dep].stage.name];
        for (let at = node; at !== dep; at = parent[at]) path.push(entries[at].stage.name);
        path.push(entries[dep].stage.name);
        return path;
      }
      if (color[dep] === 0) {
        color[dep] = 1;
        parent[dep] = node;
        stack.push([dep, 0]);
      }
    }
  }
  return [];
}
var NO_INTERCEPTORS = [];
function orderedOrNone(list) {
  return list.length === 0 ? NO_INTERCEPTORS : orderInterceptors(list);
}
function buildGraph(pipeline, entries, pipelineInterceptors, plugins) {
  const problems = [];
  if (entries.length === 0) {
    throw new PipelineValidationError(pipeline, [
      { message: "the pipeline has no stages; add one with withStage()." },
    ]);
  }
  const indexOf = /* @__PURE__ */ new Map();
  entries.forEach((entry, i) => {
    const name = entry.stage.name;
    if (indexOf.has(name))
      problems.push({ stage: name, message: `stage "${name}" is added twice; stage names must be unique.` });
    else indexOf.set(name, i);
  });
  const cleanDeps = entries.map((entry) => {
    const name = entry.stage.name;
    const seen = /* @__PURE__ */ new Set();
    for (const dep of entry.dependsOn) {
      if (dep === name) problems.push({ stage: name, message: `stage "${name}" depends on itself.` });
      else if (!indexOf.has(dep)) {
        const hint = closestMatch(dep, indexOf.keys());
        problems.push({
          stage: name,
          message: `stage "${name}" depends on "${dep}", which is not in the pipeline.${hint ? ` Did you mean "${hint}"?` : ""}`,
        });
      }
      seen.add(dep);
    }
    return [...seen];
  });
  if (problems.length > 0) throw new PipelineValidationError(pipeline, problems);
  const checked = entries.map((entry, i) => ({ ...entry, dependsOn: cleanDeps[i] }));
  const n = checked.length;
  const indegree = new Int32Array(n);
  const dependents = Array.from({ length: n }, () => []);
  checked.forEach((entry, i) => {
    indegree[i] = entry.dependsOn.length;
    for (const dep of entry.dependsOn) dependents[indexOf.get(dep)].push(i);
  });
  const order = [];
  const remaining = Int32Array.from(indegree);
  for (let i = 0; i < n; i++) if (remaining[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    for (const d of dependents[order[head]]) {
      remaining[d] = remaining[d] - 1;
      if (remaining[d] === 0) order.push(d);
    }
  }
  if (order.length < n) {
    const stuck = [];
    for (let i = 0; i < n; i++) if (remaining[i] > 0) stuck.push(i);
    throw new CycleDetectedError(pipeline, findCycle(checked, indexOf, stuck));
  }
  const position = new Int32Array(n);
  order.forEach((entryIndex, pos) => {
    position[entryIndex] = pos;
  });
  const nodes = order.map((entryIndex, pos) => {
    const entry = checked[entryIndex];
    const deps = entry.dependsOn.map((d) => position[indexOf.get(d)]);
    const info = Object.freeze({
      name: entry.stage.name,
      kind: entry.stage.kind ?? StageKind.TRANSFORM,
      dependsOn: Object.freeze([...entry.dependsOn]),
      index: pos,
      stage: entry.stage,
    });
    return {
      index: pos,
      name: info.name,
      kind: info.kind,
      stage: entry.stage,
      output: entry.stage.output,
      target: callTargetOf(entry.stage),
      info,
      deps,
      // A plain copy, not the frozen `info.dependsOn`: V8 does not optimise `for…of` over frozen arrays (a stage
      // iterating `ctx.inputs.names` measured ≈15 ns more per loop, plus a result object per step).
      depNames: [...entry.dependsOn],
      depIndex: new Map(entry.dependsOn.map((d, k) => [d, k])),
      dependents: dependents[entryIndex].map((d) => position[d]),
      when: entry.when,
      interceptors: orderedOrNone([...pipelineInterceptors, ...entry.interceptors]),
      ownInterceptors: entry.interceptors,
      branch: entry.branch ?? info.name,
      hasRouteParent: false,
    };
  });
  for (const node of nodes) {
    node.hasRouteParent = node.deps.some((d) => nodes[d].kind === StageKind.ROUTE);
    Object.freeze(node);
  }
  return new StageGraph(pipeline, nodes, pipelineInterceptors, plugins);
}

// src/errors/stageTimeoutError.ts
var StageTimeoutError = class extends StageflowError {
  /** The stage that timed out. */
  stage;
  /** The timeout that was exceeded. */
  timeoutMs;
  /**
   * @param stage - the stage that timed out
   * @param timeoutMs - the timeout that was exceeded
   */
  constructor(stage, timeoutMs) {
    super(
      "STAGE_TIMEOUT",
      `Stage "${stage}" did not finish within ${timeoutMs} ms. Raise its timeoutMs, or make it honour ctx.signal so it stops sooner.`,
    );
    this.name = "StageTimeoutError";
    this.stage = stage;
    this.timeoutMs = timeoutMs;
  }
};

// src/timeoutInterceptor.ts
var KEYS2 = ["timeoutMs", "priority"];
var TimeoutInterceptor = class {
  /** Always `"timeout"`. */
  name = "timeout";
  /** Position in the onion. */
  priority;
  /** The timeout. */
  timeoutMs;
  /** @param options - `timeoutMs` and an optional priority */
  constructor(options) {
    assertKnownOptions("TimeoutInterceptor", options, KEYS2);
    const ms = options?.timeoutMs;
    if (typeof ms !== "number" || !(ms > 0) || !Number.isFinite(ms)) {
      throw new InvalidOptionsError(
        "TimeoutInterceptor",
        `timeoutMs must be a positive finite number, got ${String(ms)}.`,
      );
    }
    this.timeoutMs = ms;
    this.priority = options.priority ?? 300;
  }
  /**
   * Runs the inner layers with the attempt's own signal, racing them against one timer on the run's
   * clock. Finishing first cancels the timer and leaves the attempt's signal untouched.
   * @param ctx - the attempt's context
   * @param next - the inner layers
   * @returns the inner layers' output, or a `fail` carrying a {@link StageTimeoutError}
   */
  intercept(ctx, next) {
    const timeoutMs = this.timeoutMs;
    const link = new AbortLink(ctx);
    return new Promise((resolve, reject) => {
      let settled = false;
      let cancel;
      const finish = () => {
        if (settled) return false;
        settled = true;
        cancel?.();
        link.unlink();
        return true;
      };
      const pass = (thrown) => {
        if (finish()) reject(thrown);
      };
      const onTimeout = () => {
        if (settled) return;
        settled = true;
        const error = new StageTimeoutError(ctx.stageName, timeoutMs);
        try {
          ctx.emit("stage.timeout", { timeoutMs });
        } finally {
          link.abort(error);
        }
        resolve(StageOutput.fail(error));
      };
      try {
        cancel = scheduleOn(ctx.clock, timeoutMs, () => {
          try {
            onTimeout();
          } catch (thrown) {
            settled = false;
            pass(thrown);
          }
        });
        if (settled) return;
        next(link.overrides()).then((output) => {
          if (finish()) resolve(output);
        }, pass);
      } catch (thrown) {
        pass(thrown);
      }
    });
  }
};

// src/pipeline.ts
var PIPELINE_OPTION_KEYS = ["interceptors", "plugins"];
var Pipeline = class {
  /** The pipeline's name, used in events and errors. */
  name;
  #entries = [];
  #interceptors;
  #plugins;
  #built;
  /**
   * @param name - the pipeline's name
   * @param options - pipeline-wide interceptors and plugins
   */
  constructor(name = "pipeline", options = {}) {
    if (typeof name !== "string" || name.length === 0)
      throw new InvalidOptionsError("Pipeline", "name must be a non-empty string.");
    assertKnownOptions("Pipeline", options, PIPELINE_OPTION_KEYS);
    this.name = name;
    this.#interceptors = checkInterceptors("Pipeline", options.interceptors);
    this.#plugins = checkPlugins("Pipeline", options.plugins);
  }
  /** Names of the stages added so far, in the order added. */
  get stageNames() {
    return this.#entries.map((e) => e.stage.name);
  }
  /**
   * Stages added so far with their declared dependencies, `when` condition and `branch` key (as given to
   * `withStage`), in the order added. Tools such as linters and diagram renderers read this.
   */
  get entries() {
    return Object.freeze([...this.#entries]);
  }
  /**
   * Adds a stage.
   * @param stage - the stage
   * @param options - dependencies, condition, interceptors, timeout, branch key
   * @returns this pipeline
   * @throws {@link InvalidOptionsError} for an invalid stage or an unknown option (naming the closest)
   */
  withStage(stage, options = {}) {
    validateStageShape(stage, "Pipeline.withStage");
    assertKnownOptions(`Pipeline.withStage("${stage.name}")`, options, STAGE_OPTION_KEYS);
    const where = `Pipeline.withStage("${stage.name}")`;
    const deps = options.dependsOn ?? [];
    if (!Array.isArray(deps))
      throw new InvalidOptionsError(where, "dependsOn must be an array of stage names or stages.");
    const dependsOn = deps.map((d) => {
      const name = typeof d === "string" ? d : d?.name;
      if (typeof name !== "string")
        throw new InvalidOptionsError(where, "dependsOn entries must be stage names or stages.");
      return name;
    });
    const when = options.when;
    if (when !== void 0 && typeof when !== "function" && typeof when.evaluate !== "function") {
      throw new InvalidOptionsError(where, "when must be a function or an object with evaluate().");
    }
    const interceptors = [...checkInterceptors(where, options.interceptors)];
    if (options.timeoutMs !== void 0)
      interceptors.push(new TimeoutInterceptor({ timeoutMs: options.timeoutMs }));
    if (options.branch !== void 0 && (typeof options.branch !== "string" || options.branch === "")) {
      throw new InvalidOptionsError(where, "branch must be a non-empty string.");
    }
    this.#entries.push({ stage, dependsOn, when, interceptors, branch: options.branch });
    this.#built = void 0;
    return this;
  }
  /**
   * Validates the pipeline and returns an immutable graph that can run many times, concurrently.
   * @returns the graph
   * @throws `PipelineValidationError` (empty, duplicate names, unknown or self dependencies) or
   * `CycleDetectedError` (with the cycle path)
   */
  build() {
    return (this.#built ??= buildGraph(this.name, this.#entries, this.#interceptors, this.#plugins));
  }
  /**
   * Builds once (cached until the next `withStage`) and runs.
   * @param snapshot - the run's snapshot
   * @param options - sink, interceptors, plugins, signal, clock
   * @returns the run's result
   */
  run(snapshot, options) {
    return this.build().run(snapshot, options);
  }
};
function checkInterceptors(where, list) {
  if (list === void 0) return [];
  if (!Array.isArray(list)) throw new InvalidOptionsError(where, "interceptors must be an array.");
  for (const i of list) {
    if (!isInterceptor(i)) {
      throw new InvalidOptionsError(
        where,
        "each interceptor needs a name and intercept() (or before/after/onError).",
      );
    }
  }
  return list.slice();
}
function checkPlugins(where, list) {
  if (list === void 0) return [];
  if (!Array.isArray(list)) throw new InvalidOptionsError(where, "plugins must be an array.");
  for (const p of list) {
    if (typeof p !== "object" || p === null || typeof p.name !== "string") {
      throw new InvalidOptionsError(where, "each plugin must be an object with a name.");
    }
  }
  return list.slice();
}

// src/events/redact.ts
var REDACTED = "[REDACTED]";
var norm = (key) => key.toLowerCase().replace(/[_-]/g, "");
var MAX_DEPTH2 = 32;
function mask(value, keys, depth, seen) {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH2 || seen.has(value)) return REDACTED;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => mask(v, keys, depth + 1, seen));
  const out = {};
  for (const key of Object.keys(value)) {
    const child = keys.has(norm(key)) ? REDACTED : mask(value[key], keys, depth + 1, seen);
    Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
function createRedactor(redact, where) {
  if (redact === void 0) return (event) => event;
  if (typeof redact === "function") return redact;
  if (!Array.isArray(redact) || !redact.every((k) => typeof k === "string")) {
    throw new InvalidOptionsError(
      where,
      "redact must be an array of field names or a function (event) => event.",
    );
  }
  const keys = new Set(redact.map(norm));
  return (event) => ({ ...event, data: mask(event.data, keys, 0, /* @__PURE__ */ new WeakSet()) });
}

// src/sinks/noOpEventSink.ts
var NoOpEventSink = class {
  /** Marks sinks the executor may skip entirely. */
  discardsEvents = true;
  /** Does nothing. */
  emit() {}
  /** Resolves at once. */
  async flush() {}
};

// src/sinks/callbackEventSink.ts
var IGNORE_VALUE = () => void 0;
var CallbackEventSink = class {
  #callback;
  #redact;
  /**
   * @param callback - receives every event
   * @param options - optional `redact`
   */
  constructor(callback, options = {}) {
    assertKnownOptions("CallbackEventSink", options, ["redact"]);
    this.#redact = createRedactor(options.redact, "CallbackEventSink");
    if (typeof callback !== "function") {
      throw new InvalidOptionsError("CallbackEventSink", "expected a callback function (event) => void.");
    }
    this.#callback = callback;
  }
  /** Passes the event to the callback. */
  emit(event) {
    const delivered = this.#redact(event);
    if (delivered === void 0) return void 0;
    const returned = this.#callback(delivered);
    if (typeof returned?.then !== "function") return void 0;
    return Promise.resolve(returned).then(IGNORE_VALUE);
  }
  /** Resolves at once: nothing is buffered. */
  async flush() {}
};

// src/sinks/compositeEventSink.ts
var CompositeEventSink = class {
  #sinks;
  #onSinkError;
  #redact;
  #errors = 0;
  /**
   * @param sinks - the child sinks
   * @param options - optional `onSinkError`
   */
  constructor(sinks, options = {}) {
    if (!Array.isArray(sinks) || sinks.some((s) => typeof s?.emit !== "function")) {
      throw new InvalidOptionsError(
        "CompositeEventSink",
        "expected an array of sinks, each with an emit(event) method.",
      );
    }
    assertKnownOptions("CompositeEventSink", options, ["onSinkError", "redact"]);
    this.#redact = createRedactor(options.redact, "CompositeEventSink");
    this.#sinks = [...sinks];
    this.#onSinkError = options.onSinkError;
  }
  /** Errors raised by child sinks so far. */
  get errorCount() {
    return this.#errors;
  }
  /**
   * Sends the event to every child.
   * @throws the failing children's error (an `AggregateError` for several) when the composite has no
   *   `onSinkError`; the returned promise rejects with it instead when a child is async
   */
  emit(original) {
    const event = this.#redact(original);
    if (event === void 0) return;
    if (this.#onSinkError !== void 0) {
      for (const sink of this.#sinks) deliver(sink, event, this.#onError);
      return;
    }
    const failed = [];
    let pending;
    for (const sink of this.#sinks) {
      try {
        const result = sink.emit(event);
        if (typeof result?.then === "function") {
          (pending ??= []).push(
            Promise.resolve(result).then(void 0, (error) => {
              this.#errors++;
              failed.push(error);
            }),
          );
        }
      } catch (error) {
        this.#errors++;
        failed.push(error);
      }
    }
    if (pending === void 0) {
      if (failed.length > 0) throw combine(failed, event.type);
      return;
    }
    return Promise.all(pending).then(() => {
      if (failed.length > 0) throw combine(failed, event.type);
    });
  }
  /**
   * Flushes every child that can flush. A failing flush goes to `onSinkError`; without one, the
   * returned promise rejects with it once every child has flushed.
   */
  async flush() {
    const failed = [];
    await Promise.all(
      this.#sinks.map(async (sink) => {
        try {
          await sink.flush?.();
        } catch (error) {
          if (this.#onSinkError === void 0) {
            this.#errors++;
            failed.push(error);
            return;
          }
          this.#onError(error, {
            type: "sink.flush",
            timestamp: Date.now(),
            runId: "",
            pipeline: "",
            data: void 0,
          });
        }
      }),
    );
    if (failed.length > 0) throw combine(failed, "sink.flush");
  }
  #onError = (error, event) => {
    this.#errors++;
    try {
      this.#onSinkError?.(error, event);
    } catch {}
  };
};
function combine(errors, type) {
  if (errors.length === 1) return errors[0];
  return new AggregateError(errors, `${errors.length} sinks of a CompositeEventSink failed on ${type}`);
}

// src/sinks/bufferedEventSink.ts
var KEYS3 = ["target", "capacity", "dropPolicy", "onSinkError", "redact"];
var BufferedEventSink = class {
  #target;
  #capacity;
  #policy;
  #onSinkError;
  #redact;
  // A ring kept as an array plus a head index; delivered and dropped slots are cleared and compacted away.
  #queue = [];
  #head = 0;
  #draining;
  #dropped = 0;
  #delivered = 0;
  #errors = 0;
  /** @param options - target, capacity, drop policy */
  constructor(options) {
    assertKnownOptions("BufferedEventSink", options, KEYS3);
    if (typeof options?.target?.emit !== "function") {
      throw new InvalidOptionsError("BufferedEventSink", "target must be an EventSink.");
    }
    const capacity = options.capacity ?? 1e3;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new InvalidOptionsError(
        "BufferedEventSink",
        `capacity must be a positive integer, got ${capacity}.`,
      );
    }
    const policy = options.dropPolicy ?? "drop_oldest";
    if (policy !== "drop_oldest" && policy !== "drop_newest") {
      throw new InvalidOptionsError(
        "BufferedEventSink",
        `dropPolicy must be "drop_oldest" or "drop_newest", got "${String(policy)}".`,
      );
    }
    this.#target = options.target;
    this.#capacity = capacity;
    this.#policy = policy;
    this.#onSinkError = options.onSinkError;
    this.#redact = createRedactor(options.redact, "BufferedEventSink");
  }
  /** Events queued and not yet delivered. */
  get size() {
    return this.#queue.length - this.#head;
  }
  /** Events dropped because the queue was full. */
  get droppedCount() {
    return this.#dropped;
  }
  /** Events handed to the target. */
  get deliveredCount() {
    return this.#delivered;
  }
  /** Errors the target raised. */
  get errorCount() {
    return this.#errors;
  }
  /** Queues the event (dropping per policy when full) and starts delivery. */
  emit(original) {
    const event = this.#redact(original);
    if (event === void 0) return;
    if (this.size >= this.#capacity) {
      this.#dropped++;
      if (this.#policy === "drop_newest") return;
      this.#take();
    }
    this.#queue.push(event);
    this.#draining ??= this.#drain();
  }
  /** Resolves once every queued event has been delivered and the target has flushed. */
  async flush() {
    while (this.#draining !== void 0) await this.#draining;
    try {
      await this.#target.flush?.();
    } catch (error) {
      this.#fail(error, {
        type: "sink.flush",
        timestamp: Date.now(),
        runId: "",
        pipeline: "",
        data: void 0,
      });
    }
  }
  async #drain() {
    await Promise.resolve();
    try {
      while (this.size > 0) {
        const event = this.#take();
        this.#delivered++;
        try {
          await this.#target.emit(event);
        } catch (error) {
          this.#fail(error, event);
        }
      }
    } finally {
      this.#draining = void 0;
    }
  }
  /** Removes and returns the oldest queued event, keeping memory bounded by the capacity. */
  #take() {
    const event = this.#queue[this.#head];
    this.#queue[this.#head] = void 0;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return event;
  }
  #fail(error, event) {
    this.#errors++;
    try {
      this.#onSinkError?.(error, event);
    } catch {}
  }
};

// src/sinks/loggingEventSink.ts
var WARN = /* @__PURE__ */ new Set([
  "stage.timeout",
  "stage.retry_scheduled",
  "stage.shed",
  "backpressure.overloaded",
  "circuit.opened",
  "context.near_limit",
  "context.stale",
  "context.truncation",
  "context.conflict",
  "pipeline.cancelled",
  "stage.cancelled",
]);
var ERROR = /* @__PURE__ */ new Set([
  "stage.failed",
  "pipeline.failed",
  "stage.retry_exhausted",
  "failure.recorded",
]);
var LEVELS = ["debug", "info", "warn", "error"];
function defaultLevel(event) {
  if (ERROR.has(event.type)) return "error";
  if (WARN.has(event.type)) return "warn";
  return event.type === "stage.started" ? "debug" : "info";
}
var LoggingEventSink = class {
  #logger;
  #levelFor;
  #redact;
  /** @param options - the logger and an optional level picker */
  constructor(options) {
    assertKnownOptions("LoggingEventSink", options, ["logger", "levelFor", "redact"]);
    const logger = options?.logger;
    if (LEVELS.some((level) => typeof logger?.[level] !== "function")) {
      throw new InvalidOptionsError(
        "LoggingEventSink",
        "logger needs debug, info, warn and error methods (pino-compatible).",
      );
    }
    if (options.levelFor !== void 0 && typeof options.levelFor !== "function") {
      throw new InvalidOptionsError("LoggingEventSink", "levelFor must be a function (event) => level.");
    }
    this.#logger = options.logger;
    this.#levelFor = options.levelFor ?? defaultLevel;
    this.#redact = createRedactor(options.redact, "LoggingEventSink");
  }
  /** Logs the event. */
  emit(original) {
    const event = this.#redact(original);
    if (event === void 0) return;
    const level = this.#levelFor(event);
    this.#logger[level]({ ...event }, event.stage === void 0 ? event.type : `${event.type} ${event.stage}`);
  }
  /** Resolves at once: the logger owns its buffering. */
  async flush() {}
};

exports.AbortLink = AbortLink;
exports.BufferedEventSink = BufferedEventSink;
exports.CallbackEventSink = CallbackEventSink;
exports.CompositeEventSink = CompositeEventSink;
exports.ContextSnapshot = ContextSnapshot;
exports.ContextSnapshotSchema = ContextSnapshotSchema;
exports.ConversationSchema = ConversationSchema;
exports.CycleDetectedError = CycleDetectedError;
exports.DEFAULT_INTERCEPTOR_PRIORITY = DEFAULT_INTERCEPTOR_PRIORITY;
exports.InvalidOptionsError = InvalidOptionsError;
exports.InvalidSnapshotError = InvalidSnapshotError;
exports.InvalidStageOutputError = InvalidStageOutputError;
exports.LoggingEventSink = LoggingEventSink;
exports.MessageSchema = MessageSchema;
exports.MissingContextValueError = MissingContextValueError;
exports.NoOpEventSink = NoOpEventSink;
exports.NonErrorThrownError = NonErrorThrownError;
exports.Pipeline = Pipeline;
exports.PipelineCancelledError = PipelineCancelledError;
exports.PipelineFailedError = PipelineFailedError;
exports.PipelineResult = PipelineResult;
exports.PipelineValidationError = PipelineValidationError;
exports.REDACTED = REDACTED;
exports.RoutingDecisionSchema = RoutingDecisionSchema;
exports.RunIdentitySchema = RunIdentitySchema;
exports.StageGraph = StageGraph;
exports.StageInputs = StageInputs;
exports.StageKind = StageKind;
exports.StageOutput = StageOutput;
exports.StageStatus = StageStatus;
exports.StageTimeoutError = StageTimeoutError;
exports.StageflowError = StageflowError;
exports.TimeoutInterceptor = TimeoutInterceptor;
exports.UndeclaredDependencyError = UndeclaredDependencyError;
exports.assertKnownOptions = assertKnownOptions;
exports.closestMatch = closestMatch;
exports.createContextKey = createContextKey;
exports.createRedactor = createRedactor;
exports.createStageContext = createStageContext;
exports.defineStage = defineStage;
exports.isStageKind = isStageKind;
exports.isStageOutput = isStageOutput;
exports.isStageflowError = isStageflowError;
exports.onAbort = onAbort;
exports.serializeError = serializeError;
exports.systemClock = systemClock;
//# sourceMappingURL=index.cjs.map
//# sourceMappingURL=index.cjs.map
