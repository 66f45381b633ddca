/** Generator for a Hugging Face Text Generation Inference server: `POST <endpoint>/generate`. */
import { AdeError } from "../core/mod.ts";
import type { TextGenerator } from "./generator.ts";
import type { DecodingParameters } from "./decoding.ts";
import type { Prompt } from "./prompt.ts";
import { _Retrier, postJson, type RetryPolicy } from "./_retry.ts";

/** Options of {@link TgiGenerator}. */
export interface TgiGeneratorOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  endpoint: string;
  /** Model name recorded in the rows (TGI serves one model; default `tgi`). */
  model?: string;
  /** Timeouts and retries. */
  retry?: Partial<RetryPolicy>;
  /** Seed of the backoff jitter. */
  seed?: number;
}

/**
 * The TGI request body: `{"inputs", "parameters"}` with sampling on and the prompt not echoed back. Also
 * the body of a SageMaker Hugging Face LLM (TGI) endpoint.
 * @param prompt the prompt text
 * @param parameters decoding settings
 * @returns the JSON body
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_DECODING } from "./decoding.ts";
 * assert.equal(buildTgiRequestBody("Write...", DEFAULT_DECODING).parameters.do_sample, true);
 * ```
 */
export function buildTgiRequestBody(
  prompt: string,
  parameters: DecodingParameters,
): { inputs: string; parameters: Record<string, unknown> } {
  return {
    inputs: prompt,
    parameters: {
      do_sample: true,
      temperature: parameters.temperature,
      top_p: parameters.top_p,
      max_new_tokens: parameters.max_new_tokens,
      stop: parameters.stop,
      return_full_text: false,
      ...(parameters.seed !== undefined ? { seed: parameters.seed } : {}),
    },
  };
}

/**
 * Reads `generated_text` from a TGI answer: `{"generated_text"}` (TGI `/generate`) or
 * `[{"generated_text"}]` (SageMaker Hugging Face LLM containers).
 * @throws {AdeError} when the answer has no `generated_text` string
 * @param answer parsed JSON answer
 * @param origin URL or endpoint, for messages
 * @returns the generated text
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(readGeneratedText([{ generated_text: "1. Rash." }], "endpoint"), "1. Rash.");
 * assert.equal(readGeneratedText({ generated_text: "1. Rash." }, "endpoint"), "1. Rash.");
 * ```
 */
export function readGeneratedText(answer: unknown, origin: string): string {
  const first = Array.isArray(answer) ? answer[0] : answer;
  const text = (first as { generated_text?: unknown } | undefined)?.generated_text;
  if (typeof text !== "string") {
    throw new AdeError(`${origin}: answer has no "generated_text" string`);
  }
  return text;
}

/**
 * Calls a TGI server's `/generate` route.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_DECODING } from "./decoding.ts";
 * // A stand-in TGI server on a free port.
 * const server = Deno.serve({ port: 0, onListen() {} }, () => Response.json({ generated_text: "1. Rash." }));
 * const generator = new TgiGenerator({ endpoint: `http://127.0.0.1:${server.addr.port}` });
 * const prompt = { text: "Write one sentence.", examples: [], requested: 1 };
 * assert.equal(await generator.generate(prompt, DEFAULT_DECODING), "1. Rash.");
 * await server.shutdown();
 * ```
 */
export class TgiGenerator implements TextGenerator {
  readonly name = "tgi" as const;
  readonly isLanguageModel = true;
  readonly model: string;
  readonly #url: string;
  readonly #retrier: _Retrier;

  /** @param options endpoint, model name, retry policy */
  constructor(options: TgiGeneratorOptions) {
    this.#url = `${options.endpoint.replace(/\/+$/, "")}/generate`;
    this.model = options.model ?? "tgi";
    this.#retrier = new _Retrier(options);
  }

  /** Sends one prompt; see {@link TextGenerator.generate}. */
  generate(prompt: Prompt, parameters: DecodingParameters): Promise<string> {
    const body = buildTgiRequestBody(prompt.text, parameters);
    return this.#retrier.run(async (signal) =>
      readGeneratedText(await postJson(this.#url, body, signal), this.#url)
    );
  }
}
