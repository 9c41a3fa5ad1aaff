/**
 * @module Error recorded when a stage throws something that is not an Error.
 */
import { StageflowError } from "./stageflowError.js";

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string")
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === "object") return `an object (${preview(value)})`;
  // Only primitives (number, boolean, bigint, symbol) and functions are left here.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return `${typeof value} ${String(value).slice(0, 200)}`;
}

/** The object as JSON (shortened), or its type tag when it has no JSON form. */
function preview(value: object): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined || json === "{}") return Object.prototype.toString.call(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
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
      `Stage "${stage}" threw ${describe(thrown)} instead of an Error. Throw an Error subclass.`,
    );
    this.name = "NonErrorThrownError";
    this.thrown = thrown;
  }
}
