import { StandardSchemaV1 } from "@standard-schema/spec";
import { z } from "zod";

/**
 * @module Stage kinds and output statuses.
 */
/** What a stage does; used for display, for plugins (ENRICH outputs merge into enrichments) and for routing. */
declare const StageKind: {
  /** Reshapes data (prompt building, LLM calls, parsing). */
  readonly TRANSFORM: "transform";
  /** Adds context before a model call (profile, memory, retrieval). */
  readonly ENRICH: "enrich";
  /** Selects which dependent branches run, via `StageOutput.ok({ route })`. */
  readonly ROUTE: "route";
  /** Checks input or output (moderation, validation) and may cancel the run. */
  readonly GUARD: "guard";
  /** Side effects (writes, notifications). */
  readonly WORK: "work";
  /** An agent loop or tool use. */
  readonly AGENT: "agent";
};
/** One of the values of {@link StageKind}. */
type StageKind = (typeof StageKind)[keyof typeof StageKind];
/** The outcome of a stage attempt. */
declare const StageStatus: {
  /** Succeeded; `data` holds the result. */
  readonly OK: "ok";
  /** Chose not to run or was pruned; dependents still run and can read it. */
  readonly SKIP: "skip";
  /** Cancels the whole run. */
  readonly CANCEL: "cancel";
  /** Failed; under fail-fast this aborts the run. */
  readonly FAIL: "fail";
  /** Failed but asks to be retried; without a retry interceptor it counts as a failure. */
  readonly RETRY: "retry";
};
/** One of the values of {@link StageStatus}. */
type StageStatus = (typeof StageStatus)[keyof typeof StageStatus];
/**
 * Tells whether a string is a valid {@link StageKind}.
 * @param value - the value to test
 * @returns `true` for `"transform"`, `"enrich"`, …
 */
declare function isStageKind(value: unknown): value is StageKind;

/**
 * @module `StageOutput`: what a stage returns, with constructors for each status.
 */

/** An artifact a stage produced for the caller (a file, a chart, a citation list). */
interface StageArtifact {
  /** What kind of artifact this is (`"citation"`, `"image"`, …). */
  readonly type: string;
  /** Its content. */
  readonly payload: unknown;
}
/** A stage-local event carried on an output (distinct from the events a sink receives). */
interface StageOutputEvent {
  /** Event type. */
  readonly type: string;
  /** Event payload. */
  readonly data?: unknown;
}
/** Extra fields accepted by the {@link StageOutput} constructors. */
interface StageOutputExtras {
  /** Artifacts for the caller. */
  readonly artifacts?: readonly StageArtifact[];
  /** Stage-local events. */
  readonly events?: readonly StageOutputEvent[];
  /** Duration the stage measured itself. */
  readonly durationMs?: number;
}
/** What a stage returns: a status, its data, and optional artifacts, events, error and duration. */
interface StageOutput<TData = unknown> {
  /** The outcome. */
  readonly status: StageStatus;
  /** The stage's result (or partial result on skip/cancel/fail). */
  readonly data: TData;
  /** Artifacts for the caller. */
  readonly artifacts: readonly StageArtifact[];
  /** Stage-local events. */
  readonly events: readonly StageOutputEvent[];
  /** The error of a `fail` / `retry` / `cancel` output. */
  readonly error?: Error;
  /** Why the stage skipped or cancelled. */
  readonly reason?: string;
  /** How long the stage took, when it reports it itself. */
  readonly durationMs?: number;
}
/** Constructors for {@link StageOutput}; every output is frozen. */
declare const StageOutput: {
  /**
   * A successful output.
   * @param data - the stage's result
   * @param extras - artifacts, events, duration
   * @example `return StageOutput.ok({ answer })`
   */
  readonly ok: <T = undefined>(data?: T, extras?: StageOutputExtras) => StageOutput<T>;
  /**
   * The stage decided not to do its work; dependents still run and can read this output.
   * @param reason - why it skipped
   * @param data - optional partial data
   */
  readonly skip: <T = undefined>(reason?: string, data?: T, extras?: StageOutputExtras) => StageOutput<T>;
  /**
   * Cancels the whole run (e.g. a guard rejected the input); the run resolves as `cancelled`.
   * @param reason - why the run is cancelled
   * @param data - optional data (e.g. a refusal message)
   */
  readonly cancel: <T = undefined>(reason?: string, data?: T, extras?: StageOutputExtras) => StageOutput<T>;
  /**
   * A failed output; under fail-fast it aborts the run.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  readonly fail: <T = undefined>(error: unknown, data?: T, extras?: StageOutputExtras) => StageOutput<T>;
  /**
   * This attempt failed and should be retried; without a retry interceptor it counts as a failure.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  readonly retry: <T = undefined>(error: unknown, data?: T, extras?: StageOutputExtras) => StageOutput<T>;
};
/**
 * Tells whether a value was made by a {@link StageOutput} constructor (any installed copy).
 * @param value - the value to test
 * @returns `true` for outputs made by `StageOutput.ok` and friends
 */
declare function isStageOutput(value: unknown): value is StageOutput;

/** Where a run takes time from; every wait is abortable. `@stageflow/testing` ships a virtual one. */
interface Clock {
  /** Milliseconds since an arbitrary epoch (the system clock uses the Unix epoch). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts, and
   * clears its timer either way.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: calls `callback` once, `ms` milliseconds from now on this clock, unless the returned
   * function is called first. Cheaper than `sleep` with a signal when a timer is usually cancelled
   * (a timeout whose work finishes first); clocks without it keep working, core then falls back to
   * an abortable `sleep`. Negative and `NaN` delays count as 0; `Infinity` never fires.
   * @param ms - the delay in milliseconds
   * @param callback - called once when the delay has passed (not called after cancelling)
   * @returns a function that cancels the timer; calling it late or twice does nothing
   */
  schedule?(ms: number, callback: () => void): () => void;
}
/** A source of uniformly distributed numbers in [0, 1), injectable for deterministic jitter. */
type RandomSource = () => number;
/** The real clock: `Date.now()` and `setTimeout`. */
declare const systemClock: Clock;

/**
 * @module Typed keys for run-scoped services that plugins provide and stages read with `ctx.get(key)`.
 */
/** A value bound to a key, as returned by `key.provide(value)` from a plugin's `provide` hook. */
interface ProvidedValue<T = unknown> {
  /** The key. */
  readonly key: ContextKey<T>;
  /** The value stages will receive from `ctx.get(key)`. */
  readonly value: T;
}
/** A typed handle for a run-scoped value (a token budget, a tracker, a client). */
interface ContextKey<T> {
  /** Unique identity of the key. */
  readonly id: symbol;
  /** Name shown in errors. */
  readonly name: string;
  /** Builds a fallback when no plugin provides the key; `undefined` means `ctx.get` throws instead. */
  readonly defaultValue: (() => T) | undefined;
  /**
   * Binds a value to this key, for a plugin's `provide` hook.
   * @param value - the value stages will read
   */
  provide(value: T): ProvidedValue<T>;
}
/** Options of {@link createContextKey}. */
interface ContextKeyOptions<T> {
  /** Fallback factory used when no plugin provides the key. */
  readonly default?: () => T;
}
/**
 * Creates a typed context key.
 * @param name - a descriptive name, shown in errors
 * @param options - optional default factory
 * @returns the key
 * @example
 * ```ts
 * const DbKey = createContextKey<Db>("db");
 * const dbPlugin: Plugin = { name: "db", provide: () => [DbKey.provide(db)] };
 * // in a stage: const db = ctx.get(DbKey);
 * ```
 */
declare function createContextKey<T>(name: string, options?: ContextKeyOptions<T>): ContextKey<T>;

/** A stage reference: its name, or the stage object itself (which carries its output type). */
type StageRef = string | AnyStage;
/** A stage's declared dependencies, as a {@link StageInputs} looks them up. @internal */
interface InputSource {
  /**
   * Position of each declared dependency (in `depNames`) by name; only for stages with many
   * dependencies (see {@link indexOfNames}), the others search `depNames`.
   */
  readonly depIndex: ReadonlyMap<string, number> | undefined;
  /** Declared dependency names, in declaration order. */
  readonly depNames: readonly string[];
  /** Where each declared dependency's output sits in the outputs array, by position. */
  readonly deps: readonly number[];
}
/**
 * Read access to the outputs of a stage's declared dependencies. Reading any other stage throws
 * {@link UndeclaredDependencyError}; passing the stage object returns its output typed by its schema.
 */
declare class StageInputs {
  #private;
  /**
   * @param stage - the reading stage's name
   * @param source - the reading stage's declared dependencies
   * @param outputs - the run's outputs by stage index (undefined when a stage did not run or was pruned)
   * @internal
   */
  constructor(stage: string, source: InputSource, outputs: ReadonlyArray<StageOutput | undefined>);
  /** The declared dependencies, in declaration order. */
  get names(): readonly string[];
  /**
   * The output of a declared dependency, or `undefined` when it did not produce one (pruned, or
   * never ran because the run stopped).
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  get<S extends AnyStage>(stage: S): StageOutput<StageData<S>> | undefined;
  /**
   * The output of a declared dependency, by name (untyped).
   * @param stage - a dependency's name
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  get(stage: string): StageOutput | undefined;
  /**
   * Tells whether a declared dependency produced an output.
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  has(stage: StageRef): boolean;
  /**
   * The output of a declared dependency, which must exist.
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} for an undeclared stage; a `StageflowError` with code
   * `"MISSING_INPUT"` when the dependency produced no output
   */
  require<S extends AnyStage>(stage: S): StageOutput<StageData<S>>;
  /**
   * The output of a declared dependency, by name (untyped), which must exist.
   * @param stage - a dependency's name
   * @throws {@link UndeclaredDependencyError} or a `"MISSING_INPUT"` `StageflowError`
   */
  require(stage: string): StageOutput;
  /**
   * Reads one field of a dependency's `data`, or `defaultValue` when the output or the field is absent.
   * @param stage - a dependency's name or the stage object
   * @param key - the field of `data`
   * @param defaultValue - returned when absent
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  getFrom<T = unknown>(stage: StageRef, key: string, defaultValue?: T): T | undefined;
}

/**
 * @module The event family every run emits, as a discriminated union.
 */

/** An error as it travels in an event: plain JSON. */
interface SerializedError {
  /** The error's `name` (`"StageTimeoutError"`). */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** The Stageflow `code`, when it has one. */
  readonly code?: string;
}
/** How a run ended. */
type RunStatus = "completed" | "failed" | "cancelled";
/**
 * The `data` of every built-in event type. Packages and applications add their own event types by
 * augmenting this interface (`declare module "@stageflow/core" { interface StageflowEventMap { … } }`).
 */
interface StageflowEventMap {
  /** A run began. */
  "pipeline.started": {
    readonly stageCount: number;
  };
  /** Every stage settled and none failed. */
  "pipeline.completed": RunEndData;
  /** At least one stage failed. */
  "pipeline.failed": RunEndData;
  /** The run was cancelled (by a stage or an external abort). */
  "pipeline.cancelled": RunEndData;
  /** A stage began its first attempt. */
  "stage.started": {
    readonly kind: StageKind;
  };
  /** A stage finished with `ok`. */
  "stage.completed": StageEndData;
  /** A stage skipped itself, was skipped by `when` or a plugin, or was pruned by a route. */
  "stage.skipped": StageEndData & {
    readonly reason: string;
    readonly pruned: boolean;
  };
  /** A stage failed (after all retries). */
  "stage.failed": StageEndData & {
    readonly error: SerializedError;
  };
  /** A stage was cancelled, or never started because the run stopped. */
  "stage.cancelled": StageEndData & {
    readonly reason: string;
  };
  /** An attempt exceeded its timeout. */
  "stage.timeout": {
    readonly timeoutMs: number;
  };
  /** The retry interceptor will try again after `delayMs`. */
  "stage.retry_scheduled": {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: SerializedError;
    readonly backoff: string;
    readonly jitter: string;
    readonly retryAfterMs?: number;
    readonly capped?: boolean;
  };
  /** The retry interceptor gave up. */
  "stage.retry_exhausted": {
    readonly attempts: number;
    readonly error: SerializedError;
    readonly reason: string;
  };
  /** Backpressure refused a stage. */
  "stage.shed": {
    readonly reason: string;
    readonly active: number;
    readonly queued: number;
  };
  /** Utilisation crossed the high watermark. */
  "backpressure.overloaded": BackpressureData;
  /** Utilisation fell below the low watermark. */
  "backpressure.recovered": BackpressureData;
  /** A circuit breaker opened. */
  "circuit.opened": CircuitData;
  /** A circuit breaker lets a probe through. */
  "circuit.half_open": CircuitData;
  /** A circuit breaker closed again. */
  "circuit.closed": CircuitData;
  /** The failure collector recorded a failure. */
  "failure.recorded": {
    readonly error: SerializedError;
    readonly recoverable: boolean;
    readonly mode: string;
  };
  /** Content was truncated to fit a token budget. */
  "context.truncation": Readonly<Record<string, unknown>>;
  /** Two writers disagreed about an enrichment field. */
  "context.conflict": Readonly<Record<string, unknown>>;
  /** A token budget crossed its near-limit ratio. */
  "context.near_limit": Readonly<Record<string, unknown>>;
  /** A stage read content past its TTL. */
  "context.stale": Readonly<Record<string, unknown>>;
}
/** Data of every `pipeline.*` end event. */
interface RunEndData {
  /** How the run ended. */
  readonly status: RunStatus;
  /** Run duration. */
  readonly durationMs: number;
  /** Count of stages per final status. */
  readonly counts: Readonly<Record<StageStatus, number>>;
  /**
   * What failed (`pipeline.failed` only): each failure counted against the run, in the order they
   * happened, as in `result.errors` (a stage's own error, or a plugin's reason for stopping the run).
   */
  readonly failures?: ReadonlyArray<{
    readonly stage: string;
    readonly error: SerializedError;
  }>;
  /** Why the run was cancelled (`pipeline.cancelled` only), as in `result.cancelReason`. */
  readonly reason?: SerializedError;
}
/** Data common to every stage end event. */
interface StageEndData {
  /** Time from the stage's start to its settlement (0 when it never started). */
  readonly durationMs: number;
  /** How many attempts ran. */
  readonly attempts: number;
}
/** Data of backpressure events. */
interface BackpressureData {
  /** Active stages ÷ capacity. */
  readonly utilization: number;
  /** Stages running. */
  readonly active: number;
  /** Stages waiting. */
  readonly queued: number;
}
/** Data of circuit events. */
interface CircuitData {
  /** The breaker's key (usually the stage name). */
  readonly key: string;
  /** Failures counted when the state changed. */
  readonly failures: number;
}
/** Every built-in event type name. */
type StageflowEventType = keyof StageflowEventMap;
/** Fields every event carries. */
interface EventEnvelope<TType extends string, TData> {
  /** Dotted event type (`"stage.completed"`). */
  readonly type: TType;
  /** `clock.now()` when emitted. */
  readonly timestamp: number;
  /** The run's `pipelineRunId`. */
  readonly runId: string;
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The stage concerned, for stage-level events. */
  readonly stage?: string;
  /** The attempt concerned, when there is one. */
  readonly attempt?: number;
  /** Type-specific payload. */
  readonly data: TData;
}
/** The discriminated union of every built-in event; narrow on `type`. */
type StageflowEvent = {
  [K in StageflowEventType]: EventEnvelope<K, StageflowEventMap[K]>;
}[StageflowEventType];
/** An event of any type, built-in or custom (as emitted with `ctx.emit("my.event", …)`). */
type AnyStageflowEvent = StageflowEvent | EventEnvelope<string, unknown>;
/** The event of one type. */
type EventOf<TType extends StageflowEventType> = Extract<
  StageflowEvent,
  {
    type: TType;
  }
>;
/**
 * Turns anything thrown into JSON for an event.
 * @param error - the error or value
 * @returns `{ name, message, code? }`
 */
declare function serializeError(error: unknown): SerializedError;

/**
 * @module The `EventSink` contract.
 */

/**
 * Receives every event of the runs it is given to. `emit` may be sync or async; a sink that throws
 * or rejects never fails a run (its errors go to the run's `onSinkError`). The executor does not
 * await `emit`, so a slow sink never slows a pipeline; buffer and `flush()` instead.
 */
interface EventSink {
  /** Receives one event. */
  emit(event: AnyStageflowEvent): void | Promise<void>;
  /** Delivers everything buffered; called by the application (e.g. before exit). */
  flush?(): Promise<void>;
}
/** Called when a sink throws or rejects; receives the error and the event it failed on. */
type SinkErrorHandler = (error: unknown, event: AnyStageflowEvent) => void;

/**
 * @module The zod schema that documents and validates every `ContextSnapshot` field.
 */

/** Identity of one run and of the request, session, user and organisation it belongs to. */
declare const RunIdentitySchema: z.ZodObject<
  {
    pipelineRunId: z.ZodString;
    requestId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    sessionId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    userId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    orgId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    interactionId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
  },
  z.core.$strict
>;
/** One message of the conversation. */
declare const MessageSchema: z.ZodObject<
  {
    role: z.ZodEnum<{
      system: "system";
      user: "user";
      assistant: "assistant";
      tool: "tool";
    }>;
    content: z.ZodString;
    name: z.ZodOptional<z.ZodString>;
    timestamp: z.ZodOptional<z.ZodISODateTime>;
    metadata: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodJSONSchema>>;
  },
  z.core.$strict
>;
/** A routing decision taken before or during the run. */
declare const RoutingDecisionSchema: z.ZodObject<
  {
    route: z.ZodString;
    confidence: z.ZodOptional<z.ZodNumber>;
    reason: z.ZodOptional<z.ZodString>;
  },
  z.core.$strict
>;
/** The conversation so far. */
declare const ConversationSchema: z.ZodObject<
  {
    messages: z.ZodDefault<
      z.ZodArray<
        z.ZodObject<
          {
            role: z.ZodEnum<{
              system: "system";
              user: "user";
              assistant: "assistant";
              tool: "tool";
            }>;
            content: z.ZodString;
            name: z.ZodOptional<z.ZodString>;
            timestamp: z.ZodOptional<z.ZodISODateTime>;
            metadata: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodJSONSchema>>;
          },
          z.core.$strict
        >
      >
    >;
    routingDecision: z.ZodDefault<
      z.ZodNullable<
        z.ZodObject<
          {
            route: z.ZodString;
            confidence: z.ZodOptional<z.ZodNumber>;
            reason: z.ZodOptional<z.ZodString>;
          },
          z.core.$strict
        >
      >
    >;
  },
  z.core.$strict
>;
/**
 * The schema of a serialised `ContextSnapshot`: the single source of truth for its fields, used both
 * as the runtime validator of `ContextSnapshot.create` / `fromJSON` and as documentation.
 */
declare const ContextSnapshotSchema: z.ZodObject<
  {
    runId: z.ZodObject<
      {
        pipelineRunId: z.ZodString;
        requestId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        sessionId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        userId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        orgId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        interactionId: z.ZodDefault<z.ZodNullable<z.ZodString>>;
      },
      z.core.$strict
    >;
    input: z.ZodDefault<z.ZodNullable<z.ZodJSONSchema>>;
    inputText: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    conversation: z.ZodDefault<
      z.ZodObject<
        {
          messages: z.ZodDefault<
            z.ZodArray<
              z.ZodObject<
                {
                  role: z.ZodEnum<{
                    system: "system";
                    user: "user";
                    assistant: "assistant";
                    tool: "tool";
                  }>;
                  content: z.ZodString;
                  name: z.ZodOptional<z.ZodString>;
                  timestamp: z.ZodOptional<z.ZodISODateTime>;
                  metadata: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodJSONSchema>>;
                },
                z.core.$strict
              >
            >
          >;
          routingDecision: z.ZodDefault<
            z.ZodNullable<
              z.ZodObject<
                {
                  route: z.ZodString;
                  confidence: z.ZodOptional<z.ZodNumber>;
                  reason: z.ZodOptional<z.ZodString>;
                },
                z.core.$strict
              >
            >
          >;
        },
        z.core.$strict
      >
    >;
    enrichments: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodJSONSchema>>;
    extensions: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodJSONSchema>>;
    topology: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    executionMode: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    metadata: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodJSONSchema>>;
    createdAt: z.ZodISODateTime;
  },
  z.core.$strict
>;
/** The JSON form of a snapshot, as `toJSON()` returns and `fromJSON()` accepts. */
type ContextSnapshotJSON = z.output<typeof ContextSnapshotSchema>;

/**
 * @module `ContextSnapshot`: the frozen, validated input every stage of a run sees.
 */

/** One conversation message. */
type Message = z.output<typeof MessageSchema>;
/** A routing decision. */
type RoutingDecision = z.output<typeof RoutingDecisionSchema>;
/** Run identity fields; only `pipelineRunId` is always set. */
interface RunIdentity {
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
interface ContextSnapshotInit<
  TInput = unknown,
  TExtensions extends Record<string, unknown> = Record<string, unknown>,
> {
  /** Run identity; `pipelineRunId` is generated when absent. */
  readonly runId?: Partial<RunIdentity>;
  /** Typed free-form input payload (must be JSON). */
  readonly input?: TInput;
  /** The user's text input. */
  readonly inputText?: string | null;
  /** Messages so far and an optional routing decision. */
  readonly conversation?: {
    readonly messages?: readonly Message[];
    readonly routingDecision?: RoutingDecision | null;
  };
  /** Context added before the run (profile, memory, documents). */
  readonly enrichments?: Readonly<Record<string, unknown>>;
  /** Typed application-specific data, by namespace. */
  readonly extensions?: TExtensions;
  /** Name of the topology. */
  readonly topology?: string | null;
  /** Execution mode. */
  readonly executionMode?: string | null;
  /** Free-form JSON metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** ISO 8601 creation time; now when absent. */
  readonly createdAt?: string;
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
declare class ContextSnapshot<
  TInput = unknown,
  TExtensions extends Record<string, unknown> = Record<string, unknown>,
> {
  #private;
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
  private constructor();
  /**
   * Creates a validated, deeply frozen snapshot. Missing ids are generated and `createdAt` defaults to now.
   * @param init - any subset of the snapshot's fields
   * @returns the snapshot
   * @throws {@link InvalidSnapshotError} listing every bad path
   */
  static create<TInput = null, TExtensions extends Record<string, unknown> = Record<string, unknown>>(
    init?: ContextSnapshotInit<TInput, TExtensions>,
  ): ContextSnapshot<TInput, TExtensions>;
  /**
   * Rebuilds a snapshot from `toJSON()` output (or its JSON text), validating it.
   * @param json - the object, or a JSON string
   * @returns the snapshot
   * @throws {@link InvalidSnapshotError} listing every bad path (also for malformed JSON text)
   */
  static fromJSON<TInput = unknown, TExtensions extends Record<string, unknown> = Record<string, unknown>>(
    json: unknown,
  ): ContextSnapshot<TInput, TExtensions>;
  /** Tells whether a value is a snapshot built by this class. */
  static isSnapshot(value: unknown): value is ContextSnapshot;
  /**
   * The snapshot as plain JSON; `ContextSnapshot.fromJSON(snapshot.toJSON())` is equal to `snapshot`.
   * @returns the fields, in schema order
   */
  toJSON(): ContextSnapshotJSON;
}

/**
 * @module `StageContext`: everything one stage attempt can see and do.
 */

/**
 * What a stage's `execute` receives for one attempt. Built by the executor; build one by hand with
 * `createStageContext` (or `createTestStageContext` from `@stageflow/testing`).
 */
interface StageContext<TInput = unknown> {
  /** The run's frozen snapshot. */
  readonly snapshot: ContextSnapshot<TInput>;
  /** Outputs of the stage's declared dependencies. */
  readonly inputs: StageInputs;
  /** This stage's name. */
  readonly stageName: string;
  /** This stage's kind. */
  readonly stageKind: StageKind;
  /** The attempt number, 1-based (greater than 1 under a retry interceptor). */
  readonly attempt: number;
  /** Aborts on run cancellation, fail-fast sibling failure, or this attempt's timeout. Honour it. */
  readonly signal: AbortSignal;
  /** The run's sink, wrapped so that it never throws. */
  readonly eventSink: EventSink;
  /** The run's clock; use it for waits so tests run in virtual time. */
  readonly clock: Clock;
  /** The run id (`snapshot.runId.pipelineRunId`). */
  readonly runId: string;
  /** The pipeline's name. */
  readonly pipeline: string;
  /**
   * Emits an event of any type with this stage and attempt filled in; never throws.
   * @param type - dotted event type
   * @param data - payload
   */
  emit<K extends keyof StageflowEventMap>(type: K, data: StageflowEventMap[K]): void;
  /**
   * Emits a custom event type (augment `StageflowEventMap` to type it).
   * @param type - dotted event type
   * @param data - payload; `{}` when omitted
   */
  emit(type: string, data?: unknown): void;
  /**
   * Emits `stage.${status}` for this stage (e.g. `recordStageEvent("progress", { pct: 40 })`).
   * @param status - the suffix after `stage.`
   * @param data - payload
   */
  recordStageEvent(status: string, data?: unknown): void;
  /**
   * Reads a run-scoped value a plugin provides.
   * @param key - the typed key
   * @throws `MissingContextValueError` when no plugin provides it and it has no default
   */
  get<T>(key: ContextKey<T>): T;
}

/**
 * @module `Stage` and `defineStage`: the unit of work in a pipeline.
 */

/**
 * What `execute` may return: a {@link StageOutput}, a plain value (treated as `StageOutput.ok(value)`),
 * or nothing (treated as `StageOutput.ok()`).
 */
type StageReturn<TData> = StageOutput<TData> | TData | void;
/** A unit of work: a name unique in its pipeline, a kind, and an `execute` function. */
interface Stage<TData = unknown, TName extends string = string> {
  /** Unique name within a pipeline; also the stable id used in events and results. */
  readonly name: TName;
  /** What the stage does. */
  readonly kind: StageKind;
  /** Optional Standard Schema (zod, valibot, arktype…) validating `data` of `ok` outputs. */
  readonly output?: StandardSchemaV1<unknown, TData> | undefined;
  /**
   * Runs one attempt. Honour `ctx.signal`: it aborts on run cancellation, fail-fast and timeouts.
   * @param ctx - the attempt's context
   */
  execute(ctx: StageContext): StageReturn<TData> | Promise<StageReturn<TData>>;
}
/** Any stage, whatever its data and name types. */
type AnyStage = Stage<any, string>;
/** The data type of a stage's `ok` output. */
type StageData<S> = S extends Stage<infer D, string> ? D : unknown;
/** The definition accepted by {@link defineStage}. */
interface StageDefinition<TName extends string, TSchema extends StandardSchemaV1 | undefined, TData> {
  /** Unique name within a pipeline. */
  readonly name: TName;
  /** What the stage does; defaults to `"transform"`. */
  readonly kind?: StageKind;
  /** Optional Standard Schema for `data` of `ok` outputs; its output type becomes the stage's data type. */
  readonly output?: TSchema;
  /** Runs one attempt. */
  execute(
    ctx: StageContext,
  ):
    | StageReturn<TSchema extends StandardSchemaV1 ? StandardSchemaV1.InferInput<TSchema> : TData>
    | Promise<StageReturn<TSchema extends StandardSchemaV1 ? StandardSchemaV1.InferInput<TSchema> : TData>>;
}
/**
 * Defines a stage, validating the definition. With an `output` schema, `ok` data is validated at the
 * boundary (a mismatch fails the stage with `InvalidStageOutputError` naming the path) and the schema's
 * output type becomes the stage's data type, which `ctx.inputs.get(stage)` returns in dependents.
 * @param definition - name, kind, optional output schema, execute
 * @returns a frozen {@link Stage}
 * @throws {@link InvalidOptionsError} for an unknown key, an empty name or an unknown kind
 * @example
 * ```ts
 * const retrieve = defineStage({
 *   name: "retrieve",
 *   kind: StageKind.ENRICH,
 *   output: z.object({ docs: z.array(z.string()) }),
 *   execute: async (ctx) => ({ docs: await search(ctx.snapshot.inputText ?? "", ctx.signal) }),
 * });
 * ```
 */
declare function defineStage<
  TName extends string,
  TSchema extends StandardSchemaV1 | undefined = undefined,
  TData = unknown,
>(
  definition: StageDefinition<TName, TSchema, TData>,
): Stage<TSchema extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<TSchema> : TData, TName>;

/**
 * @module The interceptor contract: an onion around each stage attempt.
 */

/** What an interceptor sees: the attempt's context plus the stage and the run's random source. */
interface InterceptorContext extends StageContext {
  /** The stage being run. */
  readonly stage: AnyStage;
  /** The run's random source (inject one per run for deterministic jitter). */
  readonly random: RandomSource;
}
/** Changes an interceptor may make for the layers inside it. */
interface NextOverrides {
  /** The attempt number the inner layers and the stage see. */
  readonly attempt?: number;
  /** The signal the inner layers and the stage see (e.g. a per-attempt signal with a timeout). */
  readonly signal?: AbortSignal;
}
/**
 * Runs the inner layers and finally the stage. Always resolves with a {@link StageOutput}: a stage
 * that throws resolves to a `fail` output whose `error` is what it threw (wrapped if not an Error),
 * and an attempt aborted by its signal resolves to `cancel` (or `fail` with the timeout error).
 */
type NextFn = (overrides?: NextOverrides) => Promise<StageOutput>;
/**
 * Cross-cutting behaviour around each stage attempt. Implement `intercept` for full control, or the
 * `before` / `after` / `onError` sugar. Interceptors are ordered by `priority` (lower is outer),
 * then by registration: pipeline-level, then run-level, then stage-level.
 *
 * ```
 * priority:  100 (default)  ▸ 200 retry ▸ 250 circuit breaker ▸ 300 timeout ▸ stage.execute
 *            outer ───────────────────────────────────────────────────────▸ inner
 * ```
 * An interceptor inside the retry wraps each attempt; one outside wraps all of them.
 */
interface Interceptor {
  /** Shown in errors and events. */
  readonly name: string;
  /**
   * Lower runs outside higher.
   * @defaultValue 100
   */
  readonly priority?: number;
  /**
   * Wraps the inner layers. Must return (or resolve to) the output of `next()` or a replacement.
   * @param ctx - this attempt's context
   * @param next - runs the inner layers; may be called more than once (retries)
   */
  intercept?(ctx: InterceptorContext, next: NextFn): Promise<StageOutput>;
  /** Runs before the inner layers; returning an output short-circuits them. Ignored when `intercept` is set. */
  before?(ctx: InterceptorContext): void | StageOutput | Promise<void | StageOutput>;
  /** Runs after a non-failed output; returning an output replaces it. Ignored when `intercept` is set. */
  after?(ctx: InterceptorContext, output: StageOutput): void | StageOutput | Promise<void | StageOutput>;
  /** Runs after a `fail` / `retry` output; returning an output replaces it. Ignored when `intercept` is set. */
  onError?(
    ctx: InterceptorContext,
    error: Error,
    output: StageOutput,
  ): void | StageOutput | Promise<void | StageOutput>;
}
/** Default priority of an interceptor that does not set one. */
declare const DEFAULT_INTERCEPTOR_PRIORITY = 100;

/**
 * @module `createStageContext`: builds a `StageContext` by hand, for tests and tools.
 */

/** Options of {@link createStageContext}. */
interface CreateStageContextOptions<TInput = unknown> {
  /** The stage's name. */
  readonly stageName: string;
  /** The stage's kind; defaults to `"transform"`. */
  readonly stageKind?: StageKind;
  /** The snapshot; defaults to `ContextSnapshot.create()`. */
  readonly snapshot?: ContextSnapshot<TInput>;
  /** Outputs of the stage's dependencies, by name; these become its declared dependencies. */
  readonly inputs?: Readonly<Record<string, StageOutput>>;
  /** Where `ctx.emit` sends events. */
  readonly eventSink?: EventSink;
  /** The attempt's signal; defaults to one that never aborts. */
  readonly signal?: AbortSignal;
  /** The attempt number; defaults to 1. */
  readonly attempt?: number;
  /** The clock; defaults to `systemClock`. */
  readonly clock?: Clock;
  /** The random source; defaults to `Math.random`. */
  readonly random?: () => number;
  /** Values for `ctx.get(key)`, as made by `key.provide(value)`. */
  readonly values?: readonly ProvidedValue<unknown>[];
  /** The stage object (interceptors read `ctx.stage`); defaults to a stage that does nothing. */
  readonly stage?: AnyStage;
  /** The pipeline name in events; defaults to `"standalone"`. */
  readonly pipeline?: string;
}
/**
 * Builds a context identical in behaviour to the executor's: inputs are limited to the given
 * dependencies, `emit` goes to the sink with the stage and attempt filled in and never throws, and
 * `get(key)` reads the given values.
 * @param options - the stage name plus any overrides
 * @returns a context usable with `stage.execute(ctx)` or an interceptor
 * @throws `InvalidOptionsError` for unknown keys or inputs that are not `StageOutput`s
 * @example
 * ```ts
 * const ctx = createStageContext({ stageName: "answer", inputs: { retrieve: StageOutput.ok({ docs: [] }) } });
 * const out = await answer.execute(ctx);
 * ```
 */
declare function createStageContext<TInput = unknown>(
  options: CreateStageContextOptions<TInput>,
): InterceptorContext;

/** One failed stage and its error. */
interface StageFailure {
  /** The stage that failed. */
  readonly stage: string;
  /** What it failed with. */
  readonly error: Error;
}
/**
 * An `AggregateError` of every stage failure of a run, thrown by `result.throwIfFailed()`.
 * `isStageflowError` recognises it; its `code` is `"PIPELINE_FAILED"`.
 */
declare class PipelineFailedError extends AggregateError {
  /** Always `"PIPELINE_FAILED"`. */
  readonly code: "PIPELINE_FAILED";
  /** The failed stages, in the order they failed. */
  readonly failures: readonly StageFailure[];
  /**
   * @param pipeline - the pipeline's name
   * @param failures - every failed stage
   */
  constructor(pipeline: string, failures: readonly StageFailure[]);
}

/** How one stage of a run ended. */
interface StageRecord {
  /** Final status (`retry` settles as `fail`). */
  readonly status: Exclude<StageStatus, "retry">;
  /** Attempts run (0 when it never started). */
  readonly attempts: number;
  /** Time from start to settlement (0 when it never started). */
  readonly durationMs: number;
  /** The error of a failed or cancelled stage. */
  readonly error: Error | undefined;
  /** Why it skipped or was cancelled. */
  readonly reason: string | undefined;
  /** True when skipped because a route did not select it (or all of its dependencies were pruned). */
  readonly pruned: boolean;
}
/**
 * Reports that plugins attach to a result. Packages extend it by declaration merging, e.g.
 * `@stageflow/tolerance` adds `failureSummary`.
 */
interface PipelineResultReports {}
/** Raw per-stage data the executor hands over. @internal */
interface ResultData {
  readonly pipeline: string;
  readonly runId: string;
  readonly status: RunStatus;
  readonly durationMs: number;
  readonly names: readonly string[];
  readonly outputs: ReadonlyArray<StageOutput | undefined>;
  /** The record of stage `index` (every stage has settled when the result is built). */
  readonly record: (index: number) => StageRecord;
  readonly failures: readonly StageFailure[];
  readonly cancelReason: Error | undefined;
  readonly sinkErrors: () => number;
}
/**
 * The outcome of one run. A run resolves with this even on failure or cancellation, so partial
 * outputs are never lost; call `throwIfFailed()` to turn failure into an exception.
 */
declare class PipelineResult {
  #private;
  /** How the run ended. */
  readonly status: RunStatus;
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The run id. */
  readonly runId: string;
  /** Run duration on the run's clock. */
  readonly durationMs: number;
  /** Failed stages in the order they failed. */
  readonly errors: readonly StageFailure[];
  /** Why the run was cancelled, when it was. */
  readonly cancelReason: Error | undefined;
  /** @internal */
  constructor(data: ResultData);
  /**
   * Errors the run's event sink raised (they never fail the run). Live: an async sink's rejection
   * that arrives after the run resolved is counted too, as is one on the final `pipeline.*` event.
   */
  get sinkErrors(): number;
  /** Outputs of every stage that produced one, by name. */
  get outputs(): Readonly<Record<string, StageOutput>>;
  /** One record per stage of the pipeline, by name. */
  get stages(): Readonly<Record<string, StageRecord>>;
  /**
   * The output of a stage, or `undefined` when it produced none.
   * @param name - a stage of this pipeline
   * @throws a `StageflowError` (`"UNKNOWN_STAGE"`) for a name the pipeline does not have
   */
  output<T = unknown>(name: string): StageOutput<T> | undefined;
  /**
   * The output of a stage that must have completed with `ok`.
   * @param name - a stage of this pipeline
   * @throws a `StageflowError` (`"MISSING_OUTPUT"`) naming the stage's status when it did not complete
   */
  require<T = unknown>(name: string): StageOutput<T>;
  /**
   * Throws when the run did not complete.
   * @returns this result, for chaining
   * @throws {@link PipelineFailedError} (an `AggregateError` of every stage error) when failed;
   * {@link PipelineCancelledError} when cancelled
   */
  throwIfFailed(): this;
  /** A JSON view: status, duration, and per-stage status, attempts, duration, error and data. */
  toJSON(): Record<string, unknown>;
}
/**
 * Reports attached by plugins (see {@link PipelineResultReports}) become typed fields of the result
 * through declaration merging.
 */
interface PipelineResult extends PipelineResultReports {}

/**
 * @module The plugin contract: run-level policy (failure modes, concurrency) and run-scoped services.
 */

/** A stage as plugins see it: fixed at `build()`, shared by every run. */
interface StageInfo {
  /** The stage's name. */
  readonly name: string;
  /** Its kind. */
  readonly kind: StageKind;
  /** Its declared dependencies. */
  readonly dependsOn: readonly string[];
  /** Its position in topological order. */
  readonly index: number;
  /** The stage object. */
  readonly stage: AnyStage;
}
/** How a stage settled: its record plus its output. */
interface StageOutcome extends StageRecord {
  /** The output, when the stage produced one (absent for pruned and never-started stages). */
  readonly output: StageOutput | undefined;
}
/** A dependency's outcome, as given to `shouldRun`. */
interface DependencyOutcome extends StageOutcome {
  /** The dependency's name. */
  readonly name: string;
}
/** One run, as plugins see it. */
interface RunInfo {
  /** The run id. */
  readonly runId: string;
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The run's snapshot. */
  readonly snapshot: ContextSnapshot<unknown>;
  /** Aborts when the run stops (fail-fast, cancel, external abort). */
  readonly signal: AbortSignal;
  /** The run's clock. */
  readonly clock: Clock;
  /** The run's random source. */
  readonly random: RandomSource;
  /** Every stage, in topological order. */
  readonly stages: readonly StageInfo[];
  /** The run's sink, wrapped so it never throws. */
  readonly eventSink: EventSink;
  /**
   * Emits an event for this run; never throws.
   * @param type - event type
   * @param data - payload
   * @param stage - the stage concerned, if any
   */
  emit<K extends keyof StageflowEventMap>(type: K, data: StageflowEventMap[K], stage?: string): void;
  /**
   * Emits a custom event type for this run; never throws.
   * @param type - dotted event type
   * @param data - payload
   * @param stage - the stage concerned, if any
   */
  emit(type: string, data: unknown, stage?: string): void;
  /** Stages that depend directly on `stage`. */
  dependentsOf(stage: string): readonly string[];
}
/** `shouldRun`'s answer: `undefined` to let the stage run, `{ skip }` to skip it with a reason. */
type ShouldRunDecision =
  | undefined
  | {
      readonly skip: string;
    };
/**
 * `acquire`'s answer: a release function to call when the stage settles, `undefined` when no slot is
 * needed, or `{ shed }` to refuse the stage (it fails with that error).
 */
type AcquireResult =
  | undefined
  | (() => void)
  | {
      readonly shed: Error;
    };
/**
 * `onStageSettled`'s answer: `{ abort: error }` stops the run and records `error` as the reason
 * (in `result.errors`, `throwIfFailed()` and the `pipeline.failed` event, against the stage that had
 * just settled); `"abort"` stops it with an error that names the plugin; `"continue"` keeps it going
 * (a failure still makes the run `failed`); `"tolerate"` keeps it going and does not count the failure
 * against the run (the stage's record still says `fail`, but the run can end `completed` and
 * `result.errors` leaves it out: for optional stages); `undefined` defers.
 */
type SettleDecision =
  | "continue"
  | "tolerate"
  | "abort"
  | {
      readonly abort: Error;
    }
  | undefined;
/**
 * Run-level policy and services. Every hook is optional; the scheduler calls them in plugin order.
 * A plugin object may be shared by concurrent runs: keep per-run state keyed by `RunInfo`
 * (e.g. in a `WeakMap`). Core's defaults: fail-fast, unlimited concurrency, no services.
 */
interface Plugin {
  /** Shown in errors. */
  readonly name: string;
  /** Called before any stage starts; may be async. */
  onRunStart?(run: RunInfo): void | Promise<void>;
  /** Values stages read with `ctx.get(key)`; called once per run after `onRunStart`. */
  provide?(run: RunInfo): Iterable<ProvidedValue<unknown>> | undefined;
  /** Called when a stage's dependencies have settled; return `{ skip }` to skip it. */
  shouldRun?(stage: StageInfo, dependencies: readonly DependencyOutcome[], run: RunInfo): ShouldRunDecision;
  /** Called before a stage starts (after `shouldRun`); may wait for a slot. Must honour `signal`. */
  acquire?(stage: StageInfo, signal: AbortSignal, run: RunInfo): AcquireResult | Promise<AcquireResult>;
  /**
   * Called when a stage settles, before its dependents are released. The run aborts when any plugin
   * answers `"abort"` or `{ abort }` (the first reason given is recorded); otherwise it tolerates the failure when any answers `"tolerate"`, and continues
   * when any answers `"continue"`; with no answer, core's fail-fast default applies (a `fail` aborts
   * the run). A `cancel` output always cancels the run.
   */
  onStageSettled?(stage: StageInfo, outcome: StageOutcome, run: RunInfo): SettleDecision;
  /** Called once when every stage has settled; a returned object's fields are attached to the result. */
  onRunEnd?(
    result: PipelineResult,
    run: RunInfo,
  ): void | Readonly<Record<string, unknown>> | Promise<void | Readonly<Record<string, unknown>>>;
}

/**
 * @module Which object the executor calls `execute` on for a stage.
 * @internal
 */

/** An object whose `execute` runs a stage: the stage itself, or the definition `defineStage` was given. */
interface CallTarget {
  execute(ctx: StageContext): unknown;
}

/**
 * @module The precomputed, immutable shape of one stage inside a built graph.
 * @internal
 */

/** A `when` condition: a function, or an object with `evaluate` (such as a `ConditionalDependency`). */
type WhenCondition =
  | ((inputs: StageInputs, snapshot: ContextSnapshot<unknown>) => boolean)
  | {
      evaluate(inputs: StageInputs, snapshot: ContextSnapshot<unknown>): boolean;
      readonly description?: string;
    };
/** One stage of a built graph. */
interface GraphNode {
  readonly index: number;
  readonly name: string;
  readonly kind: StageKind;
  readonly stage: AnyStage;
  /** The stage's output schema, kept here so a run reads it without touching the stage object. */
  readonly output: StandardSchemaV1 | undefined;
  /** What a run calls `execute` on: the stage, or its definition (see `callTargetOf`). */
  readonly target: CallTarget;
  readonly info: StageInfo;
  /** Indices of dependencies. */
  readonly deps: readonly number[];
  /** Names of dependencies, in declaration order. */
  readonly depNames: readonly string[];
  /** Position of each dependency in `deps` / `depNames`, by name, for stages with many (`indexOfNames`). */
  readonly depIndex: ReadonlyMap<string, number> | undefined;
  /** Indices of direct dependents. */
  readonly dependents: readonly number[];
  readonly when: WhenCondition | undefined;
  /** Pipeline- and stage-level interceptors, ordered. */
  readonly interceptors: readonly Interceptor[];
  /** Stage-level interceptors only (merged with run-level ones per run), unordered. */
  readonly ownInterceptors: readonly Interceptor[];
  /** The key a ROUTE parent selects this stage by (defaults to the name). */
  readonly branch: string;
  /** True when some dependency is a ROUTE stage. */
  readonly hasRouteParent: boolean;
}

/**
 * @module `StageGraph`: an immutable, validated pipeline that can run many times concurrently.
 */

/** Options of one run. */
interface RunOptions {
  /** Receives every event of the run; without one, no event objects are built at all. */
  readonly eventSink?: EventSink;
  /** Called when the sink throws or rejects (the run goes on); the count is `result.sinkErrors`. */
  readonly onSinkError?: SinkErrorHandler;
  /** Interceptors for every stage of this run, merged with pipeline- and stage-level ones by priority. */
  readonly interceptors?: readonly Interceptor[];
  /** Plugins for this run, after the pipeline's. */
  readonly plugins?: readonly Plugin[];
  /** Cancels the run: running stages are aborted and awaited, the rest recorded as cancelled. */
  readonly signal?: AbortSignal;
  /**
   * Time source for durations, timestamps, timeouts and backoffs.
   * @defaultValue `systemClock`
   */
  readonly clock?: Clock;
  /**
   * Random source for jitter.
   * @defaultValue `Math.random`
   */
  readonly random?: RandomSource;
  /**
   * After the run stops (failure, cancel, abort), how long to wait for running stages to honour their
   * signal before recording them as cancelled and resolving anyway. Their late results are discarded.
   * @defaultValue 10000
   */
  readonly abortGraceMs?: number;
}
/**
 * A validated, immutable pipeline. `run()` is re-entrant: one graph serves any number of concurrent
 * runs; each run copies only a counter array.
 */
declare class StageGraph {
  #private;
  /** The pipeline's name. */
  readonly name: string;
  /** @internal */
  readonly nodes: readonly GraphNode[];
  /** @internal */
  readonly pipelineInterceptors: readonly Interceptor[];
  /** @internal */
  readonly plugins: readonly Plugin[];
  /** @internal */
  readonly indegree: Int32Array;
  /** @internal */
  readonly roots: readonly number[];
  /** @internal */
  readonly hasRoutes: boolean;
  /** @internal built by `Pipeline.build()` */
  constructor(
    name: string,
    nodes: readonly GraphNode[],
    interceptors: readonly Interceptor[],
    plugins: readonly Plugin[],
  );
  /** Stage names in topological order. */
  get stageNames(): readonly string[];
  /** Every stage with its kind and dependencies, in topological order. */
  get stages(): readonly StageInfo[];
  /**
   * Runs the pipeline once. Resolves with a {@link PipelineResult} even when stages fail or the run
   * is cancelled; rejects only for programmer errors (an invalid snapshot or options).
   * @param snapshot - the run's frozen snapshot (`ContextSnapshot.create(...)`)
   * @param options - sink, interceptors, plugins, signal, clock, random
   * @returns the run's result
   * @throws `InvalidOptionsError` (as a rejection) for an unknown option or a snapshot that is not a `ContextSnapshot`
   */
  run(snapshot: ContextSnapshot<unknown>, options?: RunOptions): Promise<PipelineResult>;
}

/** Options of `Pipeline.withStage`. */
interface StageOptions {
  /** Stages (names or objects) that must settle before this one starts; their outputs are its inputs. */
  readonly dependsOn?: readonly StageRef[];
  /** Runs the stage only when this returns true; otherwise it is skipped (dependents still run). */
  readonly when?: WhenCondition;
  /** Interceptors for this stage only. */
  readonly interceptors?: readonly Interceptor[];
  /** Per-attempt timeout; adds a `TimeoutInterceptor` for this stage. */
  readonly timeoutMs?: number;
  /** The key a ROUTE dependency selects this stage by, when it is not the stage's name. */
  readonly branch?: string;
}
/** Options of the `Pipeline` constructor's second argument. */
interface PipelineOptions {
  /** Interceptors for every stage of every run. */
  readonly interceptors?: readonly Interceptor[];
  /** Plugins for every run. */
  readonly plugins?: readonly Plugin[];
}
/**
 * Collects stages and edges. `withStage` mutates and returns the same pipeline so calls chain;
 * `build()` validates in linear time and returns an immutable, re-entrant {@link StageGraph}.
 * @example
 * ```ts
 * const graph = new Pipeline("chat")
 *   .withStage(guard)
 *   .withStage(retrieve, { dependsOn: [guard] })
 *   .withStage(answer, { dependsOn: [retrieve], timeoutMs: 30_000 })
 *   .build();
 * const result = await graph.run(ContextSnapshot.create({ inputText: "hi" }));
 * ```
 */
declare class Pipeline {
  #private;
  /** The pipeline's name, used in events and errors. */
  readonly name: string;
  /**
   * @param name - the pipeline's name
   * @param options - pipeline-wide interceptors and plugins
   */
  constructor(name?: string, options?: PipelineOptions);
  /** Names of the stages added so far, in the order added. */
  get stageNames(): readonly string[];
  /**
   * Stages added so far with their declared dependencies, `when` condition and `branch` key (as given to
   * `withStage`), in the order added. Tools such as linters and diagram renderers read this.
   */
  get entries(): ReadonlyArray<{
    readonly stage: AnyStage;
    readonly dependsOn: readonly string[];
    readonly when?: WhenCondition | undefined;
    readonly branch?: string | undefined;
  }>;
  /**
   * Adds a stage.
   * @param stage - the stage
   * @param options - dependencies, condition, interceptors, timeout, branch key
   * @returns this pipeline
   * @throws {@link InvalidOptionsError} for an invalid stage or an unknown option (naming the closest)
   */
  withStage(stage: AnyStage, options?: StageOptions): this;
  /**
   * Validates the pipeline and returns an immutable graph that can run many times, concurrently.
   * @returns the graph
   * @throws `PipelineValidationError` (empty, duplicate names, unknown or self dependencies) or
   * `CycleDetectedError` (with the cycle path)
   */
  build(): StageGraph;
  /**
   * Builds once (cached until the next `withStage`) and runs.
   * @param snapshot - the run's snapshot
   * @param options - sink, interceptors, plugins, signal, clock
   * @returns the run's result
   */
  run(snapshot: ContextSnapshot<unknown>, options?: RunOptions): Promise<PipelineResult>;
}

/** Options of {@link TimeoutInterceptor}. */
interface TimeoutInterceptorOptions {
  /** Milliseconds an attempt may take (on the run's clock). */
  readonly timeoutMs: number;
  /**
   * Position in the onion; the default (300) sits inside a retry (200), so each attempt gets the full
   * timeout. Give it a priority below 200 to bound all attempts together.
   * @defaultValue 300
   */
  readonly priority?: number;
}
/**
 * Aborts the attempt's signal with a {@link StageTimeoutError} once `timeoutMs` passes on the run's
 * clock, emits `stage.timeout`, and resolves at once with a `fail` output carrying that error, even if
 * the stage ignores its signal (its late result is discarded). Clears its timer in every case.
 * @example
 * ```ts
 * pipeline.withStage(llm, { interceptors: [new TimeoutInterceptor({ timeoutMs: 20_000 })] });
 * // same as: pipeline.withStage(llm, { timeoutMs: 20_000 })
 * ```
 */
declare class TimeoutInterceptor implements Interceptor {
  /** Always `"timeout"`. */
  readonly name = "timeout";
  /** Position in the onion. */
  readonly priority: number;
  /** The timeout. */
  readonly timeoutMs: number;
  /** @param options - `timeoutMs` and an optional priority */
  constructor(options: TimeoutInterceptorOptions);
  /**
   * Runs the inner layers with the attempt's own signal, racing them against one timer on the run's
   * clock. Finishing first cancels the timer and leaves the attempt's signal untouched.
   * @param ctx - the attempt's context
   * @param next - the inner layers
   * @returns the inner layers' output, or a `fail` carrying a {@link StageTimeoutError}
   */
  intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput>;
}

/**
 * @module Redaction of event payloads before they reach a sink.
 */

/**
 * How a sink redacts events: a list of field names masked wherever they appear in `data` (compared
 * case-insensitively, `_` and `-` ignored, so `"apiKey"` also masks `api_key`), or a function that
 * returns the event to deliver (or `undefined` to drop it).
 */
type Redactor = readonly string[] | ((event: AnyStageflowEvent) => AnyStageflowEvent | undefined);
/** What a masked value is replaced with. */
declare const REDACTED = "[REDACTED]";
/**
 * Builds the function a sink applies to each event before delivering it.
 * @param redact - field names to mask, or a function
 * @param where - the sink's name, for errors
 * @returns a function returning the redacted event, or `undefined` to drop it
 * @throws {@link InvalidOptionsError} when `redact` is neither an array of strings nor a function
 * @example
 * ```ts
 * const apply = createRedactor(["apiKey", "email"], "MySink");
 * const safe = apply(event); // data.apiKey and any nested email are "[REDACTED]"
 * ```
 */
declare function createRedactor(
  redact: Redactor | undefined,
  where: string,
): (event: AnyStageflowEvent) => AnyStageflowEvent | undefined;

/**
 * @module A sink that discards everything.
 */

/**
 * Discards every event. A run whose sink is a `NoOpEventSink` (the default) does not even build
 * event objects, so observability costs nothing when it is off.
 */
declare class NoOpEventSink implements EventSink {
  /** Marks sinks the executor may skip entirely. */
  readonly discardsEvents = true;
  /** Does nothing. */
  emit(): void;
  /** Resolves at once. */
  flush(): Promise<void>;
}

/**
 * @module A sink that calls a function for each event.
 */

/** Options of {@link CallbackEventSink}. */
interface CallbackEventSinkOptions {
  /** Masks fields of each event's `data` (or rewrites or drops events) before the callback sees them. */
  readonly redact?: Redactor;
}
/**
 * Calls `callback` with every event; an async callback's promise is returned to the executor, which
 * reports a rejection through `onSinkError` without awaiting it. Whatever else the callback returns
 * is ignored, so `(e) => events.push(e)` is a valid callback.
 * @example
 * ```ts
 * const sink = new CallbackEventSink((e) => console.log(e.type, e.stage ?? ""));
 * ```
 */
declare class CallbackEventSink implements EventSink {
  #private;
  /**
   * @param callback - receives every event
   * @param options - optional `redact`
   */
  constructor(callback: (event: AnyStageflowEvent) => unknown, options?: CallbackEventSinkOptions);
  /** Passes the event to the callback. */
  emit(event: AnyStageflowEvent): void | Promise<void>;
  /** Resolves at once: nothing is buffered. */
  flush(): Promise<void>;
}

/**
 * @module A sink that fans every event out to several sinks.
 */

/** Options of {@link CompositeEventSink}. */
interface CompositeEventSinkOptions {
  /** Called when one of the child sinks throws or rejects; the other sinks still get the event. */
  readonly onSinkError?: SinkErrorHandler;
  /** Masks fields of each event's `data` (or rewrites or drops events) before any child sees them. */
  readonly redact?: Redactor;
}
/**
 * Sends every event to each child sink in order. A child that throws or rejects does not stop the
 * others, and its error is counted in `errorCount`. With an `onSinkError` of its own, the composite
 * reports child errors there and never throws. Without one, it passes them on to whoever called
 * `emit` once every child has the event: it throws (or, when a child is async, rejects) with the
 * error, or an `AggregateError` of all of them, so a run counts it in `result.sinkErrors` and reports
 * it to the run's `onSinkError` as for any other sink.
 */
declare class CompositeEventSink implements EventSink {
  #private;
  /**
   * @param sinks - the child sinks
   * @param options - optional `onSinkError`
   */
  constructor(sinks: readonly EventSink[], options?: CompositeEventSinkOptions);
  /** Errors raised by child sinks so far. */
  get errorCount(): number;
  /**
   * Sends the event to every child.
   * @throws the failing children's error (an `AggregateError` for several) when the composite has no
   *   `onSinkError`; the returned promise rejects with it instead when a child is async
   */
  emit(original: AnyStageflowEvent): void | Promise<void>;
  /**
   * Flushes every child that can flush. A failing flush goes to `onSinkError`; without one, the
   * returned promise rejects with it once every child has flushed.
   */
  flush(): Promise<void>;
}

/**
 * @module A sink with a bounded queue in front of a slow sink.
 */

/** What to do with a new event when the queue is full. */
type DropPolicy = "drop_oldest" | "drop_newest";
/** Options of {@link BufferedEventSink}. */
interface BufferedEventSinkOptions {
  /** Where events go, one at a time and in order (async `emit` is awaited before the next). */
  readonly target: EventSink;
  /**
   * Most events held at once.
   * @defaultValue 1000
   */
  readonly capacity?: number;
  /**
   * When full: `"drop_oldest"` evicts the oldest queued event, `"drop_newest"` refuses the new one.
   * Either way the drop is counted in `droppedCount`.
   * @defaultValue "drop_oldest"
   */
  readonly dropPolicy?: DropPolicy;
  /** Called when the target throws or rejects. */
  readonly onSinkError?: SinkErrorHandler;
  /** Masks fields of each event's `data` (or rewrites or drops events) before it is queued. */
  readonly redact?: Redactor;
}
/**
 * Queues events in a bounded ring and delivers them to `target` in the background, in order, one at
 * a time. The executor never waits for it; drops are explicit and counted; `flush()` waits until
 * everything queued has been delivered (and flushes the target).
 * @example
 * ```ts
 * const sink = new BufferedEventSink({ target: httpSink, capacity: 10_000, dropPolicy: "drop_oldest" });
 * await graph.run(snapshot, { eventSink: sink });
 * await sink.flush();
 * ```
 */
declare class BufferedEventSink implements EventSink {
  #private;
  /** @param options - target, capacity, drop policy */
  constructor(options: BufferedEventSinkOptions);
  /** Events queued and not yet delivered. */
  get size(): number;
  /** Events dropped because the queue was full. */
  get droppedCount(): number;
  /** Events handed to the target. */
  get deliveredCount(): number;
  /** Errors the target raised. */
  get errorCount(): number;
  /** Queues the event (dropping per policy when full) and starts delivery. */
  emit(original: AnyStageflowEvent): void;
  /** Resolves once every queued event has been delivered and the target has flushed. */
  flush(): Promise<void>;
}

/**
 * @module A sink that writes events to any pino-compatible logger.
 */

/** The subset of a pino-style logger the sink uses: `(object, message)` methods per level. */
interface CompatibleLogger {
  /** Logs at debug level: the event's fields as `obj`, a short line as `msg`. */
  debug(obj: object, msg?: string): void;
  /** Logs at info level. */
  info(obj: object, msg?: string): void;
  /** Logs at warn level. */
  warn(obj: object, msg?: string): void;
  /** Logs at error level. */
  error(obj: object, msg?: string): void;
}
/** A log level used by {@link LoggingEventSink}. */
type LogLevel = "debug" | "info" | "warn" | "error";
/** Options of {@link LoggingEventSink}. */
interface LoggingEventSinkOptions {
  /** A pino, bunyan-style or console-like logger with `debug/info/warn/error(obj, msg)`. */
  readonly logger: CompatibleLogger;
  /** Picks the level for an event; by default failures log at `error`, timeouts, retries and sheds at `warn`, the rest at `info` (`debug` for `stage.started`). */
  readonly levelFor?: (event: AnyStageflowEvent) => LogLevel;
  /** Masks fields of each event's `data` (or rewrites or drops events) before they are logged. */
  readonly redact?: Redactor;
}
/**
 * Logs each event as one structured line: the event fields as the object, the type (and stage) as
 * the message.
 * @example
 * ```ts
 * import pino from "pino";
 * const sink = new LoggingEventSink({ logger: pino() });
 * ```
 */
declare class LoggingEventSink implements EventSink {
  #private;
  /** @param options - the logger and an optional level picker */
  constructor(options: LoggingEventSinkOptions);
  /** Logs the event. */
  emit(original: AnyStageflowEvent): void;
  /** Resolves at once: the logger owns its buffering. */
  flush(): Promise<void>;
}

/**
 * @module `onAbort`: follow an abort signal shared by many stages without piling listeners onto it.
 */
/** Called once with the signal's reason. */
type AbortListener = (reason: unknown) => void;
/**
 * Calls `listener` with the signal's reason once `signal` aborts (at once if it already has).
 * Unlike `addEventListener`, subscribing and unsubscribing cost O(1) however many followers the
 * signal has, and the signal never holds more than one listener, so a run's signal followed by a
 * thousand concurrent stages (each with a timeout or a retry) stays cheap and warning-free. The
 * signal of an {@link AbortLink} gets no listener at all: the link calls its followers itself.
 * @param signal - the signal to follow (for instance `ctx.signal`)
 * @param listener - called once with `signal.reason`
 * @returns a function that stops following; call it when the work finished first
 * @example
 * ```ts
 * const attempt = new AbortLink(ctx.signal);
 * const stop = onAbort(attempt.signal, (reason) => releaseConnection(reason));
 * try {
 *   return await next({ signal: attempt.signal });
 * } finally {
 *   stop();
 *   attempt.unlink();
 * }
 * ```
 */
declare function onAbort(signal: AbortSignal, listener: AbortListener): () => void;

/**
 * @module `AbortLink`: a child abort source that follows a parent without any event listener.
 */

/** Something with an abort signal: an `AbortLink`, or a stage or interceptor context. */
interface HasSignal {
  /** Its signal. */
  readonly signal: AbortSignal;
}
/**
 * A child abort source: its {@link AbortLink.signal} aborts when the parent does (with the parent's
 * reason) or when {@link AbortLink.abort} is called, whichever comes first.
 *
 * It is cheap on the path where nothing aborts: the signal itself is only created when first read
 * (in Node, creating an `AbortSignal` costs far more than the rest of a stage attempt), a parent
 * link or link-backed context is followed without creating its signal, a parent signal is followed
 * through {@link onAbort} (O(1), one shared listener), and `onAbort(link.signal, …)` puts the
 * follower into the link's own set, called synchronously by `abort` right after the signal aborted.
 * A chain of links (run → attempt → timeout → sleep) therefore touches no event listener until
 * something aborts; listeners added with `addEventListener` still fire as usual.
 *
 * Hand a link to the inner layers with `next(link.overrides())`: core's executor then gives the
 * stage a context whose `signal` is created only if the stage reads it. Call
 * {@link AbortLink.unlink} when the work finished first, so the parent drops the link.
 * @example
 * ```ts
 * async intercept(ctx, next) {
 *   const attempt = new AbortLink(ctx); // follows ctx.signal
 *   const stop = ctx.clock.schedule?.(5_000, () => attempt.abort(new Error("too slow")));
 *   try {
 *     return await next(attempt.overrides());
 *   } finally {
 *     stop?.();
 *     attempt.unlink();
 *   }
 * }
 * ```
 */
declare class AbortLink {
  #private;
  /**
   * @param parent - what to follow: an `AbortSignal`, or anything with a signal (another link, a
   *   stage or interceptor context); without one the link only aborts through `abort`
   */
  constructor(parent?: AbortSignal | HasSignal);
  /**
   * The link that owns `target`'s signal, found without creating that signal when `target` is one
   * of core's attempt contexts.
   * @param target - a signal, or anything with one (a context)
   * @returns the owning link, or `undefined` when the signal is not a link's
   */
  static of(target: AbortSignal | HasSignal): AbortLink | undefined;
  /** The link's signal (created on first read). Hand it to work that takes an `AbortSignal`. */
  get signal(): AbortSignal;
  /** True once the link aborted (itself or through its parent); reading it creates no signal. */
  get aborted(): boolean;
  /**
   * Overrides for `next()` that hand this link's signal to the inner layers. Core's executor
   * creates the signal only if something reads it; any other `next` reads `signal` as usual.
   * @param attempt - the attempt number the inner layers see (default: unchanged)
   * @returns overrides to pass to `next`
   */
  overrides(attempt?: number): NextOverrides;
  /**
   * Aborts the signal with `reason`, then calls the followers (registered through `onAbort` or by
   * child links) in registration order. Also stops following the parent. Does nothing when already
   * aborted. A follower that throws does not stop the others; its error is rethrown from a
   * microtask, like an event listener's.
   * @param reason - the signal's reason (without one, the platform's `AbortError`)
   */
  abort(reason?: unknown): void;
  /** Stops following the parent (call it when the work finished first). Safe to call more than once. */
  unlink(): void;
}

/**
 * Finds the candidate closest to `input`, ignoring case, `_` and `-` (so `max_attempts` finds
 * `maxAttempts`). Returns `undefined` when nothing is reasonably close.
 * @param input - what the user typed
 * @param candidates - the valid names
 * @returns the closest valid name, or `undefined`
 */
declare function closestMatch(input: string, candidates: Iterable<string>): string | undefined;
/**
 * Throws {@link InvalidOptionsError} when `options` is not a plain object or has a key not in `known`,
 * naming the closest valid key. Extension authors use it to validate their own options the same way.
 * @param where - where the options were given, used in the message (`"RetryInterceptor"`)
 * @param options - the options object (`undefined` is accepted)
 * @param known - the valid keys
 * @throws {@link InvalidOptionsError} for a non-object or an unknown key
 */
declare function assertKnownOptions(where: string, options: unknown, known: readonly string[]): void;

/**
 * @module Base error class for every error Stageflow throws or records.
 */
/** Brand shared by every Stageflow error; `Symbol.for` so it survives duplicate installs. */
declare const STAGEFLOW_ERROR: unique symbol;
/** Stable machine-readable codes of the errors this library raises. */
type StageflowErrorCode =
  | "PIPELINE_VALIDATION"
  | "CYCLE_DETECTED"
  | "INVALID_SNAPSHOT"
  | "INVALID_STAGE_OUTPUT"
  | "UNDECLARED_DEPENDENCY"
  | "STAGE_TIMEOUT"
  | "PIPELINE_CANCELLED"
  | "PIPELINE_FAILED"
  | "INVALID_OPTIONS"
  | "NON_ERROR_THROWN"
  | "MISSING_CONTEXT_VALUE"
  | "INTERCEPTOR_CONTRACT"
  | "PLUGIN_ERROR"
  | "PLUGIN_ABORT"
  | (string & {});
/** Options accepted by {@link StageflowError}. */
interface StageflowErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown;
}
/**
 * Base class of every error raised by Stageflow packages. Each error has a stable `code`, an explicit
 * `name` and an optional `cause`; use {@link isStageflowError} rather than `instanceof` to recognise one.
 */
declare class StageflowError extends Error {
  /** Stable machine-readable code, e.g. `"CYCLE_DETECTED"`. */
  readonly code: StageflowErrorCode;
  /** @internal brand checked by {@link isStageflowError}. */
  readonly [STAGEFLOW_ERROR] = true;
  /**
   * @param code - stable machine-readable code
   * @param message - what went wrong, where, and how to fix it
   * @param options - optional `cause`
   */
  constructor(code: StageflowErrorCode, message: string, options?: StageflowErrorOptions);
}
/**
 * Tells whether a value is an error raised by any copy of a Stageflow package.
 * @param value - anything caught
 * @returns `true` when `value` carries the Stageflow brand
 * @example
 * ```ts
 * try { graph.run(snapshot) } catch (e) { if (isStageflowError(e)) console.log(e.code) }
 * ```
 */
declare function isStageflowError(value: unknown): value is StageflowError;

/**
 * @module Error raised by `Pipeline.build()` for an invalid graph.
 */

/** One problem found while validating a pipeline. */
interface PipelineProblem {
  /** The stage the problem is about, when there is one. */
  readonly stage?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}
/**
 * Thrown by `Pipeline.build()` when the graph is empty, names a stage twice, depends on a stage that
 * does not exist, or depends on itself. Lists every problem found, not just the first.
 */
declare class PipelineValidationError extends StageflowError {
  /** Every problem found, in the order stages were added. */
  readonly problems: readonly PipelineProblem[];
  /**
   * @param pipeline - name of the pipeline being built
   * @param problems - every problem found
   */
  constructor(pipeline: string, problems: readonly PipelineProblem[]);
}

/**
 * @module Error raised when a pipeline's dependencies form a cycle.
 */

/** Thrown by `Pipeline.build()` when dependencies form a cycle; `cyclePath` names it in order. */
declare class CycleDetectedError extends StageflowError {
  /** The stages of one cycle, first stage repeated at the end (`["a", "b", "a"]`). */
  readonly cyclePath: readonly string[];
  /**
   * @param pipeline - name of the pipeline being built
   * @param cyclePath - the cycle, first stage repeated at the end
   */
  constructor(pipeline: string, cyclePath: readonly string[]);
}

/**
 * @module Error raised for a context snapshot that does not match its schema.
 */

/** One invalid path in a snapshot. */
interface SnapshotIssue {
  /** Dotted path to the bad value (`"runId.pipelineRunId"`); `""` for the root. */
  readonly path: string;
  /** Why the value is rejected. */
  readonly message: string;
}
/** Thrown by `ContextSnapshot.create` / `fromJSON` with every bad path and why it is bad. */
declare class InvalidSnapshotError extends StageflowError {
  /** Every issue found (the message lists at most the first 20). */
  readonly issues: readonly SnapshotIssue[];
  /** @param issues - every issue found */
  constructor(issues: readonly SnapshotIssue[]);
}

/**
 * @module Error recorded when a stage's output fails its schema or is not a usable value.
 */

/** One schema issue in a stage output. */
interface OutputIssue {
  /** Dotted path inside the output's `data` (`""` for the whole value). */
  readonly path: string;
  /** Why the value is rejected. */
  readonly message: string;
}
/** Fails a stage whose output does not match the `output` schema given to `defineStage`. */
declare class InvalidStageOutputError extends StageflowError {
  /** The stage whose output was rejected. */
  readonly stage: string;
  /** Every issue the schema reported. */
  readonly issues: readonly OutputIssue[];
  /**
   * @param stage - the stage whose output was rejected
   * @param issues - every issue the schema reported
   */
  constructor(stage: string, issues: readonly OutputIssue[]);
}

/**
 * @module Error thrown when a stage reads the output of a stage it does not depend on.
 */

/** Thrown by `ctx.inputs` when a stage reads a stage that is not among its declared dependencies. */
declare class UndeclaredDependencyError extends StageflowError {
  /** The stage doing the reading. */
  readonly stage: string;
  /** The stage it tried to read. */
  readonly requested: string;
  /** The stages it may read. */
  readonly declared: readonly string[];
  /**
   * @param stage - the stage doing the reading
   * @param requested - the stage it tried to read
   * @param declared - the dependencies it declared
   */
  constructor(stage: string, requested: string, declared: readonly string[]);
}

/**
 * @module Error recorded when a stage attempt exceeds its timeout.
 */

/** The reason an attempt's signal is aborted with, and the error of a timed-out stage. */
declare class StageTimeoutError extends StageflowError {
  /** The stage that timed out. */
  readonly stage: string;
  /** The timeout that was exceeded. */
  readonly timeoutMs: number;
  /**
   * @param stage - the stage that timed out
   * @param timeoutMs - the timeout that was exceeded
   */
  constructor(stage: string, timeoutMs: number);
}

/**
 * @module Error describing why a run was cancelled.
 */

/** The reason a run's signal carries when the run is cancelled (by a `cancel` output or an external abort). */
declare class PipelineCancelledError extends StageflowError {
  /** The stage that cancelled the run, if a stage did. */
  readonly stage: string | undefined;
  /**
   * @param reason - why the run was cancelled
   * @param stage - the stage that cancelled it, if any
   * @param cause - the external abort reason, if any
   */
  constructor(reason: string, stage?: string, cause?: unknown);
}

/**
 * @module Error raised for an options object with unknown keys or bad values.
 */

/** Thrown where an options object enters the library, naming the bad key and the closest valid one. */
declare class InvalidOptionsError extends StageflowError {
  /** Where the options were given (`"Pipeline.withStage"`, `"RetryInterceptor"`, …). */
  readonly where: string;
  /**
   * @param where - where the options were given
   * @param message - what is wrong and how to fix it
   */
  constructor(where: string, message: string);
}

/**
 * @module Error recorded when a stage throws something that is not an Error.
 */

/** Wraps a non-`Error` value thrown by a stage, so every failure is an `Error` with a stack and a code. */
declare class NonErrorThrownError extends StageflowError {
  /** The value that was thrown. */
  readonly thrown: unknown;
  /**
   * @param stage - the stage that threw
   * @param thrown - the value it threw
   */
  constructor(stage: string, thrown: unknown);
}

/**
 * @module Error thrown by `ctx.get(key)` when no plugin provides the key.
 */

/** Thrown by `ctx.get(key)` when no plugin of the run provides that key and it has no default. */
declare class MissingContextValueError extends StageflowError {
  /** The key's name. */
  readonly key: string;
  /**
   * @param stage - the stage that asked
   * @param key - the key's name
   */
  constructor(stage: string, key: string);
}

export {
  AbortLink,
  type AcquireResult,
  type AnyStage,
  type AnyStageflowEvent,
  type BackpressureData,
  BufferedEventSink,
  type BufferedEventSinkOptions,
  CallbackEventSink,
  type CallbackEventSinkOptions,
  type CircuitData,
  type Clock,
  type CompatibleLogger,
  CompositeEventSink,
  type CompositeEventSinkOptions,
  type ContextKey,
  type ContextKeyOptions,
  ContextSnapshot,
  type ContextSnapshotInit,
  type ContextSnapshotJSON,
  ContextSnapshotSchema,
  ConversationSchema,
  type CreateStageContextOptions,
  CycleDetectedError,
  DEFAULT_INTERCEPTOR_PRIORITY,
  type DependencyOutcome,
  type DropPolicy,
  type EventEnvelope,
  type EventOf,
  type EventSink,
  type HasSignal,
  type Interceptor,
  type InterceptorContext,
  InvalidOptionsError,
  InvalidSnapshotError,
  InvalidStageOutputError,
  type LogLevel,
  LoggingEventSink,
  type LoggingEventSinkOptions,
  type Message,
  MessageSchema,
  MissingContextValueError,
  type NextFn,
  type NextOverrides,
  NoOpEventSink,
  NonErrorThrownError,
  type OutputIssue,
  Pipeline,
  PipelineCancelledError,
  PipelineFailedError,
  type PipelineOptions,
  type PipelineProblem,
  PipelineResult,
  type PipelineResultReports,
  PipelineValidationError,
  type Plugin,
  type ProvidedValue,
  REDACTED,
  type RandomSource,
  type Redactor,
  type RoutingDecision,
  RoutingDecisionSchema,
  type RunEndData,
  type RunIdentity,
  RunIdentitySchema,
  type RunInfo,
  type RunOptions,
  type RunStatus,
  type SerializedError,
  type SettleDecision,
  type ShouldRunDecision,
  type SinkErrorHandler,
  type SnapshotIssue,
  type Stage,
  type StageArtifact,
  type StageContext,
  type StageData,
  type StageDefinition,
  type StageEndData,
  type StageFailure,
  StageGraph,
  type StageInfo,
  StageInputs,
  StageKind,
  type StageOptions,
  type StageOutcome,
  StageOutput,
  type StageOutputEvent,
  type StageOutputExtras,
  type StageRecord,
  type StageRef,
  type StageReturn,
  StageStatus,
  StageTimeoutError,
  StageflowError,
  type StageflowErrorCode,
  type StageflowErrorOptions,
  type StageflowEvent,
  type StageflowEventMap,
  type StageflowEventType,
  TimeoutInterceptor,
  type TimeoutInterceptorOptions,
  UndeclaredDependencyError,
  type WhenCondition,
  assertKnownOptions,
  closestMatch,
  createContextKey,
  createRedactor,
  createStageContext,
  defineStage,
  isStageKind,
  isStageOutput,
  isStageflowError,
  onAbort,
  serializeError,
  systemClock,
};
