/** Score a few sentences given on the command line with a saved model, without a server. */
import { UsageError } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import { loadModel } from "../models/mod.ts";

/** The label and score of each sentence, and the threshold that decided the label. */
export interface TextPredictions {
  /** One `{label, score}` per sentence, in input order. */
  predictions: Array<{ label: Label; score: number }>;
  /** The model's decision threshold (`score >= threshold` means `Adverse_Event`). */
  threshold: number;
}

/**
 * Loads the model in `modelDir` and scores `texts` with its own threshold (the one `ade serve` uses).
 * @param modelDir a saved model folder
 * @param texts sentences (at least one, none empty)
 * @returns labels, scores and the threshold
 * @throws {UsageError} no text, or an empty one
 * @throws {AdeError} a missing or corrupt model folder
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { predictions, threshold } = await predictTexts("tests/fixtures/models/tiny", ["Rash after amoxicillin."]);
 * assert.equal(predictions[0].label, predictions[0].score >= threshold ? "Adverse_Event" : "Not_AE");
 * ```
 */
export async function predictTexts(
  modelDir: string,
  texts: readonly string[],
): Promise<TextPredictions> {
  if (texts.length === 0) throw new UsageError("predict: give at least one --text");
  const empty = texts.findIndex((text) => text.trim() === "");
  if (empty >= 0) throw new UsageError(`predict: --text number ${empty + 1} is empty`);
  const model = await loadModel(modelDir);
  return { predictions: model.predict(texts), threshold: model.threshold };
}
