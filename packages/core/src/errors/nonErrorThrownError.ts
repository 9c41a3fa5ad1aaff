/**
 * @module Error recorded when a stage throws something that is not an Error.
 */
import { toText, typeTag } from "../internal/inspect.js";
import { StageflowError } from "./stageflowError.js";

/**
 * A short description of a thrown value that is not an Error, safe for a message (an object's keys,
 * never its values).
 * @internal
 */
export function describeThrown(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string")
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === "object") return `an object (${preview(value)})`;
  // Only primitives (number, boolean, bigint, symbol) and functions are left here.
  return `${typeof value} ${toText(value).slice(0, 200)}`;
}

/**
 * The object's type tag and its first keys, never its values: a message is not redacted the way an
 * event's fields are, and a thrown object may carry headers or tokens. The value is on `thrown`.
 */
function preview(value: object): string {
  const tag = typeTag(value);
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return tag;
  }
  if (keys.length === 0) return tag;
  const shown = keys.slice(0, 8).join(", ");
  return `${tag} with keys ${shown}${keys.length > 8 ? ", …" : ""}`;
}

/** Wraps a non-`Error` value thrown by a stage, so every failure is an `Error` with a stack and a code. */
export class NonErrorThrownError extends StageflowError {
  /** The value that was thrown. */
  readonly thrown: unknown;

  /**
   * @param stage - the stage that threw
   * @param thrown - the value it threw
   */
  constructor(stage: string, thrown: unknown) {
    super(
      "NON_ERROR_THROWN",
      `Stage "${stage}" threw ${describeThrown(thrown)} instead of an Error. Throw an Error subclass.`,
    );
    this.name = "NonErrorThrownError";
    this.thrown = thrown;
  }
}
