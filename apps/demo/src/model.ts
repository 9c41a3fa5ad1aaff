/**
 * @module The chat-model adapter interface and the deterministic local stand-in the demo runs on.
 */
import type { Clock } from "@stageflow/core";
import { seededRandom } from "./random.js";

/** One message sent to a model. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** A completion request. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  /** Most tokens the answer may use. */
  readonly maxTokens: number;
  /** Aborts the call (run cancelled, timeout). */
  readonly signal: AbortSignal;
  /** The run's clock; the stand-in waits on it so tests run in virtual time. */
  readonly clock: Clock;
}

/** A completion. */
export interface ChatResponse {
  readonly text: string;
  readonly model: string;
  readonly usage: { readonly promptTokens: number; readonly completionTokens: number };
}

/**
 * What the pipeline needs of a model provider. Plugging in a real provider means implementing this
 * one method (see `adapters/openAiCompatible.ts`).
 */
export interface ChatModel {
  readonly name: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
}

/** A provider failure (simulated by the stand-in, real in an adapter); the pipeline maps it to retry errors. */
export class ProviderError extends Error {
  /** `429` rate limit or `503` outage. */
  readonly status: 429 | 503;
  /** For 429: what the provider's Retry-After header would say. */
  readonly retryAfterMs: number | undefined;

  constructor(status: 429 | 503, retryAfterMs?: number) {
    super(status === 429 ? "rate limited by the model provider" : "model provider unavailable");
    this.name = "ProviderError";
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Options of {@link LocalModel}. */
export interface LocalModelOptions {
  /** Seed for latency and failures. */
  readonly seed: number;
  /** Latency range per call, ms. @defaultValue [120, 450] */
  readonly latencyMs?: readonly [number, number];
  /** Probability a call is rate limited. @defaultValue 0.15 */
  readonly rateLimitRate?: number;
  /** Probability a call hits an outage. @defaultValue 0.03 */
  readonly outageRate?: number;
}

/** Rough token estimate used by the stand-in for its usage report. */
const tokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * A deterministic model stand-in: seeded latency and failures, answers composed from the context it
 * is given. No network, no keys.
 */
export class LocalModel implements ChatModel {
  readonly name = "local-stand-in";
  readonly #random: () => number;
  readonly #latency: readonly [number, number];
  readonly #rateLimitRate: number;
  readonly #outageRate: number;

  /** @param options - seed, latency range and failure rates */
  constructor(options: LocalModelOptions) {
    this.#random = seededRandom(options.seed);
    this.#latency = options.latencyMs ?? [120, 450];
    this.#rateLimitRate = options.rateLimitRate ?? 0.15;
    this.#outageRate = options.outageRate ?? 0.03;
  }

  /** Waits a seeded latency on the request's clock, then answers or fails. */
  async complete(request: ChatRequest): Promise<ChatResponse> {
    const [lo, hi] = this.#latency;
    const roll = this.#random();
    const latency = Math.round(lo + this.#random() * (hi - lo));
    await request.clock.sleep(latency, request.signal);
    if (roll < this.#rateLimitRate) throw new ProviderError(429, 250 + Math.round(this.#random() * 500));
    if (roll < this.#rateLimitRate + this.#outageRate) throw new ProviderError(503);
    const user = [...request.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const context = request.messages.find((m) => m.role === "system")?.content ?? "";
    const facts = context
      .split("\n")
      .filter((l) => l.startsWith("- "))
      .slice(0, 2)
      .map((l) => l.slice(2));
    const text =
      facts.length > 0
        ? `Here is what I found about "${user}": ${facts.join(" ")}`
        : `I could not find anything specific about "${user}", but I am happy to help.`;
    const answer = text.split(" ").slice(0, request.maxTokens).join(" ");
    const prompt = request.messages.reduce((n, m) => n + tokens(m.content), 0);
    return {
      text: answer,
      model: this.name,
      usage: { promptTokens: prompt, completionTokens: tokens(answer) },
    };
  }
}
