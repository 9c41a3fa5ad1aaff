/**
 * @module Validation of options objects where they enter the library.
 */
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";
import type { InterceptorTarget } from "./interceptor.js";

function distance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** The options of `Pipeline.withStage` (where a stage is placed in a pipeline). @internal */
export const STAGE_OPTION_KEYS = ["dependsOn", "when", "interceptors", "timeoutMs", "branch"] as const;

/** The keys of `graph.run`'s options. @internal */
export const RUN_OPTION_KEYS = [
  "eventSink",
  "onSinkError",
  "interceptors",
  "plugins",
  "signal",
  "clock",
  "random",
  "abortGraceMs",
] as const;

const normalise = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, "");

/**
 * Finds the candidate closest to `input`, ignoring case, `_` and `-` (so `max_attempts` finds
 * `maxAttempts`). Returns `undefined` when nothing is reasonably close.
 * @param input - what the user typed
 * @param candidates - the valid names
 * @returns the closest valid name, or `undefined`
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const target = normalise(input);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const norm = normalise(candidate);
    // An abbreviation ("exec", "timeout") or an over-long key counts as close.
    // So does a key with a word in front ("failure_mode" for "mode", "stageTimeoutMs" for "timeoutMs").
    const prefix =
      (target.length >= 3 && norm.startsWith(target)) ||
      (norm.length >= 3 && (target.startsWith(norm) || target.endsWith(norm)));
    const score = prefix ? Math.min(1, distance(target, norm)) : distance(target, norm);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(target.length / 3));
  return bestScore <= limit ? best : undefined;
}

/**
 * Throws {@link InvalidOptionsError} when a name in `names` is not a stage of `graph` but is close to
 * one (see {@link closestMatch}): a misspelling. A name no stage is close to is accepted, because one
 * options object may serve several pipelines (a retry's `stages: { charge: false }` shared with a
 * pipeline that has no `charge` stage). Extension authors use it to check stage names in their options.
 *
 * Each call searches every name against every stage, so a caller that checks on every run should
 * remember the graphs it has already checked (core passes one frozen `InterceptorTarget` per graph to
 * `attach`, and `RunInfo.stages` is one array per graph), e.g. in a `WeakSet`.
 * @param where - where the names were given, used in the message (`"RetryInterceptor"`)
 * @param option - the option that holds them, used in the message (`"stages"`)
 * @param names - the stage names as given
 * @param graph - the pipeline's name and its stage names (an `InterceptorTarget` or any object of its shape)
 * @throws {@link InvalidOptionsError} naming each misspelt stage, the pipeline and the stage it was
 *   probably meant to be, all in one message
 */
export function assertKnownStageNames(
  where: string,
  option: string,
  names: Iterable<string>,
  graph: InterceptorTarget,
): void {
  const { pipeline, stages } = graph;
  const problems: string[] = [];
  for (const name of names) {
    if (stages.includes(name)) continue;
    const hint = closestMatch(name, stages);
    if (hint === undefined) continue;
    problems.push(
      `${option} names "${name}", which is not a stage of pipeline "${pipeline}". Did you mean "${hint}"?`,
    );
  }
  if (problems.length > 0) throw new InvalidOptionsError(where, problems.join(" "));
}

/** Keys that belong to another call, so an unknown key close to one of them can say where it goes. */
export interface OptionsElsewhere {
  /** The other call's keys. */
  readonly keys: readonly string[];
  /** How that call is written, for the message (`"pipeline.withStage(stage, options)"`). */
  readonly where: string;
}

/**
 * Throws {@link InvalidOptionsError} when `options` is not a plain object or has a key not in `known`,
 * naming the closest valid key. Extension authors use it to validate their own options the same way.
 * @param where - where the options were given, used in the message (`"RetryInterceptor"`)
 * @param options - the options object (`undefined` is accepted)
 * @param known - the valid keys
 * @param elsewhere - keys of another call that users put here by mistake: an unknown key close to one of
 *   them, and to none in `known`, is reported as belonging there
 * @throws {@link InvalidOptionsError} for a non-object or an unknown key
 */
export function assertKnownOptions(
  where: string,
  options: unknown,
  known: readonly string[],
  elsewhere?: OptionsElsewhere,
): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError(
      where,
      `expected an options object, got ${options === null ? "null" : typeof options}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = closestMatch(key, known);
    const other =
      hint === undefined && elsewhere !== undefined ? closestMatch(key, elsewhere.keys) : undefined;
    if (other !== undefined) {
      const which = key === other ? "It" : `Did you mean "${other}"? That`;
      throw new InvalidOptionsError(
        where,
        `"${key}" is not an option here. ${which} is an option of ${elsewhere?.where}. ` +
          `Valid options: ${known.join(", ")}.`,
      );
    }
    throw new InvalidOptionsError(
      where,
      `unknown option "${key}".${hint ? ` Did you mean "${hint}"?` : ""} Valid options: ${known.join(", ")}.`,
    );
  }
}
