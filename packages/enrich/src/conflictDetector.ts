/**
 * @module `ConflictDetector`: decides what an enrichment field holds when two writers disagree.
 */
import { InvalidOptionsError, assertKnownOptions } from "@stageflow/core";
import { ContextConflictError } from "./errors/contextConflictError.js";
import { mergeValues } from "./internal/merge.js";
import { FORBIDDEN_KEYS, deepEqual } from "./internal/plainData.js";

/** The built-in conflict strategies. */
export const ConflictResolution = {
  /** Keep the value the field already holds. */
  KEEP_OLD: "keep_old",
  /** Replace it with the new value. */
  KEEP_NEW: "keep_new",
  /** Merge: arrays are concatenated without deep-equal duplicates, plain objects recursively, strings joined. */
  MERGE: "merge",
  /** Refuse: throw a {@link ContextConflictError} (or report the conflict, with `throwOnError: false`). */
  ERROR: "error",
} as const;

/** One of the values of {@link ConflictResolution}. */
export type ConflictResolution = (typeof ConflictResolution)[keyof typeof ConflictResolution];

/** What a custom resolver receives. */
export interface ConflictInput {
  /** The field (a dotted path for nested fields). */
  readonly field: string;
  /** The value the field holds. */
  readonly oldValue: unknown;
  /** The value offered. */
  readonly newValue: unknown;
}

/** A custom strategy: returns the value the field should hold. It must not mutate its inputs. */
export type ConflictResolver = (conflict: ConflictInput) => unknown;

/** A built-in strategy name or a custom resolver. */
export type ConflictStrategy = ConflictResolution | ConflictResolver;

/** What {@link ConflictDetector.checkAndResolve} returns. */
export interface ConflictCheck {
  /** False when the values are deep-equal (or the field held nothing). */
  readonly hasConflict: boolean;
  /** The field. */
  readonly field: string;
  /** The value the field held. */
  readonly oldValue: unknown;
  /** The value offered. */
  readonly newValue: unknown;
  /** The strategy applied: a built-in name, `"custom"` for a function, `"none"` without a conflict. */
  readonly resolution: ConflictResolution | "custom" | "none";
  /** The value the field should hold now (the old value under an unthrown `"error"`). */
  readonly mergedValue: unknown;
}

/** Options of {@link ConflictDetector}. */
export interface ConflictDetectorOptions {
  /**
   * Strategy for fields without their own.
   * @defaultValue `"keep_new"`
   */
  readonly defaultStrategy?: ConflictStrategy | undefined;
  /**
   * Strategies by field; nested fields of a merged object use dotted paths (`"profile.tier"`).
   * A nested path without its own entry inherits the strategy of its parent.
   */
  readonly fieldStrategies?: Readonly<Record<string, ConflictStrategy>> | undefined;
  /**
   * Whether the `"error"` strategy throws {@link ContextConflictError}; when false it returns a check
   * with `resolution: "error"` and the old value kept.
   * @defaultValue `true`
   */
  readonly throwOnError?: boolean | undefined;
}

const OPTION_KEYS = ["defaultStrategy", "fieldStrategies", "throwOnError"] as const;
const NAMES: readonly string[] = Object.values(ConflictResolution);

function checkStrategy(where: string, strategy: unknown): ConflictStrategy {
  if (typeof strategy === "function" || (typeof strategy === "string" && NAMES.includes(strategy))) {
    return strategy as ConflictStrategy;
  }
  throw new InvalidOptionsError(
    where,
    `unknown conflict strategy ${JSON.stringify(strategy)}; use ${NAMES.join(", ")} or a function.`,
  );
}

/**
 * Detects conflicts between an enrichment field's current value and a new one, and resolves them with
 * a per-field strategy. Deep-equal values are not a conflict. Never mutates its inputs and never
 * writes `__proto__`, `constructor` or `prototype` keys.
 * @example
 * ```ts
 * const detector = new ConflictDetector({ defaultStrategy: "merge", fieldStrategies: { tier: "keep_old" } });
 * detector.checkAndResolve("tags", ["a"], ["b"]).mergedValue; // ["a", "b"]
 * ```
 */
export class ConflictDetector {
  /** Strategy for fields without their own. */
  readonly defaultStrategy: ConflictStrategy;
  /** Strategies by field (dotted paths for nested fields). */
  readonly fieldStrategies: Readonly<Record<string, ConflictStrategy>>;
  /** Whether `"error"` throws. */
  readonly throwOnError: boolean;
  readonly #byField: ReadonlyMap<string, ConflictStrategy>;

  /**
   * @param options - default strategy, per-field strategies, `throwOnError`
   * @throws `InvalidOptionsError` for an unknown option or strategy
   */
  constructor(options: ConflictDetectorOptions = {}) {
    assertKnownOptions("ConflictDetector", options, OPTION_KEYS);
    this.defaultStrategy = checkStrategy(
      "ConflictDetector: defaultStrategy",
      options.defaultStrategy ?? "keep_new",
    );
    const byField = new Map<string, ConflictStrategy>();
    const fields = options.fieldStrategies ?? {};
    if (typeof fields !== "object" || fields === null) {
      throw new InvalidOptionsError(
        "ConflictDetector",
        "fieldStrategies must be an object of field → strategy.",
      );
    }
    for (const [field, strategy] of Object.entries(fields)) {
      byField.set(field, checkStrategy(`ConflictDetector: fieldStrategies["${field}"]`, strategy));
    }
    this.#byField = byField;
    this.fieldStrategies = Object.freeze(Object.fromEntries(byField));
    this.throwOnError = options.throwOnError ?? true;
  }

  /**
   * The strategy that applies to a field: its own, else its closest dotted parent's, else the default.
   * @param field - a field or dotted path
   * @returns the strategy
   */
  strategyFor(field: string): ConflictStrategy {
    for (let path = field; ;) {
      const own = this.#byField.get(path);
      if (own !== undefined) return own;
      const dot = path.lastIndexOf(".");
      if (dot < 0) return this.defaultStrategy;
      path = path.slice(0, dot);
    }
  }

  /**
   * Compares a field's current value with a new one and resolves a conflict.
   * @param field - the field (dotted path for nested fields)
   * @param oldValue - the value it holds (`undefined` when it holds nothing)
   * @param newValue - the value offered
   * @returns the check, with the value the field should hold in `mergedValue`
   * @throws {@link ContextConflictError} under the `"error"` strategy when `throwOnError` is true
   * (also for a nested field reached while merging)
   */
  checkAndResolve(field: string, oldValue: unknown, newValue: unknown): ConflictCheck {
    if (oldValue === undefined || deepEqual(oldValue, newValue)) {
      return {
        hasConflict: false,
        field,
        oldValue,
        newValue,
        resolution: "none",
        mergedValue: oldValue === undefined ? newValue : oldValue,
      };
    }
    const strategy = this.strategyFor(field);
    const resolution = typeof strategy === "function" ? "custom" : strategy;
    if (strategy === "error" && !this.throwOnError) {
      return { hasConflict: true, field, oldValue, newValue, resolution, mergedValue: oldValue };
    }
    return {
      hasConflict: true,
      field,
      oldValue,
      newValue,
      resolution,
      mergedValue: this.#apply(strategy, field, oldValue, newValue),
    };
  }

  #apply(strategy: ConflictStrategy, field: string, oldValue: unknown, newValue: unknown): unknown {
    if (typeof strategy === "function") return strategy({ field, oldValue, newValue });
    switch (strategy) {
      case "keep_old":
        return oldValue;
      case "keep_new":
        return newValue;
      case "error":
        throw new ContextConflictError(field, oldValue, newValue);
      case "merge":
        return mergeValues(field, oldValue, newValue, (path, a, b) => this.#nested(path, a, b));
    }
  }

  /** A nested conflict found while merging: its own strategy if it has one, else merge further. */
  #nested(path: string, oldValue: unknown, newValue: unknown): unknown {
    const last = path.slice(path.lastIndexOf(".") + 1);
    if (FORBIDDEN_KEYS.has(last)) return oldValue;
    const strategy = this.strategyFor(path);
    if (strategy === "error" && !this.throwOnError) return oldValue;
    return this.#apply(strategy, path, oldValue, newValue);
  }
}
