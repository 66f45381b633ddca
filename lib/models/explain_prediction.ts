/** Which n-grams of a text drove its score, computed from the text itself (the model stores no strings). */
import type { Label } from "../data/mod.ts";
import { plattProbability } from "./platt_scaling.ts";
import { textNgrams } from "./_text_ngrams.ts";
import type { TextClassifier } from "./text_classifier.ts";

/** One feature of the text and its share of the decision value. */
export interface NgramContribution {
  /** `word` (word n-gram) or `char` (character n-gram inside a word, space-padded at the word's edges). */
  kind: "word" | "char";
  /**
   * The text's n-grams that map to this feature, in order of first occurrence: usually one; more when
   * several of the text's n-grams share one hash bucket.
   */
  ngrams: string[];
  /** The feature's TF-IDF value in the text's row. */
  value: number;
  /** weight × value: positive pushes towards `Adverse_Event`, negative towards `Not_AE`. */
  contribution: number;
}

/** A prediction with the features behind it. */
export interface PredictionExplanation {
  /** The predicted label. */
  label: Label;
  /** Probability of `Adverse_Event`. */
  score: number;
  /** The model's threshold. */
  threshold: number;
  /** Decision value: intercept + the sum of every contribution. */
  decision: number;
  /** The intercept of the decision function. */
  intercept: number;
  /** The strongest contributions, largest magnitude first. */
  contributions: NgramContribution[];
}

/**
 * Explains one prediction: hashes the n-grams of `text` now, finds the features they map to, and reports
 * each feature's weight × value. Nothing comes from stored strings: the n-grams shown are the text's own.
 * With `top: Infinity` the contributions sum, with the intercept, to `decision`.
 * @param model a fitted or loaded classifier
 * @param text the text to explain
 * @param options `top`: how many contributions to return (default 10)
 * @returns the prediction and its strongest contributions
 * @example
 * ```ts
 * import { DEFAULT_HYPERPARAMETERS } from "./hyperparameters.ts";
 * import { TextClassifier } from "./text_classifier.ts";
 * const model = TextClassifier.fit(["Rash after drug A.", "Drug A 5 mg."], ["Adverse_Event", "Not_AE"], {
 *   ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0,
 * }, { seed: 7 });
 * const { label, contributions } = explainPrediction(model, "Rash after drug B.", { top: 5 });
 * ```
 */
export function explainPrediction(
  model: TextClassifier,
  text: string,
  options: { top?: number } = {},
): PredictionExplanation {
  const { vectorizer, weights, intercept } = model;
  const grams = textNgrams(text, vectorizer.options);
  const wordFeatures = grams.word.map((gram) => vectorizer.featureOfWordGram(gram));
  const charFeatures = grams.char.map((gram) => vectorizer.featureOfCharGram(gram));
  const row = vectorizer.rowOf(wordFeatures, charFeatures);
  const byFeature = new Map<number, NgramContribution>();
  const collect = (kind: "word" | "char", list: string[], features: number[]) => {
    list.forEach((gram, i) => {
      const feature = features[i];
      if (feature < 0) return;
      let entry = byFeature.get(feature);
      if (!entry) {
        const value = row.get(feature) ?? 0;
        entry = { kind, ngrams: [], value, contribution: weights[feature] * value };
        byFeature.set(feature, entry);
      }
      if (!entry.ngrams.includes(gram)) entry.ngrams.push(gram);
    });
  };
  collect("word", grams.word, wordFeatures);
  collect("char", grams.char, charFeatures);
  let decision = intercept;
  for (const entry of byFeature.values()) decision += entry.contribution;
  const score = plattProbability(decision, model.calibration);
  const contributions = [...byFeature.values()].sort((a, b) =>
    Math.abs(b.contribution) - Math.abs(a.contribution)
  );
  return {
    label: score >= model.threshold ? "Adverse_Event" : "Not_AE",
    score,
    threshold: model.threshold,
    decision,
    intercept,
    contributions: contributions.slice(0, options.top ?? 10),
  };
}
