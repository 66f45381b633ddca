/** Builds a generator from command-line style options. */
import { UsageError } from "../core/mod.ts";
import { GENERATOR_NAMES, type GeneratorName, type TextGenerator } from "./generator.ts";
import { OfflineGenerator } from "./offline_generator.ts";
import { OpenAiGenerator } from "./openai_generator.ts";
import { SageMakerGenerator } from "./sagemaker_generator.ts";
import { TgiGenerator } from "./tgi_generator.ts";
import type { RetryPolicy } from "./_retry.ts";

/** Options of {@link createGenerator}. */
export interface CreateGeneratorOptions {
  /** `offline`, `tgi`, `openai` or `sagemaker`. */
  generator: string;
  /** URL (tgi, openai) or endpoint name (sagemaker). */
  endpoint?: string;
  /** Model name (openai: sent in the request; others: recorded in the rows). */
  model?: string;
  /** AWS region (sagemaker). */
  region?: string;
  /** Bearer token for an OpenAI-compatible server. */
  apiKey?: string;
  /** Retry policy overrides. */
  retry?: Partial<RetryPolicy>;
  /** Seed of the backoff jitter. */
  seed?: number;
}

/**
 * Creates the named generator.
 * @param options generator name, endpoint, model, region
 * @returns the generator
 * @throws {UsageError} unknown generator, or a missing/invalid endpoint
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const generator = createGenerator({ generator: "tgi", endpoint: "http://127.0.0.1:8080" });
 * assert.equal(generator.name, "tgi");
 * assert.equal(createGenerator({ generator: "offline" }).isLanguageModel, false);
 * ```
 */
export function createGenerator(options: CreateGeneratorOptions): TextGenerator {
  const name = options.generator as GeneratorName;
  if (!GENERATOR_NAMES.includes(name)) {
    throw new UsageError(
      `unknown generator "${options.generator}" (valid: ${GENERATOR_NAMES.join(", ")})`,
    );
  }
  if (name === "offline") return new OfflineGenerator();
  const endpoint = options.endpoint;
  if (!endpoint) {
    throw new UsageError(
      `--endpoint is required for the ${name} generator (${
        name === "sagemaker" ? "an endpoint name" : "a URL such as http://127.0.0.1:8080"
      })`,
    );
  }
  const common = { retry: options.retry, seed: options.seed };
  if (name === "sagemaker") {
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(endpoint)) {
      throw new UsageError(`--endpoint "${endpoint}" is not a SageMaker endpoint name`);
    }
    return new SageMakerGenerator({
      endpointName: endpoint,
      region: options.region,
      model: options.model,
      ...common,
    });
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint "${endpoint}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--endpoint "${endpoint}" must be an http(s) URL`);
  }
  if (name === "tgi") return new TgiGenerator({ endpoint, model: options.model, ...common });
  return new OpenAiGenerator({ endpoint, model: options.model, apiKey: options.apiKey, ...common });
}
