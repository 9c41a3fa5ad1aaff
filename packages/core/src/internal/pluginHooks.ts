/**
 * @module Calls plugin hooks for a run, isolating the scheduler from plugin failures.
 * @internal
 */
import { StageflowError } from "../errors/stageflowError.js";
import type { DependencyOutcome, Plugin, RunInfo, ShouldRunDecision, StageOutcome } from "../plugin.js";
import type { GraphNode } from "./graphNode.js";
import { isError, messageOf, typeTag } from "./inspect.js";
import { readProvided } from "./readProvided.js";

function pluginError(plugin: Plugin, hook: string, error: unknown): StageflowError {
  const message = messageOf(error);
  return new StageflowError("PLUGIN_ERROR", `Plugin "${plugin.name}" threw in ${hook}: ${message}`, {
    cause: error,
  });
}

/**
 * Every plugin's answer for a settled stage, combined. An abort carries its reason and whether a
 * plugin gave that error itself (`given`) or core made one naming the plugin.
 */
export type CombinedDecision =
  "tolerate" | "continue" | undefined | { readonly abort: Error; readonly given: boolean };

/** The plugins of one run and the `RunInfo` they receive. */
export class PluginHooks {
  readonly plugins: readonly Plugin[];
  readonly run: RunInfo;
  readonly hasRunStart: boolean;
  readonly hasShouldRun: boolean;
  readonly hasAcquire: boolean;
  /** Errors thrown by `onStageSettled`, `onRunEnd` and release functions; the result's `pluginErrors`. */
  readonly errors: StageflowError[] = [];
  /** The release functions of the slots each admitted stage holds, by stage index (when a plugin acquires). */
  readonly #slots: Array<ReadonlyArray<() => void> | undefined> | undefined;

  constructor(plugins: readonly Plugin[], run: RunInfo) {
    this.plugins = plugins;
    this.run = run;
    this.hasRunStart = plugins.some((p) => p.onRunStart !== undefined);
    this.hasShouldRun = plugins.some((p) => p.shouldRun !== undefined);
    this.hasAcquire = plugins.some((p) => p.acquire !== undefined);
    if (this.hasAcquire) this.#slots = new Array<ReadonlyArray<() => void> | undefined>(run.stages.length);
  }

  async runStart(): Promise<void> {
    for (const p of this.plugins) {
      try {
        await p.onRunStart?.(this.run);
      } catch (error) {
        throw pluginError(p, "onRunStart", error);
      }
    }
  }

  /** Adds every plugin's `provide` values to `values`; throws a `PLUGIN_ERROR` naming a plugin that broke. */
  provideInto(values: Map<symbol, unknown>): void {
    for (const p of this.plugins) {
      if (p.provide === undefined) continue;
      let provided: unknown;
      try {
        provided = p.provide(this.run);
      } catch (error) {
        throw pluginError(p, "provide", error);
      }
      readProvided(p, provided, values);
    }
  }

  /** `{ skip }`, an Error when a plugin threw, or undefined to run. */
  shouldRun(
    node: GraphNode,
    source: { outcomeOf(index: number): StageOutcome | undefined },
  ): ShouldRunDecision | Error {
    const deps: DependencyOutcome[] = node.deps.map((d, k) => ({
      ...(source.outcomeOf(d) as StageOutcome),
      name: node.depNames[k] as string,
    }));
    for (const p of this.plugins) {
      if (p.shouldRun === undefined) continue;
      try {
        const decision = p.shouldRun(node.info, deps, this.run);
        if (decision !== undefined) return decision;
      } catch (error) {
        return pluginError(p, "shouldRun", error);
      }
    }
    return undefined;
  }

  /**
   * Release functions when admitted, an Error (shed or plugin failure), or "stopped" when aborted.
   * Each release function never throws: a plugin's failure to release is added to `errors`.
   */
  async acquire(node: GraphNode, signal: AbortSignal): Promise<Array<() => void> | Error | "stopped"> {
    const releases: Array<() => void> = [];
    const releaseAll = (): void => {
      for (const r of releases.splice(0)) r();
    };
    for (const p of this.plugins) {
      if (p.acquire === undefined) continue;
      try {
        const result = await p.acquire(node.info, signal, this.run);
        if (typeof result === "function") releases.push(this.#guardRelease(p, node, result));
        else if (result !== undefined && typeof result === "object" && "shed" in result) {
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

  /** Stage `index` was admitted and starts: its slots are held until {@link releaseSlots}. */
  holdSlots(index: number, releases: ReadonlyArray<() => void>): void {
    if (this.#slots !== undefined) this.#slots[index] = releases;
  }

  /**
   * Gives back the slots stage `index` holds, once. The run calls it when it settles the stage, which
   * for a stage given up on at `abortGraceMs` is before (or without) the stage's own code stopping.
   */
  releaseSlots(index: number): void {
    const slots = this.#slots;
    const releases = slots?.[index];
    if (slots === undefined || releases === undefined) return;
    slots[index] = undefined;
    for (const release of releases) release();
  }

  /** A plugin's release function that reports its failure in `errors` instead of throwing. */
  #guardRelease(plugin: Plugin, node: GraphNode, release: () => void): () => void {
    return () => {
      try {
        release();
      } catch (error) {
        const where = `the release function acquire returned for stage "${node.name}"`;
        this.errors.push(pluginError(plugin, where, error));
      }
    };
  }

  /**
   * Every plugin's answer for a settled stage, combined: an abort wins, as `{ abort }` with the reason
   * of the first plugin that aborted (its error, or one naming the plugin and the stage), then
   * `"tolerate"`, then `"continue"`.
   */
  settled(node: GraphNode, outcome: StageOutcome): CombinedDecision {
    let abort: Error | undefined;
    let given = false;
    let tolerate = false;
    let carryOn = false;
    for (const p of this.plugins) {
      if (p.onStageSettled === undefined) continue;
      try {
        const d: unknown = p.onStageSettled(node.info, outcome, this.run);
        if (d === "abort" || (typeof d === "object" && d !== null && Object.hasOwn(d, "abort"))) {
          if (abort === undefined) {
            const reason = d === "abort" ? undefined : (d as { abort: unknown }).abort;
            given = isError(reason);
            abort = abortReason(p, node, outcome, reason);
          }
        } else if (d === "tolerate") tolerate = true;
        else if (d === "continue") carryOn = true;
        else if (d !== undefined) {
          // Not an answer core knows ("ABORT", { skip }): reported, and treated as no answer.
          this.errors.push(
            new StageflowError(
              "PLUGIN_ERROR",
              `Plugin "${p.name}" answered onStageSettled for stage "${node.name}" with ${json(d)}; ` +
                `expected { abort: error }, "abort", "tolerate", "continue" or undefined.`,
            ),
          );
        }
      } catch (error) {
        this.errors.push(pluginError(p, "onStageSettled", error));
      }
    }
    if (abort !== undefined) return { abort, given };
    return tolerate ? "tolerate" : carryOn ? "continue" : undefined;
  }

  async runEnd(result: object): Promise<Record<string, unknown>> {
    const reports: Record<string, unknown> = {};
    for (const p of this.plugins) {
      if (p.onRunEnd === undefined) continue;
      try {
        const report = await p.onRunEnd(result as never, this.run);
        if (report !== undefined && report !== null) Object.assign(reports, report);
      } catch (error) {
        this.errors.push(pluginError(p, "onRunEnd", error));
      }
    }
    return reports;
  }
}

/** Why a plugin stopped the run: the error it gave, or one that names it and the stage. */
function abortReason(plugin: Plugin, node: GraphNode, outcome: StageOutcome, given: unknown): Error {
  if (isError(given)) return given;
  const detail = given === undefined ? "" : `: ${typeof given === "string" ? given : json(given)}`;
  return new StageflowError(
    "PLUGIN_ABORT",
    `Plugin "${plugin.name}" stopped the run when stage "${node.name}" settled (${outcome.status})${detail}`,
  );
}

/** A plugin's value as JSON, for a message; its type tag when it has no JSON form. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value === "object" && value !== null ? typeTag(value) : typeof value;
  }
}
