/** Private: scores texts a batch at a time, so that the feature matrix of one batch is all that is held. */
import type { TextClassifier } from "../models/mod.ts";

/** Rows scored in one model call: large enough to share the call's fixed cost, small in memory. */
export const _SCORE_BATCH_ROWS = 4096;

/**
 * Probability of `Adverse_Event` for each text, computed in batches.
 * @param model the classifier
 * @param texts the sentences
 * @returns one score per text
 */
export function _scoreInBatches(model: TextClassifier, texts: readonly string[]): Float64Array {
  if (texts.length <= _SCORE_BATCH_ROWS) return model.scores(texts);
  const scores = new Float64Array(texts.length);
  for (let start = 0; start < texts.length; start += _SCORE_BATCH_ROWS) {
    scores.set(model.scores(texts.slice(start, start + _SCORE_BATCH_ROWS)), start);
  }
  return scores;
}
