/**
 * @module Checks the stage names of a retry's `stages` against the graph it is attached to.
 * @internal
 */
import { closestMatch, InvalidOptionsError, type InterceptorTarget } from "@stageflow/core";

/** How many of the graph's stages an error lists when a name is close to none of them. */
const LISTED = 20;

/**
 * Throws unless every name in `names` is a stage of `target`.
 * @param names - the keys of the retry's `stages`
 * @param target - the pipeline and its stage names
 * @throws `InvalidOptionsError` naming each unknown stage, the pipeline and the closest stage, or
 *   listing the pipeline's stages when none is close
 */
export function assertKnownStages(names: Iterable<string>, target: InterceptorTarget): void {
  const { pipeline, stages } = target;
  const problems: string[] = [];
  let farOff = false;
  for (const name of names) {
    if (stages.includes(name)) continue;
    const hint = closestMatch(name, stages);
    if (hint === undefined) farOff = true;
    problems.push(
      `stages names "${name}", which is not a stage of pipeline "${pipeline}".` +
        (hint === undefined ? "" : ` Did you mean "${hint}"?`),
    );
  }
  if (problems.length === 0) return;
  if (farOff) {
    const more = stages.length > LISTED ? ` (and ${stages.length - LISTED} more)` : "";
    problems.push(`Valid stages: ${stages.slice(0, LISTED).join(", ")}${more}.`);
  }
  throw new InvalidOptionsError("RetryInterceptor", problems.join(" "));
}
