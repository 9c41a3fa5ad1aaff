/**
 * @module `createTestSnapshot`: a valid, frozen `ContextSnapshot` with every id filled in.
 */
import { ContextSnapshot, type ContextSnapshotInit } from "@stageflow/core";

let counter = 0;

function uniqueId(prefix: string): string {
  counter++;
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  const random = c?.randomUUID
    ? c.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `${prefix}-${counter}-${random}`;
}

/**
 * Builds a snapshot for a test. Every run identity field gets a value (`pipelineRunId`, `requestId`,
 * `sessionId` and `interactionId` are generated and unique per call; `userId` is `"test-user"`,
 * `orgId` `"test-org"`), `inputText` defaults to `"test input"` and the conversation to no messages.
 * The overrides merge into these defaults: `runId` and `conversation` field by field, everything
 * else replaces the default. The result is validated and deeply frozen like any snapshot.
 * @param init - any snapshot fields to set (`runId: { userId: "u1" }` keeps the generated run id)
 * @returns a frozen {@link ContextSnapshot}
 * @throws `InvalidSnapshotError` when an override is invalid (not JSON, unknown field, wrong type)
 * @example
 * ```ts
 * const snapshot = createTestSnapshot({ inputText: "refund policy?", runId: { userId: "u42" } });
 * snapshot.runId.userId; // "u42"
 * snapshot.runId.pipelineRunId; // "run-1-…" (generated)
 * ```
 */
export function createTestSnapshot<
  TInput = null,
  TExtensions extends Record<string, unknown> = Record<string, unknown>,
>(init: ContextSnapshotInit<TInput, TExtensions> = {}): ContextSnapshot<TInput, TExtensions> {
  if (typeof init !== "object" || init === null || Array.isArray(init)) {
    // Let core report the problem in its own words.
    return ContextSnapshot.create<TInput, TExtensions>(init);
  }
  // A field given as `undefined` is left out, so the default stays, as when the field is absent.
  const given = withoutUndefined(init);
  const runId = {
    pipelineRunId: uniqueId("run"),
    requestId: uniqueId("req"),
    sessionId: uniqueId("session"),
    userId: "test-user",
    orgId: "test-org",
    interactionId: uniqueId("interaction"),
    ...(isRecord(given.runId) ? withoutUndefined(given.runId) : {}),
  };
  const conversation = {
    messages: [],
    routingDecision: null,
    ...(isRecord(given.conversation) ? withoutUndefined(given.conversation) : {}),
  };
  return ContextSnapshot.create<TInput, TExtensions>({
    inputText: "test input",
    ...given,
    runId: given.runId !== undefined && !isRecord(given.runId) ? given.runId : runId,
    conversation:
      given.conversation !== undefined && !isRecord(given.conversation) ? given.conversation : conversation,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A shallow copy without the string keys whose value is `undefined` (symbol keys are kept for core to report). */
function withoutUndefined<T extends object>(value: T): T {
  const copy = { ...(value as object) } as Record<PropertyKey, unknown>;
  for (const key of Object.keys(copy)) if (copy[key] === undefined) delete copy[key];
  return copy as T;
}
