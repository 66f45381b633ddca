/**
 * Synthetic adverse-event sentences from few-shot prompts, screened for contamination.
 *
 * Prompts show five training adverse-event sentences (seeded, spread over drugs; never a test sentence).
 * Generators share one interface: a SageMaker Hugging Face LLM (TGI) endpoint, a TGI server, an
 * OpenAI-compatible server, or the offline mention-swap generator that needs no model. Every candidate
 * passes a screen (length, duplicates, MinHash-LSH contamination against the test split and the corpus
 * outside training, echoes of its own prompt), and rejects are kept with their reason.
 * `compareAugmentation` then trains the local model with and without the accepted rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { augment, OfflineGenerator } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const drugs = ["aspirin", "ibuprofen", "warfarin", "lithium", "isoniazid", "amoxicillin"];
 * const effects = ["rash", "nausea", "bleeding", "tremor", "hepatitis", "fever"];
 * const mention = (text: string, sentence: string) => {
 *   const start = sentence.indexOf(text);
 *   return [{ text, start, end: start + text.length }];
 * };
 * const rows = drugs.flatMap((drug, i) => {
 *   const text = `The patient developed ${effects[i]} after ${drug} was started.`;
 *   return [
 *     {
 *       id: `ae${i}`,
 *       text,
 *       label: "Adverse_Event",
 *       drugs: mention(drug, text),
 *       effects: mention(effects[i], text),
 *     },
 *     { id: `no${i}`, text: `The patient took ${drug} for ${i + 2} weeks.`, label: "Not_AE" },
 *   ];
 * });
 * const toJsonl = (items: object[]) => items.map((item) => JSON.stringify(item)).join("\n");
 * await Deno.writeTextFile(`${dir}/train.jsonl`, toJsonl(rows));
 * const test = [{ id: "t1", text: "Severe rash appeared after penicillin.", label: "Adverse_Event" }];
 * await Deno.writeTextFile(`${dir}/test.jsonl`, toJsonl(test));
 * const result = await augment({
 *   trainPath: `${dir}/train.jsonl`,
 *   excludePaths: [`${dir}/test.jsonl`],
 *   generator: new OfflineGenerator(),
 *   n: 5,
 *   seed: 42,
 *   outPath: `${dir}/synthetic.jsonl`,
 *   quiet: true,
 * });
 * assert.ok(result.summary.accepted > 0);
 * assert.equal(result.summary.accepted, result.rows.length);
 * console.log(result.summary.accepted, result.summary.rejected);
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export {
  augment,
  type AugmentOptions,
  type AugmentResult,
  type AugmentSummary,
  type RejectedCandidate,
  type SyntheticRow,
} from "./augment.ts";
export {
  type AugmentationComparison,
  compareAugmentation,
  type CompareAugmentationOptions,
} from "./compare_augmentation.ts";
export type { GeneratorName, TextGenerator } from "./generator.ts";
export { createGenerator, type CreateGeneratorOptions } from "./create_generator.ts";
export { OfflineGenerator } from "./offline_generator.ts";
export { TgiGenerator, type TgiGeneratorOptions } from "./tgi_generator.ts";
export { OpenAiGenerator, type OpenAiGeneratorOptions } from "./openai_generator.ts";
export {
  buildInvokeEndpointInput,
  SageMakerGenerator,
  type SageMakerGeneratorOptions,
} from "./sagemaker_generator.ts";
export type { RetryPolicy } from "./_retry.ts";
export { type DecodingParameters, DEFAULT_DECODING } from "./decoding.ts";
export { type Prompt, type PromptExample, PromptExamplePool } from "./prompt.ts";
export { readPromptTemplate } from "./prompt_template.ts";
export {
  CandidateScreen,
  type ProtectedSentences,
  type RejectReason,
  type ScreenMatch,
  type ScreenOptions,
  type ScreenVerdict,
} from "./screen.ts";
