/**
 * @module Checks stage names given in options against the stages of the graph a run belongs to.
 * @internal
 */
import { closestMatch, InvalidOptionsError, type RunInfo } from "@stageflow/core";

/**
 * Throws unless every name in `names` is a stage of `run`'s graph.
 * @param where - where the names were given (`"failureTolerance"`)
 * @param key - the option that holds them (`"optional"`)
 * @param names - the stage names as given
 * @param run - the run, whose `stages` are the graph's stages
 * @throws `InvalidOptionsError` naming each unknown stage and, when one is close, the existing stage
 * it was probably meant to be
 */
export function assertKnownStages(where: string, key: string, names: Iterable<string>, run: RunInfo): void {
  const known = run.stages.map((s) => s.name);
  const stages = new Set(known);
  const problems: string[] = [];
  for (const name of names) {
    if (stages.has(name)) continue;
    const hint = closestMatch(name, known);
    problems.push(
      `${key} names "${name}", which is not a stage of pipeline "${run.pipeline}".` +
        (hint ? ` Did you mean "${hint}"?` : ""),
    );
  }
  if (problems.length > 0) throw new InvalidOptionsError(where, problems.join(" "));
}
