/** Generator for OpenAI-compatible servers (vLLM, llama.cpp): `POST <endpoint>/v1/chat/completions`. */
import { AdeError } from "../core/mod.ts";
import type { TextGenerator } from "./generator.ts";
import type { DecodingParameters } from "./decoding.ts";
import type { Prompt } from "./prompt.ts";
import { _Retrier, postJson, type RetryPolicy } from "./_retry.ts";

/** Options of {@link OpenAiGenerator}. */
export interface OpenAiGeneratorOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8000` (`/v1/chat/completions` is appended). */
  endpoint: string;
  /** Model name sent in the request and recorded in the rows (default `default`). */
  model?: string;
  /** Bearer token, when the server wants one (read from `OPENAI_API_KEY` by the CLI). */
  apiKey?: string;
  /** Timeouts and retries. */
  retry?: Partial<RetryPolicy>;
  /** Seed of the backoff jitter. */
  seed?: number;
}

/**
 * The chat-completions body: the prompt as one user message plus the decoding settings.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_DECODING } from "./decoding.ts";
 * assert.equal(buildChatCompletionBody("Write...", "falcon", DEFAULT_DECODING).messages[0].role, "user");
 * ```
 */
export function buildChatCompletionBody(
  prompt: string,
  model: string,
  parameters: DecodingParameters,
): Record<string, unknown> & { messages: Array<{ role: string; content: string }> } {
  return {
    model,
    messages: [{ role: "user", content: prompt }],
    temperature: parameters.temperature,
    top_p: parameters.top_p,
    max_tokens: parameters.max_new_tokens,
    stop: parameters.stop,
    ...(parameters.seed !== undefined ? { seed: parameters.seed } : {}),
  };
}

/**
 * Calls an OpenAI-compatible chat-completions route.
 * @example
 * ```ts
 * const generator = new OpenAiGenerator({ endpoint: "http://127.0.0.1:8000", model: "falcon-7b-instruct" });
 * ```
 */
export class OpenAiGenerator implements TextGenerator {
  readonly name = "openai" as const;
  readonly isLanguageModel = true;
  readonly model: string;
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #retrier: _Retrier;

  /** @param options endpoint, model, key, retry policy */
  constructor(options: OpenAiGeneratorOptions) {
    this.#url = `${options.endpoint.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/chat/completions`;
    this.model = options.model ?? "default";
    this.#headers = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
    this.#retrier = new _Retrier(options);
  }

  /** Sends one prompt; see {@link TextGenerator.generate}. */
  generate(prompt: Prompt, parameters: DecodingParameters): Promise<string> {
    const body = buildChatCompletionBody(prompt.text, this.model, parameters);
    return this.#retrier.run(async (signal) => {
      const answer = await postJson(this.#url, body, signal, this.#headers);
      const content = (answer as { choices?: Array<{ message?: { content?: unknown } }> })
        ?.choices?.[0]?.message?.content;
      if (typeof content !== "string") {
        throw new AdeError(`${this.#url}: answer has no choices[0].message.content string`);
      }
      return content;
    });
  }
}
