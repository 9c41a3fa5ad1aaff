/**
 * @module How a run's plugins are put together: one plugin per name, a run's plugin replacing the
 * pipeline's plugin of the same name.
 * @internal
 */
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import type { Plugin } from "../plugin.js";

/**
 * The name that identifies a plugin: its name without a parenthesised suffix, which describes how that
 * plugin is configured (`failureTolerance(continue)` and `failureTolerance(best_effort)` are both
 * `failureTolerance`).
 */
export function pluginIdentity(name: string): string {
  const open = name.indexOf("(");
  if (open <= 0 || !name.endsWith(")")) return name;
  const base = name.slice(0, open).trimEnd();
  return base === "" ? name : base;
}

/**
 * Checks that no two plugins of one list (a pipeline's, or a run's) share a name.
 * @param where - where the list was given, for the error
 * @param plugins - the list, already checked to hold plugins
 * @throws `InvalidOptionsError` naming the duplicate
 */
export function assertDistinctPlugins(where: string, plugins: readonly Plugin[]): void {
  if (plugins.length < 2) return;
  const seen = new Map<string, string>();
  for (const plugin of plugins) {
    const identity = pluginIdentity(plugin.name);
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, plugin.name);
      continue;
    }
    const both =
      first === plugin.name
        ? `two plugins named "${identity}"`
        : `two "${identity}" plugins ("${first}" and "${plugin.name}")`;
    throw new InvalidOptionsError(
      where,
      `plugins has ${both}; a run uses one plugin of each name, so both would apply at once. Pass one. ` +
        "A plugin given to graph.run replaces the pipeline's plugin of the same name, for that run.",
    );
  }
}

/**
 * A run's plugins: the pipeline's, in order, each replaced in its place by the run's plugin of the
 * same name if there is one, then the run's other plugins in order.
 * @param pipeline - the pipeline's plugins (distinct names)
 * @param run - the run's plugins (distinct names)
 */
export function combinePlugins(pipeline: readonly Plugin[], run: readonly Plugin[]): readonly Plugin[] {
  if (run.length === 0) return pipeline;
  if (pipeline.length === 0) return run;
  const byIdentity = new Map(run.map((plugin) => [pluginIdentity(plugin.name), plugin]));
  const combined = pipeline.map((plugin) => {
    const identity = pluginIdentity(plugin.name);
    const override = byIdentity.get(identity);
    if (override === undefined) return plugin;
    byIdentity.delete(identity);
    return override;
  });
  // The run's plugins that replaced none, in the order given.
  for (const plugin of run) if (byIdentity.get(pluginIdentity(plugin.name)) === plugin) combined.push(plugin);
  return combined;
}
