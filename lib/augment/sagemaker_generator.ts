/** Generator for a SageMaker Hugging Face LLM (TGI) endpoint serving Falcon: `InvokeEndpoint`. */
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandInput,
  SageMakerRuntimeClient,
} from "@aws-sdk/client-sagemaker-runtime";
import { AdeError } from "../core/mod.ts";
import type { TextGenerator } from "./generator.ts";
import type { DecodingParameters } from "./decoding.ts";
import type { Prompt } from "./prompt.ts";
import { buildTgiRequestBody, readGeneratedText } from "./tgi_generator.ts";
import { _Retrier, RetryableError, type RetryPolicy } from "./_retry.ts";

/** Options of {@link SageMakerGenerator}. */
export interface SageMakerGeneratorOptions {
  /** Endpoint name. */
  endpointName: string;
  /** AWS region (default: the SDK's resolution, e.g. `AWS_REGION`). */
  region?: string;
  /** Model recorded in the rows (default `sagemaker:<endpoint name>`). */
  model?: string;
  /** A client to use instead of a new one (tests pass a mocked client). */
  client?: SageMakerRuntimeClient;
  /** Timeouts and retries (default timeout 70 s: the container has 60 s to answer). */
  retry?: Partial<RetryPolicy>;
  /** Seed of the backoff jitter. */
  seed?: number;
}

const RETRYABLE_ERROR_NAMES = new Set([
  "ThrottlingException",
  "ServiceUnavailable",
  "InternalFailure",
  "InternalDependencyException",
  "ModelNotReadyException",
]);

/**
 * The `InvokeEndpoint` input for one prompt: JSON body `{"inputs", "parameters"}`.
 * @param endpointName endpoint to call
 * @param prompt prompt text
 * @param parameters decoding settings
 * @returns the SDK command input
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_DECODING } from "./decoding.ts";
 * assert.equal(buildInvokeEndpointInput("falcon-7b", "Write...", DEFAULT_DECODING).ContentType, "application/json");
 * ```
 */
export function buildInvokeEndpointInput(
  endpointName: string,
  prompt: string,
  parameters: DecodingParameters,
): InvokeEndpointCommandInput {
  return {
    EndpointName: endpointName,
    ContentType: "application/json",
    Accept: "application/json",
    Body: new TextEncoder().encode(JSON.stringify(buildTgiRequestBody(prompt, parameters))),
  };
}

/**
 * Invokes a SageMaker TGI endpoint; the response body is `[{"generated_text"}]`.
 * @example
 * ```ts
 * const generator = new SageMakerGenerator({ endpointName: "ade-falcon-7b", region: "us-east-1" });
 * ```
 */
export class SageMakerGenerator implements TextGenerator {
  readonly name = "sagemaker" as const;
  readonly isLanguageModel = true;
  readonly model: string;
  readonly #endpointName: string;
  readonly #client: SageMakerRuntimeClient;
  readonly #retrier: _Retrier;

  /** @param options endpoint name, region, client, retry policy */
  constructor(options: SageMakerGeneratorOptions) {
    this.#endpointName = options.endpointName;
    this.model = options.model ?? `sagemaker:${options.endpointName}`;
    // Retries are ours (seeded, reported); the SDK's own retry would hide them.
    this.#client = options.client ??
      new SageMakerRuntimeClient({ region: options.region, maxAttempts: 1 });
    this.#retrier = new _Retrier(options, { timeoutMs: 70_000 });
  }

  /** Sends one prompt; see {@link TextGenerator.generate}. */
  generate(prompt: Prompt, parameters: DecodingParameters): Promise<string> {
    const input = buildInvokeEndpointInput(this.#endpointName, prompt.text, parameters);
    return this.#retrier.run(async (signal) => {
      let body: Uint8Array | undefined;
      try {
        const response = await this.#client.send(new InvokeEndpointCommand(input), {
          abortSignal: signal,
        });
        body = response.Body;
      } catch (error) {
        if (signal.aborted) throw error;
        const name = (error as { name?: string }).name ?? "Error";
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
          ?.httpStatusCode;
        if (RETRYABLE_ERROR_NAMES.has(name) || status === 429 || (status ?? 0) >= 500) {
          throw new RetryableError(`InvokeEndpoint ${this.#endpointName}: ${name}`, status);
        }
        throw new AdeError(`InvokeEndpoint ${this.#endpointName}: ${name}`);
      }
      if (!body) throw new AdeError(`InvokeEndpoint ${this.#endpointName}: empty response body`);
      let answer: unknown;
      try {
        answer = JSON.parse(new TextDecoder().decode(body));
      } catch {
        throw new AdeError(`InvokeEndpoint ${this.#endpointName}: response body is not JSON`);
      }
      return readGeneratedText(answer, `InvokeEndpoint ${this.#endpointName}`);
    });
  }
}
