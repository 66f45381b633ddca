/** The one interface every text generator implements, and the names of the generators. */
import type { DecodingParameters } from "./decoding.ts";
import type { Prompt } from "./prompt.ts";

/** Generator names accepted by `ade augment --generator`. */
export type GeneratorName = "offline" | "tgi" | "openai" | "sagemaker";

/** The generator names, in help order. */
export const GENERATOR_NAMES: readonly GeneratorName[] = ["offline", "tgi", "openai", "sagemaker"];

/**
 * Produces text for a prompt: LLM generators send `prompt.text`; the offline generator works from
 * `prompt.examples`. Implementations handle their own timeouts and retries and throw when a call fails
 * for good (the caller reports it and goes on).
 */
export interface TextGenerator {
  /** Which generator this is (written into every accepted row). */
  readonly name: GeneratorName;
  /** Model identifier written into every accepted row (e.g. `tiiuae/falcon-7b-instruct`, `mention-swap`). */
  readonly model: string;
  /** True for language models: their output is screened for echoes of the prompt's examples. */
  readonly isLanguageModel: boolean;
  /**
   * Generates text for one prompt.
   * @param prompt the rendered prompt and its examples
   * @param parameters decoding settings (with this call's seed)
   * @returns raw generated text (not yet parsed into sentences)
   */
  generate(prompt: Prompt, parameters: DecodingParameters): Promise<string>;
}
