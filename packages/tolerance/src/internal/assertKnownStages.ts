/**
 * @module Checks stage names given in options against the stages of the graph a run belongs to.
 * @internal
 */
import { closestMatch, InvalidOptionsError, type RunInfo } from "@stageflow/core";

/**
 * Throws when a name in `names` is not a stage of `run`'s graph but is close to one: a misspelling.
 * A name with no stage near it is accepted, because one plugin object may serve several pipelines
 * (`optional: ["suggestions"]` shared by a pipeline that has no such stage).
 * @param where - where the names were given (`"failureTolerance"`)
 * @param key - the option that holds them (`"optional"`)
 * @param names - the stage names as given
 * @param run - the run, whose `stages` are the graph's stages
 * @throws `InvalidOptionsError` naming each misspelt stage and the stage it was probably meant to be
 */
export function assertKnownStages(where: string, key: string, names: Iterable<string>, run: RunInfo): void {
  const known = run.stages.map((s) => s.name);
  const stages = new Set(known);
  const problems: string[] = [];
  for (const name of names) {
    if (stages.has(name)) continue;
    const hint = closestMatch(name, known);
    if (hint === undefined) continue;
    problems.push(
      `${key} names "${name}", which is not a stage of pipeline "${run.pipeline}". Did you mean "${hint}"?`,
    );
  }
  if (problems.length > 0) throw new InvalidOptionsError(where, problems.join(" "));
}
