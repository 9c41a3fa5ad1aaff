/**
 * @module `backpressure`: the plugin that gates stage starts through a {@link BackpressureMonitor}.
 */
import {
  assertKnownOptions,
  InvalidOptionsError,
  type Plugin,
  type RunInfo,
  type StageInfo,
} from "@stageflow/core";
import type { BackpressureConfig } from "./backpressureConfig.js";
import { BackpressureMonitor } from "./backpressureMonitor.js";
import { LoadShedError } from "./errors/loadShedError.js";
import { criticalPathLengths } from "./internal/criticalPath.js";

/** Options of {@link backpressure} beyond the monitor itself. */
export interface BackpressurePluginOptions {
  /**
   * Among waiting stages, start first those with the longest chain of stages after them.
   * @defaultValue true
   */
  readonly criticalPathFirst?: boolean | undefined;
}

const KEYS = ["criticalPathFirst"] as const;

interface RunState {
  held: number;
  ended: boolean;
  readonly unsubscribe: () => void;
}

/**
 * Creates the plugin that makes every stage acquire a slot from a {@link BackpressureMonitor} before
 * it starts and release it when it settles. At most `maxActiveStages` stages run at once within a run
 * and across every run using the same monitor (pass one monitor, or reuse one plugin object, to
 * share it). A stage holds one slot for all of its attempts: core acquires once per stage, around
 * the retry interceptor.
 *
 * The slot comes back when the run settles the stage. A stage that ignores its signal is settled
 * when the run gives up on it (`abortGraceMs` after the run stopped), so its slot is handed on then
 * even though its code may still be running: until it really stops, more than `maxActiveStages`
 * stages' code can be running at once.
 *
 * A stage that cannot be admitted (queue full, or `shedOnOverload`) fails with a `LoadShedError`
 * and a `stage.shed` event; under core's fail-fast default that fails the run, so combine with
 * `failureTolerance` to keep going. Aborting a run removes its waiting stages from the queue at
 * once. `backpressure.overloaded` / `backpressure.recovered` go to the sink of every run using the
 * monitor at that moment.
 * @param configOrMonitor - a monitor to share, or a config for a monitor owned by this plugin
 * @param options - scheduling preferences
 * @returns the plugin
 * @throws `InvalidOptionsError` for an invalid config or option
 * @example
 * ```ts
 * const monitor = new BackpressureMonitor({ maxActiveStages: 16, queueSizeLimit: 200 });
 * const plugins = [backpressure(monitor), failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })];
 * await Promise.all(requests.map((r) => graph.run(r, { plugins })));
 * ```
 */
export function backpressure(
  configOrMonitor: BackpressureMonitor | BackpressureConfig = {},
  options: BackpressurePluginOptions = {},
): Plugin {
  assertKnownOptions("backpressure", options, KEYS);
  if (options.criticalPathFirst !== undefined && typeof options.criticalPathFirst !== "boolean") {
    throw new InvalidOptionsError("backpressure", "criticalPathFirst must be a boolean.");
  }
  const monitor =
    configOrMonitor instanceof BackpressureMonitor
      ? configOrMonitor
      : new BackpressureMonitor(configOrMonitor);
  const criticalPathFirst = options.criticalPathFirst ?? true;
  const paths = new WeakMap<readonly StageInfo[], Int32Array>();
  const runs = new WeakMap<RunInfo, RunState>();
  const stateOf = (run: RunInfo): RunState => {
    let state = runs.get(run);
    if (state === undefined) {
      state = {
        held: 0,
        ended: false,
        unsubscribe: monitor.subscribe((event) => run.emit(event.type, event.data)),
      };
      runs.set(run, state);
    }
    return state;
  };
  // Core releases a stage's slot as it settles the stage, before onRunEnd. Stay subscribed until the
  // run has ended and holds no slot, whichever comes last, so the run sees the recovery it caused.
  const detachIfDone = (run: RunInfo, state: RunState): void => {
    if (!state.ended || state.held > 0) return;
    state.unsubscribe();
    runs.delete(run);
  };

  const priorityOf = (stage: StageInfo, run: RunInfo): number => {
    if (!criticalPathFirst) return 0;
    let lengths = paths.get(run.stages);
    if (lengths === undefined) {
      lengths = criticalPathLengths(run.stages);
      paths.set(run.stages, lengths);
    }
    return lengths[stage.index] ?? 0;
  };

  return {
    name: "backpressure",
    async acquire(stage, signal, run) {
      // Subscribing on the first acquire (not onRunStart) means a run abandoned before any stage
      // starts never holds a subscription that nothing would remove.
      const state = stateOf(run);
      const admission = await monitor.admit({ signal, priority: priorityOf(stage, run) });
      if (!admission.admitted) {
        const { reason, active, queued } = admission;
        run.emit("stage.shed", { reason, active, queued }, stage.name);
        return { shed: new LoadShedError(stage.name, { reason, active, queued }) };
      }
      state.held++;
      const startedAt = run.clock.now();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        state.held--;
        monitor.release(run.clock.now() - startedAt);
        detachIfDone(run, state);
      };
    },
    onRunEnd(_result, run) {
      const state = runs.get(run);
      if (state === undefined) return;
      state.ended = true;
      detachIfDone(run, state);
    },
  };
}
