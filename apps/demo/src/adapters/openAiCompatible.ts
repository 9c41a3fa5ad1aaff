/**
 * @module A `ChatModel` for any OpenAI-compatible chat-completions endpoint: the few lines it takes to
 * run the demo pipeline on a real provider.
 */
import type { ChatModel, ChatRequest, ChatResponse } from "../model.js";
import { ProviderError } from "../model.js";

/** Options of {@link openAiCompatible}. */
export interface OpenAiCompatibleOptions {
  /** e.g. `https://api.example.com/v1` */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
}

interface CompletionBody {
  choices: Array<{ message: { content: string } }>;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/**
 * Creates a model that calls `POST {baseUrl}/chat/completions`. A 429 or 503 becomes the same error
 * the stand-in throws, so the pipeline's retry and circuit breaker treat real and simulated failures
 * alike (a 429's `Retry-After` header is passed on).
 * @param options - endpoint, key and model name
 * @returns the model
 */
export function openAiCompatible(options: OpenAiCompatibleOptions): ChatModel {
  return {
    name: options.model,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      const response = await fetch(`${options.baseUrl}/chat/completions`, {
        method: "POST",
        signal: request.signal,
        headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
        body: JSON.stringify({
          model: options.model,
          messages: request.messages,
          max_tokens: request.maxTokens,
        }),
      });
      if (response.status === 429 || response.status === 503) {
        const seconds = Number(response.headers.get("retry-after"));
        throw new ProviderError(response.status, Number.isFinite(seconds) ? seconds * 1000 : undefined);
      }
      if (!response.ok) throw new Error(`model provider answered ${response.status}`);
      const body = (await response.json()) as CompletionBody;
      return {
        text: body.choices[0]?.message.content ?? "",
        model: options.model,
        usage: {
          promptTokens: body.usage?.prompt_tokens ?? 0,
          completionTokens: body.usage?.completion_tokens ?? 0,
        },
      };
    },
  };
}
