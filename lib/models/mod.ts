/**
 * The local text classifier: word and character n-gram TF-IDF features with a linear SVM (Platt-calibrated)
 * or logistic regression, trained by dual coordinate descent; the decision threshold is chosen to maximise
 * F1 on grouped folds inside the training data. Models are saved as versioned, checksummed folders.
 *
 * @example
 * ```ts
 * import { DEFAULT_HYPERPARAMETERS, loadModel, saveModel, TextClassifier } from "./mod.ts";
 * const model = TextClassifier.fit(texts, labels, DEFAULT_HYPERPARAMETERS, { seed: 42, groups: pmids });
 * await saveModel(model, "runs/models/baseline", { trainingDataSha256: hash, seed: 42 });
 * const loaded = await loadModel("runs/models/baseline");
 * console.log(loaded.predict(["Rash after amoxicillin."]));
 * ```
 * @module
 */
export * from "./hyperparameters.ts";
export * from "./text_classifier.ts";
export * from "./save_model.ts";
export * from "./load_model.ts";
export * from "./tfidf_vectorizer.ts";
export * from "./sparse_matrix.ts";
export * from "./linear_problem.ts";
export * from "./train_linear_svm.ts";
export * from "./train_logistic_regression.ts";
export * from "./platt_scaling.ts";
export * from "./best_f1_threshold.ts";
