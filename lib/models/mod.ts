/**
 * The local text classifier: word and character n-grams hashed into a fixed feature space (TF-IDF, no
 * stored strings), a linear SVM (Platt-calibrated) or logistic regression trained by dual coordinate
 * descent, and a decision threshold chosen to maximise F1 on grouped folds inside the training data. Models
 * are saved as versioned, checksummed folders that hold numbers only; {@link explainPrediction} shows which
 * n-grams of a text drove its score, computed from that text.
 *
 * @example Fit, predict, explain (runs without permissions)
 * ```ts
 * import { DEFAULT_HYPERPARAMETERS, explainPrediction, TextClassifier } from "./mod.ts";
 * const texts = [
 *   "Severe rash developed after zalomycin.", "Hepatitis was attributed to brevatol.",
 *   "Zalomycin was given at 5 mg daily.", "Brevatol levels were measured at baseline.",
 * ];
 * const labels = ["Adverse_Event", "Adverse_Event", "Not_AE", "Not_AE"] as const;
 * const model = TextClassifier.fit(texts, [...labels], {
 *   ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0,
 * }, { seed: 42 });
 * const [{ label, score }] = model.predict(["Rash after zalomycin."]);
 * const { contributions } = explainPrediction(model, "Rash after zalomycin.", { top: 3 });
 * console.log(label, score.toFixed(3), contributions.map((c) => c.ngrams.join(" | ")));
 * ```
 *
 * @example Load and save (needs read and write permissions)
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadModel, saveModel } from "./mod.ts";
 * const model = await loadModel("tests/fixtures/models/tiny");
 * const dir = `${await Deno.makeTempDir()}/baseline`;
 * await saveModel(model, dir, { trainingDataSha256: "0".repeat(64), seed: 42 });
 * const loaded = await loadModel(dir);
 * assert.deepEqual(loaded.predict(["Rash after zalomycin."]), model.predict(["Rash after zalomycin."]));
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export {
  DEFAULT_HYPERPARAMETERS,
  HYPERPARAMETER_NAMES,
  type HyperparameterValue,
  type ModelFamily,
  type ModelHyperparameters,
  parseHyperparameters,
} from "./hyperparameters.ts";
export { type FitOptions, TextClassifier, type TrainingSummary } from "./text_classifier.ts";
export { type ModelFileEntry, type ModelMetadata, saveModel } from "./save_model.ts";
export { loadModel, readModelMetadata } from "./load_model.ts";
export { fitPlattScaling, type PlattParameters, plattProbability } from "./platt_scaling.ts";
export {
  explainPrediction,
  type NgramContribution,
  type PredictionExplanation,
} from "./explain_prediction.ts";
