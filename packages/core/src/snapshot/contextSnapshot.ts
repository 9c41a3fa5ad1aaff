/**
 * @module `ContextSnapshot`: the frozen, validated input every stage of a run sees.
 */
import type { z } from "zod";
import { InvalidSnapshotError, type SnapshotIssue } from "../errors/invalidSnapshotError.js";
import { closestMatch } from "../options.js";
import {
  ContextSnapshotSchema,
  ConversationSchema,
  MessageSchema,
  RoutingDecisionSchema,
  RunIdentitySchema,
  type ContextSnapshotJSON,
} from "./contextSnapshotSchema.js";
import { frozenCopy, inspectJson, joinPath } from "./jsonSafety.js";

/** One conversation message. */
export type Message = z.output<typeof MessageSchema>;
/** A routing decision. */
export type RoutingDecision = z.output<typeof RoutingDecisionSchema>;

/** Run identity fields; only `pipelineRunId` is always set. */
export interface RunIdentity {
  /** Unique id of this run; generated when not given. Every event carries it as `runId`. */
  readonly pipelineRunId: string;
  /** The inbound request that started the run (e.g. an HTTP request id). */
  readonly requestId: string | null;
  /** The chat or app session. */
  readonly sessionId: string | null;
  /** The end user. */
  readonly userId: string | null;
  /** The tenant or organisation. */
  readonly orgId: string | null;
  /** One user turn or interaction within a session. */
  readonly interactionId: string | null;
}

/** What `ContextSnapshot.create` accepts; every field is optional. */
export interface ContextSnapshotInit<
  TInput = unknown,
  TExtensions extends Record<string, unknown> = Record<string, unknown>,
> {
  /** Run identity; `pipelineRunId` is generated when absent. */
  readonly runId?: { readonly [K in keyof RunIdentity]?: RunIdentity[K] | undefined } | undefined;
  /** Typed free-form input payload (must be JSON). */
  readonly input?: TInput | undefined;
  /** The user's text input. */
  readonly inputText?: string | null | undefined;
  /** Messages so far and an optional routing decision. */
  readonly conversation?:
    | {
        readonly messages?: readonly Message[] | undefined;
        readonly routingDecision?: RoutingDecision | null | undefined;
      }
    | undefined;
  /** Context added before the run (profile, memory, documents). */
  readonly enrichments?: Readonly<Record<string, unknown>> | undefined;
  /** Typed application-specific data, by namespace. */
  readonly extensions?: TExtensions | undefined;
  /** Name of the topology. */
  readonly topology?: string | null | undefined;
  /** Execution mode. */
  readonly executionMode?: string | null | undefined;
  /** Free-form JSON metadata. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** ISO 8601 creation time; now when absent. */
  readonly createdAt?: string | undefined;
}

/** Valid keys of each strict object in a snapshot, by path (array indices removed), for "did you mean". */
const KNOWN_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ["", Object.keys(ContextSnapshotSchema.shape)],
  ["runId", Object.keys(RunIdentitySchema.shape)],
  ["conversation", Object.keys(ConversationSchema.shape)],
  ["conversation.messages", Object.keys(MessageSchema.shape)],
  ["conversation.routingDecision", Object.keys(RoutingDecisionSchema.shape)],
]);

function newId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** The last creation time formatted, by millisecond: snapshots made in a burst share one formatting. */
let lastCreatedMs = Number.NaN;
let lastCreatedAt = "";

function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastCreatedMs) {
    lastCreatedAt = new Date(ms).toISOString();
    lastCreatedMs = ms;
  }
  return lastCreatedAt;
}

/**
 * Gives a checked copy of `create`'s input a run id (or a `pipelineRunId` in a partial one) and a creation
 * time when it has none; anything else there is left for the schema to judge.
 */
function fillMissingIdentity(copy: unknown): void {
  if (typeof copy !== "object" || copy === null) return;
  const fields = copy as Record<string, unknown>;
  const runId = fields.runId;
  if (runId === undefined || runId === null) fields.runId = { pipelineRunId: newId() };
  else if (typeof runId === "object" && !Array.isArray(runId)) {
    const partial = runId as Record<string, unknown>;
    if (partial.pipelineRunId === undefined) partial.pipelineRunId = newId();
  }
  fields.createdAt ??= nowIso();
}

function zodIssues(error: z.ZodError): SnapshotIssue[] {
  const out: SnapshotIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.reduce<string>(
      (at, key) => joinPath(at, typeof key === "number" ? key : String(key)),
      "",
    );
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const known = KNOWN_KEYS.get(path.replace(/\[\d+\]/g, ""));
        const hint = known === undefined ? undefined : closestMatch(key, known);
        out.push({
          path: joinPath(path, key),
          message: `unknown field${hint ? `; did you mean "${hint}"?` : ""}`,
        });
      }
    } else {
      out.push({
        path,
        message: issue.message.length > 300 ? `${issue.message.slice(0, 300)}…` : issue.message,
      });
    }
  }
  return out;
}

/** An array, or an object that cannot even say whether it is one (a revoked Proxy). */
function isArrayOrUnreadable(value: object): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return true;
  }
}

/**
 * The immutable input of a run: identity, the typed `input` payload, conversation, enrichments,
 * extensions and metadata. Built only by {@link ContextSnapshot.create} or
 * {@link ContextSnapshot.fromJSON}, validated by {@link ContextSnapshotSchema}, deeply frozen, and
 * losslessly JSON round-trippable.
 * @example
 * ```ts
 * const snapshot = ContextSnapshot.create({ inputText: "What is our refund policy?", runId: { userId: "u1" } });
 * const copy = ContextSnapshot.fromJSON(JSON.parse(JSON.stringify(snapshot)));
 * ```
 */
export class ContextSnapshot<
  TInput = unknown,
  TExtensions extends Record<string, unknown> = Record<string, unknown>,
> {
  /** Run identity. */
  readonly runId: RunIdentity;
  /** Typed input payload (`null` when none was given). */
  readonly input: TInput;
  /** The user's text input. */
  readonly inputText: string | null;
  /** Conversation so far. */
  readonly conversation: {
    readonly messages: readonly Message[];
    readonly routingDecision: RoutingDecision | null;
  };
  /** Context added before the run. */
  readonly enrichments: Readonly<Record<string, unknown>>;
  /** Typed application data. */
  readonly extensions: Readonly<TExtensions>;
  /** Topology name. */
  readonly topology: string | null;
  /** Execution mode. */
  readonly executionMode: string | null;
  /** Free-form metadata. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** ISO 8601 creation time. */
  readonly createdAt: string;

  private constructor(data: ContextSnapshotJSON) {
    // Field by field: a frozen copy of the whole record would be built only to be read once.
    this.runId = frozenCopy(data.runId);
    this.input = frozenCopy(data.input) as TInput;
    this.inputText = data.inputText;
    this.conversation = frozenCopy(data.conversation);
    this.enrichments = frozenCopy(data.enrichments);
    this.extensions = frozenCopy(data.extensions) as TExtensions;
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
  static create<TInput = null, TExtensions extends Record<string, unknown> = Record<string, unknown>>(
    init: ContextSnapshotInit<TInput, TExtensions> = {},
  ): ContextSnapshot<TInput, TExtensions> {
    if (typeof init !== "object" || init === null || isArrayOrUnreadable(init)) {
      throw new InvalidSnapshotError([{ path: "", message: "expected an object of snapshot fields" }]);
    }
    return ContextSnapshot.#parse<TInput, TExtensions>(init, true);
  }

  /**
   * Rebuilds a snapshot from `toJSON()` output (or its JSON text), validating it.
   * @param json - the object, or a JSON string
   * @returns the snapshot
   * @throws {@link InvalidSnapshotError} listing every bad path (also for malformed JSON text)
   */
  static fromJSON<TInput = unknown, TExtensions extends Record<string, unknown> = Record<string, unknown>>(
    json: unknown,
  ): ContextSnapshot<TInput, TExtensions> {
    let value = json;
    if (typeof json === "string") {
      try {
        value = JSON.parse(json) as unknown;
      } catch (error) {
        throw new InvalidSnapshotError([
          { path: "", message: `not valid JSON: ${(error as Error).message}` },
        ]);
      }
    }
    if (typeof value !== "object" || value === null || isArrayOrUnreadable(value)) {
      throw new InvalidSnapshotError([{ path: "", message: "expected an object of snapshot fields" }]);
    }
    return ContextSnapshot.#parse<TInput, TExtensions>(value);
  }

  /** Tells whether a value is a snapshot built by this class. */
  static isSnapshot(value: unknown): value is ContextSnapshot {
    return value instanceof ContextSnapshot;
  }

  /**
   * @param fillIdentity - give a missing run id and creation time fresh ones (`create`; `fromJSON` does not)
   */
  static #parse<TInput, TExtensions extends Record<string, unknown>>(
    value: object,
    fillIdentity = false,
  ): ContextSnapshot<TInput, TExtensions> {
    const inspected = inspectJson(value);
    // The safety walk's copy is the caller's data copied once, so the defaults go straight into it.
    if (fillIdentity) fillMissingIdentity(inspected.value);
    const parsed = ContextSnapshotSchema.safeParse(inspected.value);
    if (parsed.success && inspected.issues.length === 0)
      return new ContextSnapshot<TInput, TExtensions>(parsed.data);
    // Report both kinds of problem at once; a value already reported as not JSON is not reported again.
    const unsafe = inspected.issues;
    const covered = (path: string): boolean =>
      unsafe.some((u) => path === u.path || path.startsWith(`${u.path}.`) || path.startsWith(`${u.path}[`));
    const invalid = parsed.success ? [] : zodIssues(parsed.error).filter((i) => !covered(i.path));
    throw new InvalidSnapshotError([...unsafe, ...invalid]);
  }

  /**
   * The snapshot as plain JSON; `ContextSnapshot.fromJSON(snapshot.toJSON())` is equal to `snapshot`.
   * @returns the fields, in schema order
   */
  toJSON(): ContextSnapshotJSON {
    return {
      runId: this.runId,
      input: this.input as ContextSnapshotJSON["input"],
      inputText: this.inputText,
      conversation: this.conversation as ContextSnapshotJSON["conversation"],
      enrichments: this.enrichments as ContextSnapshotJSON["enrichments"],
      extensions: this.extensions as ContextSnapshotJSON["extensions"],
      topology: this.topology,
      executionMode: this.executionMode,
      metadata: this.metadata as ContextSnapshotJSON["metadata"],
      createdAt: this.createdAt,
    };
  }
}
