/**
 * @module Checks that a value has the envelope every Stageflow event carries.
 * @internal
 */

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return typeof value;
}

/**
 * Lists what is wrong with an event: `type`, `runId` and `pipeline` must be non-empty strings,
 * `timestamp` a finite number, `data` present (it may be `undefined`, but the key must exist),
 * `stage` a non-empty string and `attempt` a positive integer when present.
 * @param event - the value a sink received
 * @returns the problems found; empty for a well-formed event
 */
export function findEventProblems(event: unknown): string[] {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return [`expected an event object, got ${describe(event)}`];
  }
  const e = event as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ["type", "runId", "pipeline"] as const) {
    if (typeof e[key] !== "string" || e[key] === "")
      problems.push(`${key} must be a non-empty string (got ${describe(e[key])})`);
  }
  if (typeof e.timestamp !== "number" || !Number.isFinite(e.timestamp)) {
    problems.push(`timestamp must be a finite number (got ${describe(e.timestamp)})`);
  }
  if (!("data" in e))
    problems.push("data is missing (the key must be present, even when its value is undefined)");
  if ("stage" in e && e.stage !== undefined && (typeof e.stage !== "string" || e.stage === "")) {
    problems.push(`stage must be a non-empty string when present (got ${describe(e.stage)})`);
  }
  if (
    "attempt" in e &&
    e.attempt !== undefined &&
    !(typeof e.attempt === "number" && Number.isInteger(e.attempt) && e.attempt >= 1)
  ) {
    problems.push(`attempt must be a positive integer when present (got ${describe(e.attempt)})`);
  }
  return problems;
}
