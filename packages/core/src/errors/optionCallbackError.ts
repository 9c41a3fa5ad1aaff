/**
 * @module Error recorded when a callback given as an option (such as `retryOn`) throws while it
 * judges a stage's attempt.
 */
import { isError, messageOf, nameOf } from "../internal/inspect.js";
import { describeThrown } from "./nonErrorThrownError.js";
import { StageflowError } from "./stageflowError.js";

/** What an {@link OptionCallbackError} reports. */
export interface OptionCallbackErrorInit {
  /** What the option belongs to, e.g. `"RetryInterceptor"`. */
  readonly owner: string;
  /** The option whose callback threw, e.g. `"retryOn"`. */
  readonly option: string;
  /** The stage whose attempt was being judged. */
  readonly stage: string;
  /** The number of that attempt. */
  readonly attempt: number;
  /** What the callback threw. */
  readonly thrown: unknown;
  /** The attempt's own error, when it had failed: the new error's `cause`, so it is never lost. */
  readonly cause?: unknown;
}

/** `Name: message` of an Error; a safe description of anything else. */
function describe(value: unknown): string {
  if (!isError(value)) return describeThrown(value);
  const text = `${nameOf(value)}: ${messageOf(value)}`;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * The error of a stage attempt whose outcome a callback option (a predicate such as
 * `RetryInterceptor`'s `retryOn` or `CircuitBreakerInterceptor`'s `isFailure`) could not judge
 * because it threw. The attempt fails with this error, is not retried (a bug in the callback would
 * throw again), and keeps what happened: `cause` is the attempt's own error when it had failed, and
 * `thrown` is what the callback threw. Both are in the message, so a log line shows the two.
 * @example
 * ```ts
 * const error = result.stages.llm?.error;
 * if (error instanceof OptionCallbackError) {
 *   log.error(error.message, { optionError: error.thrown, stageError: error.cause });
 * }
 * ```
 */
export class OptionCallbackError extends StageflowError {
  /** What the option belongs to, e.g. `"RetryInterceptor"`. */
  readonly owner: string;
  /** The option whose callback threw, e.g. `"retryOn"`. */
  readonly option: string;
  /** The stage whose attempt was being judged. */
  readonly stage: string;
  /** The number of that attempt. */
  readonly attempt: number;
  /** What the callback threw. */
  readonly thrown: unknown;

  /** @param init - the owner, option, stage and attempt, what the callback threw, and the attempt's error */
  constructor(init: OptionCallbackErrorInit) {
    const { owner, option, stage, attempt, thrown, cause } = init;
    const outcome =
      cause === undefined
        ? "The attempt itself had not failed."
        : `The attempt had failed with ${describe(cause)}, which is this error's cause.`;
    super(
      "OPTION_CALLBACK_THREW",
      `${owner}'s ${option} threw while judging attempt ${attempt} of stage "${stage}": ` +
        `${describe(thrown)}. ${outcome} Fix ${option} so that it returns instead of throwing.`,
      { cause },
    );
    this.name = "OptionCallbackError";
    this.owner = owner;
    this.option = option;
    this.stage = stage;
    this.attempt = attempt;
    this.thrown = thrown;
  }
}
