/**
 * @module Checks the stage names of a retry's `stages` against the graph it is attached to.
 * @internal
 */
import { closestMatch, InvalidOptionsError, type InterceptorTarget } from "@stageflow/core";

/**
 * Throws when a name in `names` is not a stage of `target` but is close to one: a misspelling. A name
 * with no stage near it is accepted, because one retry may serve several pipelines (`stages: { charge:
 * false }` shared with a pipeline that has no `charge` stage); tolerance's `optional` follows the same rule.
 * @param names - the keys of the retry's `stages`
 * @param target - the pipeline and its stage names
 * @throws `InvalidOptionsError` naming each misspelt stage, the pipeline and the stage it was probably
 *   meant to be
 */
export function assertKnownStages(names: Iterable<string>, target: InterceptorTarget): void {
  const { pipeline, stages } = target;
  const problems: string[] = [];
  for (const name of names) {
    if (stages.includes(name)) continue;
    const hint = closestMatch(name, stages);
    if (hint === undefined) continue;
    problems.push(
      `stages names "${name}", which is not a stage of pipeline "${pipeline}". Did you mean "${hint}"?`,
    );
  }
  if (problems.length > 0) throw new InvalidOptionsError("RetryInterceptor", problems.join(" "));
}
