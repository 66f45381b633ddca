/**
 * Synthetic adverse-event sentences from few-shot prompts, screened for contamination.
 *
 * Prompts show five training adverse-event sentences (seeded, spread over drugs; never a test sentence).
 * Generators share one interface: a SageMaker Hugging Face LLM (TGI) endpoint, a TGI server, an
 * OpenAI-compatible server, or the offline mention-swap generator that needs no model. Every candidate
 * passes a screen (length, duplicates, MinHash-LSH contamination against the test split and the corpus
 * outside training, echoes of its own prompt), and rejects are kept with their reason.
 *
 * @example
 * ```ts
 * import { augment, OfflineGenerator } from "./mod.ts";
 * const result = await augment({
 *   trainPath: "runs/data/train.jsonl",
 *   excludePaths: ["runs/data/test.jsonl"],
 *   generator: new OfflineGenerator(),
 *   n: 300,
 *   seed: 42,
 *   outPath: "runs/augment/synthetic.jsonl",
 * });
 * console.log(result.summary.accepted, result.summary.rejected);
 * ```
 * @module
 */
export * from "./decoding.ts";
export * from "./prompt_template.ts";
export * from "./prompt.ts";
export * from "./mentions.ts";
export * from "./generator.ts";
export * from "./create_generator.ts";
export * from "./offline_generator.ts";
export * from "./tgi_generator.ts";
export * from "./openai_generator.ts";
export * from "./sagemaker_generator.ts";
export * from "./parse_candidates.ts";
export * from "./minhash.ts";
export * from "./screen.ts";
export * from "./augment.ts";
export { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from "./_retry.ts";
export * from "./compare_augmentation.ts";
