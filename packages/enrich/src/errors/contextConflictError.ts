/**
 * @module Error raised when two writers disagree about a field whose conflict strategy is `"error"`.
 */
import { StageflowError } from "@stageflow/core";

/** Optional details of a {@link ContextConflictError}. */
export interface ContextConflictErrorOptions {
  /** Who wrote the value the field held. */
  readonly oldWriter?: string | undefined;
  /** Who offered the new value. */
  readonly newWriter?: string | undefined;
  /** What a custom resolver threw. */
  readonly cause?: unknown;
}

/**
 * Thrown by {@link ConflictDetector.checkAndResolve} (and recorded by the `contextEnrichment` plugin)
 * when a field under the `"error"` strategy receives a value different from the one it holds.
 */
export class ContextConflictError extends StageflowError {
  /** The conflicting field (a dotted path for nested fields). */
  readonly field: string;
  /** The value the field held. */
  readonly oldValue: unknown;
  /** The value that was offered. */
  readonly newValue: unknown;
  /** The writer of the value the field held, when known. */
  readonly oldWriter: string | undefined;
  /** The writer that offered the new value, when known. */
  readonly newWriter: string | undefined;

  /**
   * @param field - the conflicting field
   * @param oldValue - the value it held
   * @param newValue - the value offered
   * @param options - the old and new writer (shown in the message) and the underlying error, if any
   */
  constructor(
    field: string,
    oldValue: unknown,
    newValue: unknown,
    options: ContextConflictErrorOptions = {},
  ) {
    const { oldWriter, newWriter } = options;
    const who =
      oldWriter === undefined || newWriter === undefined
        ? ""
        : ` ("${oldWriter}" wrote it, "${newWriter}" tried to overwrite it)`;
    const why =
      options.cause === undefined
        ? `, and its conflict strategy is "error"`
        : ` and its custom resolver threw`;
    super(
      "CONTEXT_CONFLICT",
      `Conflicting values for enrichment field "${field}"${who}${why}. ` +
        `Give the field another strategy (keep_old, keep_new, merge or a function) in fieldStrategies, or make the writers agree.`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.oldWriter = oldWriter;
    this.newWriter = newWriter;
    this.name = "ContextConflictError";
    this.field = field;
    this.oldValue = oldValue;
    this.newValue = newValue;
  }
}
