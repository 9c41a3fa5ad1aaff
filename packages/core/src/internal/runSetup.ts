/**
 * @module Checks `graph.run` arguments and builds what a run shares with its stages and plugins: the
 * context host and the `RunInfo`.
 * @internal
 */
import type { AbortLink } from "../abortLink.js";
import { systemClock, type RandomSource } from "../clock.js";
import { isError, messageOf, toText } from "./inspect.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { assertKnownOptions, RUN_OPTION_KEYS } from "../options.js";
import type { RunInfo } from "../plugin.js";
import { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { RunOptions, StageGraph } from "../stageGraph.js";
import type { StageOutput } from "../stageOutput.js";
import { RunEmitter } from "./emitter.js";
import { assertEmittable } from "./eventNames.js";
import type { GraphNode } from "./graphNode.js";
import type { ContextHost } from "./stageContextImpl.js";

const WHERE = "StageGraph.run";

/** Validates `graph.run` arguments; throws {@link InvalidOptionsError} naming the problem. */
export function validateRunOptions(snapshot: unknown, options: RunOptions | undefined): void {
  if (!(snapshot instanceof ContextSnapshot)) {
    throw new InvalidOptionsError(
      WHERE,
      "the first argument must be a ContextSnapshot (ContextSnapshot.create(...)).",
    );
  }
  if (options === undefined) return;
  assertKnownOptions(WHERE, options, RUN_OPTION_KEYS);
  const o = options as { [K in keyof RunOptions]?: unknown };
  const sink = o.eventSink as { emit?: unknown } | null | undefined;
  if (sink !== undefined && typeof sink?.emit !== "function") {
    throw new InvalidOptionsError(WHERE, "eventSink must have an emit(event) method.");
  }
  if (o.onSinkError !== undefined && typeof o.onSinkError !== "function") {
    throw new InvalidOptionsError(WHERE, "onSinkError must be a function (error, event) => void.");
  }
  const clock = o.clock as { now?: unknown; sleep?: unknown; schedule?: unknown } | null | undefined;
  if (clock !== undefined && (typeof clock?.now !== "function" || typeof clock.sleep !== "function")) {
    throw new InvalidOptionsError(WHERE, "clock must have now() and sleep(ms, signal).");
  }
  if (clock != null && clock.schedule !== undefined && typeof clock.schedule !== "function") {
    throw new InvalidOptionsError(
      WHERE,
      "clock.schedule, when present, must be a function (ms, callback) => cancel.",
    );
  }
  if (o.random !== undefined && typeof o.random !== "function") {
    throw new InvalidOptionsError(WHERE, "random must be a function returning a number in [0, 1).");
  }
  const signal = o.signal;
  if (signal !== undefined && !isSignalLike(signal)) {
    throw new InvalidOptionsError(WHERE, "signal must be an AbortSignal (controller.signal).");
  }
  const grace = o.abortGraceMs;
  if (grace !== undefined && !(typeof grace === "number" && grace >= 0)) {
    throw new InvalidOptionsError(
      WHERE,
      `abortGraceMs must be a number ≥ 0, got ${typeof grace === "number" ? String(grace) : (JSON.stringify(grace) ?? typeof grace)}.`,
    );
  }
}

/** An `AbortSignal`, or an object that behaves as one (from a polyfill or another realm). */
function isSignalLike(value: unknown): boolean {
  if (value instanceof AbortSignal) return true;
  const s = value as Partial<AbortSignal> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    typeof s.aborted === "boolean" &&
    typeof s.addEventListener === "function" &&
    typeof s.removeEventListener === "function"
  );
}

/** Describes an external abort reason for the run's cancellation message. */
export function describeAbortReason(reason: unknown): string {
  if (reason === undefined) return "aborted";
  return isError(reason) ? messageOf(reason) : toText(reason);
}

/** What `createRunInfo` reads from a run. */
export interface RunInfoSource {
  readonly host: ContextHost;
  readonly emitter: RunEmitter;
  readonly nodes: readonly GraphNode[];
  readonly signal: AbortSignal;
  readonly stages: RunInfo["stages"];
}

/** Builds the frozen `RunInfo` every plugin hook of one run receives. */
export function createRunInfo(source: RunInfoSource): RunInfo {
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
    emit(type: string, data: unknown, stage?: string): void {
      assertEmittable("run.emit", type, type);
      emitter.emit(type, stage, undefined, data);
    },
    dependentsOf(stage: string): readonly string[] {
      return (byName.get(stage)?.dependents ?? []).map((d) => (nodes[d] as GraphNode).name);
    },
  });
}

/** What {@link createHost} builds a run's context host from. */
export interface HostSource {
  readonly graph: StageGraph;
  readonly snapshot: ContextSnapshot<unknown>;
  readonly options: RunOptions;
  /** The run's abort source. */
  readonly link: AbortLink;
  /** Aborted once the run has ended. */
  readonly runEnd: AbortLink;
  /** The run's outputs, by stage index. */
  readonly outputs: ReadonlyArray<StageOutput | undefined>;
}

/** Builds the run-wide host every context of one run shares, with the run's clock and event emitter. */
export function createHost(source: HostSource): ContextHost {
  const { graph, snapshot, options } = source;
  const clock = options.clock ?? systemClock;
  const random: RandomSource = options.random ?? Math.random;
  const runId = snapshot.runId.pipelineRunId;
  const pipeline = graph.name;
  const emitter = new RunEmitter({
    sink: options.eventSink,
    onSinkError: options.onSinkError,
    runId,
    pipeline,
    clock,
  });
  return {
    signalSource: source.link,
    snapshot,
    runId,
    pipeline,
    clock,
    random,
    emitter,
    values: new Map<symbol, unknown>(),
    outputs: source.outputs,
    runEnd: source.runEnd,
  };
}
