/**
 * @module The demo's stages: guard, route, three enrichments, the model call and the output guard.
 */
import { StageKind, StageOutput, defineStage, type StageContext } from "@stageflow/core";
import {
  ContextUtilizationKey,
  TruncationTrackerKey,
  VersionMetadata,
  countTokens,
  getEnrichments,
  versionArtifact,
} from "@stageflow/enrich";
import { RateLimitError, ServiceUnavailableError } from "@stageflow/retry";
import { MEMORIES, PROFILES, searchDocuments, type HelpDocument } from "./knowledge.js";
import { ProviderError, type ChatModel } from "./model.js";
import { deriveSeed, seededRandom } from "./random.js";

/** The simulated dependencies the stages call. */
export interface DemoServices {
  readonly model: ChatModel;
  /** Probability the (optional) profile service fails a call. */
  readonly profileFailureRate: number;
  /** Probability the memory service rate-limits a call. */
  readonly memoryRateLimitRate: number;
  /** Seed for the services' failures. */
  readonly seed: number;
}

const BLOCKED = /\b(password dump|credit card numbers)\b/i;

/** Latency of a simulated backend call, on the run's clock. */
const call = (ctx: StageContext, ms: number): Promise<void> => ctx.clock.sleep(ms, ctx.signal);

/** Builds the stages over the given services. */
export function createStages(services: DemoServices) {
  // One stream per service, so one service's calls never shift another's failures.
  const profileRandom = seededRandom(deriveSeed(services.seed, "profile"));
  const memoryRandom = seededRandom(deriveSeed(services.seed, "memory"));

  const inputGuard = defineStage({
    name: "input_guard",
    kind: StageKind.GUARD,
    execute: (ctx) => {
      const text = ctx.snapshot.inputText?.trim() ?? "";
      if (text === "") return StageOutput.cancel("empty question");
      if (BLOCKED.test(text)) return StageOutput.cancel("the question asks for restricted data");
      return { question: text };
    },
  });

  const router = defineStage({
    name: "router",
    kind: StageKind.ROUTE,
    execute: (ctx) => {
      const question = ctx.inputs.getFrom<string>(inputGuard, "question", "");
      const needsDocs = searchDocuments(question).length > 0;
      return StageOutput.ok({
        route: needsDocs ? ["profile", "memory", "retrieval"] : ["profile", "memory"],
      });
    },
  });

  const profile = defineStage({
    name: "profile",
    kind: StageKind.ENRICH,
    execute: async (ctx) => {
      await call(ctx, 40);
      if (profileRandom() < services.profileFailureRate) throw new Error("profile service returned 500");
      const userId = ctx.snapshot.runId.userId ?? "";
      return { profile: PROFILES[userId] ?? null };
    },
  });

  const memory = defineStage({
    name: "memory",
    kind: StageKind.ENRICH,
    execute: async (ctx) => {
      await call(ctx, 60);
      if (memoryRandom() < services.memoryRateLimitRate) {
        throw new RateLimitError("memory service rate limit", { retryAfterMs: 200 });
      }
      return { memory: MEMORIES[ctx.snapshot.runId.userId ?? ""] ?? [] };
    },
  });

  const retrieval = defineStage({
    name: "retrieval",
    kind: StageKind.ENRICH,
    execute: async (ctx) => {
      await call(ctx, 80);
      const question = ctx.snapshot.inputText ?? "";
      const docs = searchDocuments(question);
      const now = ctx.clock.now();
      const versions = docs.map((d: HelpDocument) =>
        VersionMetadata.create({
          contentId: `doc:${d.id}`,
          source: "help-centre",
          content: d.body,
          ttlSeconds: d.ttlSeconds,
          createdAt: now - d.ageSeconds * 1000,
          clock: ctx.clock,
        }),
      );
      const documents = docs.map((d) => ({ id: d.id, title: d.title, body: d.body }));
      // One artifact for the field: the oldest document decides whether it is stale.
      const oldest = versions.reduce<VersionMetadata | undefined>(
        (a, v) => (a === undefined || v.createdAt < a.createdAt ? v : a),
        undefined,
      );
      return StageOutput.ok(
        { documents },
        { artifacts: oldest ? [versionArtifact("documents", oldest)] : [] },
      );
    },
  });

  const prompt = defineStage({
    name: "prompt",
    kind: StageKind.TRANSFORM,
    execute: (ctx) => {
      const enrichments = getEnrichments(ctx);
      const budget = ctx.get(ContextUtilizationKey);
      const tracker = ctx.get(TruncationTrackerKey);
      const profileData = enrichments.get<{ name: string; plan: string } | null>("profile");
      const memoryData = enrichments.get<string[]>("memory") ?? [];
      const documents = enrichments.get<Array<{ title: string; body: string }>>("documents") ?? [];
      const lines: string[] = [];
      for (const doc of documents) {
        const text = `- ${doc.title}: ${doc.body}`;
        const cost = countTokens(text);
        if (budget.add(cost)) {
          lines.push(text);
          continue;
        }
        // Keep the share of the text the remaining budget pays for.
        const kept = text.slice(0, Math.floor((text.length * budget.availableTokens) / cost));
        const keptCost = countTokens(kept);
        tracker.recordTruncation({
          originalTokens: cost,
          truncatedTokens: keptCost,
          strategy: "tail",
          contentType: "documents",
          reason: "token budget",
        });
        if (kept !== "" && budget.add(keptCost)) lines.push(kept);
      }
      const system = [
        `You help ${profileData?.name ?? "a customer"}${profileData ? ` on the ${profileData.plan} plan` : ""}.`,
        ...memoryData.map((m) => `Earlier: ${m}`),
        ...lines,
      ].join("\n");
      return { system, question: ctx.snapshot.inputText ?? "", budget: budget.toJSON() };
    },
  });

  const llm = defineStage({
    name: "llm",
    kind: StageKind.TRANSFORM,
    execute: async (ctx) => {
      const input = ctx.inputs.require(prompt).data as { system: string; question: string };
      try {
        const response = await services.model.complete({
          messages: [
            { role: "system", content: input.system },
            { role: "user", content: input.question },
          ],
          maxTokens: 60,
          signal: ctx.signal,
          clock: ctx.clock,
        });
        return { answer: response.text, usage: response.usage, model: response.model };
      } catch (error) {
        if (error instanceof ProviderError && error.status === 429) {
          throw new RateLimitError(error.message, {
            cause: error,
            ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}),
          });
        }
        if (error instanceof ProviderError)
          throw new ServiceUnavailableError(error.message, { cause: error });
        throw error;
      }
    },
  });

  const outputGuard = defineStage({
    name: "output_guard",
    kind: StageKind.GUARD,
    execute: (ctx) => {
      const answer = ctx.inputs.getFrom<string>("llm", "answer", "");
      if (/[\w.]+@[\w.]+/.test(answer))
        return StageOutput.fail(new Error("the answer contains an e-mail address"));
      return { answer, safe: true };
    },
  });

  return { inputGuard, router, profile, memory, retrieval, prompt, llm, outputGuard } as const;
}
