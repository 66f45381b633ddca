/** Hyperparameters of the local text classifier: names, defaults, and strict parsing. */
import { closestName, UsageError } from "../core/mod.ts";

/** The model families the local backend can train. */
export type ModelFamily = "tfidf-svm" | "tfidf-logreg";

/** Every model family, in documentation order. */
export const MODEL_FAMILIES: readonly ModelFamily[] = ["tfidf-svm", "tfidf-logreg"];

/** Configuration of a {@link TextClassifier}: plain data, JSON-serialisable. */
export interface ModelHyperparameters {
  /** `tfidf-svm` (L2-loss linear SVM + Platt scaling) or `tfidf-logreg` (L2 logistic regression). */
  model: ModelFamily;
  /** Inverse regularisation strength (> 0): larger fits the training data more closely. */
  C: number;
  /** `balanced` weighs each class by n / (2 · n_class); `none` weighs every row 1. */
  class_weight: "none" | "balanced";
  /** Word n-grams of length 1..word_ngram_max (1–3). */
  word_ngram_max: number;
  /** Shortest character n-gram inside word boundaries (`char_wb`), ≥ 1. */
  char_ngram_min: number;
  /** Longest character n-gram (≥ char_ngram_min, ≤ 8). */
  char_ngram_max: number;
  /** Keep only hash buckets seen in at least this many training sentences (integer ≥ 1). */
  min_df: number;
  /**
   * Hash buckets per feature block (word n-grams, character n-grams): a power of two, 2^10–2^24. More
   * buckets mean fewer n-grams sharing one (see `bench/classifier/results.md`), and a larger map in memory.
   */
  n_features: number;
  /** Most solver passes over the data (the Hyperband resource). */
  max_iter: number;
  /** Solver stopping tolerance (> 0), on the projected-gradient spread (SVM) or largest gradient (logreg). */
  tol: number;
  /** Grouped folds inside the training data used to pick the threshold and fit Platt scaling; 0 = none. */
  threshold_folds: number;
  /**
   * `lexicon`: the training relations' effect and drug mentions (when the rows carry them) become evidence
   * features (names a known effect / drug / both, learned out of fold) and the register rule (text unlike
   * the training register that names a known effect is flagged); `none`: n-grams only.
   */
  evidence: "lexicon" | "none";
}

/**
 * Defaults, chosen by grouped 5-fold cross-validation on the training part of the grouped split (never on its
 * test part); see `bench/classifier/results.md`.
 */
export const DEFAULT_HYPERPARAMETERS: Readonly<ModelHyperparameters> = Object.freeze({
  model: "tfidf-svm",
  C: 0.25,
  class_weight: "balanced",
  word_ngram_max: 2,
  char_ngram_min: 2,
  char_ngram_max: 5,
  min_df: 2,
  n_features: 1 << 18,
  max_iter: 100,
  tol: 0.1,
  threshold_folds: 5,
  evidence: "lexicon",
});

const MIN_FEATURES = 1 << 10;
const MAX_FEATURES = 1 << 24;

/** The valid hyperparameter names, in documentation order. */
export const HYPERPARAMETER_NAMES: readonly string[] = Object.freeze(
  Object.keys(DEFAULT_HYPERPARAMETERS),
);

/** A hyperparameter value as given: a string (possibly JSON-encoded), a number or a boolean. */
export type HyperparameterValue = string | number | boolean;

function _unwrapJson(value: HyperparameterValue): HyperparameterValue {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  // SageMaker JSON-encodes every hyperparameter value: "\"tfidf-svm\"" or "\"0.5\"".
  if (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2) {
    try {
      const decoded = JSON.parse(trimmed);
      if (typeof decoded === "string") return _unwrapJson(decoded);
    } catch {
      // not JSON: keep the raw text, validated below
    }
  }
  return trimmed;
}

function _number(name: string, value: HyperparameterValue, origin: string): number {
  const parsed = typeof value === "number"
    ? value
    : typeof value === "string" && value !== ""
    ? Number(value)
    : NaN;
  if (!Number.isFinite(parsed)) {
    throw new UsageError(
      `${origin}: hyperparameter "${name}" must be a number (got ${JSON.stringify(value)})`,
    );
  }
  return parsed;
}

function _integer(
  name: string,
  value: HyperparameterValue,
  origin: string,
  low: number,
  high: number,
): number {
  const parsed = _number(name, value, origin);
  if (!Number.isInteger(parsed) || parsed < low || parsed > high) {
    const range = high === Infinity ? `≥ ${low}` : `${low}–${high}`;
    throw new UsageError(
      `${origin}: hyperparameter "${name}" must be an integer ${range} (got ${
        JSON.stringify(value)
      })`,
    );
  }
  return parsed;
}

function _choice<T extends string>(
  name: string,
  value: HyperparameterValue,
  origin: string,
  choices: readonly T[],
): T {
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) {
    return value as T;
  }
  throw new UsageError(
    `${origin}: hyperparameter "${name}" must be one of ${choices.join(", ")} (got ${
      JSON.stringify(value)
    })`,
  );
}

/**
 * Parses hyperparameters given as strings (CLI `--hp name=value`, SageMaker's `hyperparameters.json`, whose
 * values are JSON-encoded strings such as `"\"tfidf-svm\""`) or as numbers/booleans, on top of the defaults.
 * Names starting with `_` (e.g. `_tuning_objective_metric`) are ignored; any other unknown name is an error,
 * so a misspelt name is never silently dropped.
 * @param values name → value
 * @param origin where the values came from, for messages (e.g. `--hp`, a file path)
 * @returns a complete, validated set of hyperparameters
 * @throws {UsageError} unknown name (listing the valid ones), unparsable or out-of-range value
 * @example
 * ```ts
 * const hp = parseHyperparameters({ model: "\"tfidf-logreg\"", C: "2" }, "hyperparameters.json");
 * ```
 */
export function parseHyperparameters(
  values: Record<string, HyperparameterValue>,
  origin: string,
): ModelHyperparameters {
  const result: ModelHyperparameters = { ...DEFAULT_HYPERPARAMETERS };
  for (const [name, raw] of Object.entries(values)) {
    if (name.startsWith("_")) continue;
    if (!HYPERPARAMETER_NAMES.includes(name)) {
      const closest = closestName(name, HYPERPARAMETER_NAMES);
      const hint = closest !== undefined ? ` (did you mean "${closest}"?)` : "";
      throw new UsageError(
        `${origin}: unknown hyperparameter "${name}"${hint}; valid names: ${
          HYPERPARAMETER_NAMES.join(", ")
        }`,
      );
    }
    const value = _unwrapJson(raw);
    switch (name) {
      case "model":
        result.model = _choice(name, value, origin, MODEL_FAMILIES);
        break;
      case "class_weight":
        result.class_weight = _choice(name, value, origin, ["none", "balanced"] as const);
        break;
      case "evidence":
        result.evidence = _choice(name, value, origin, ["lexicon", "none"] as const);
        break;
      case "C":
      case "tol": {
        const parsed = _number(name, value, origin);
        if (!(parsed > 0)) {
          throw new UsageError(
            `${origin}: hyperparameter "${name}" must be > 0 (got ${JSON.stringify(raw)})`,
          );
        }
        result[name] = parsed;
        break;
      }
      case "word_ngram_max":
        result.word_ngram_max = _integer(name, value, origin, 1, 3);
        break;
      case "char_ngram_min":
        result.char_ngram_min = _integer(name, value, origin, 1, 8);
        break;
      case "char_ngram_max":
        result.char_ngram_max = _integer(name, value, origin, 1, 8);
        break;
      case "min_df":
        result.min_df = _integer(name, value, origin, 1, Infinity);
        break;
      case "n_features": {
        const size = _integer(name, value, origin, MIN_FEATURES, MAX_FEATURES);
        if ((size & (size - 1)) !== 0) {
          throw new UsageError(
            `${origin}: hyperparameter "n_features" must be a power of two (got ${
              JSON.stringify(raw)
            })`,
          );
        }
        result.n_features = size;
        break;
      }
      case "max_iter":
        result.max_iter = _integer(name, value, origin, 1, 1_000_000);
        break;
      case "threshold_folds": {
        const folds = _integer(name, value, origin, 0, 20);
        if (folds === 1) {
          throw new UsageError(
            `${origin}: hyperparameter "threshold_folds" must be 0 (no folds) or 2–20 (got 1)`,
          );
        }
        result.threshold_folds = folds;
        break;
      }
    }
  }
  if (result.char_ngram_max < result.char_ngram_min) {
    throw new UsageError(
      `${origin}: char_ngram_max (${result.char_ngram_max}) must be ≥ char_ngram_min (${result.char_ngram_min})`,
    );
  }
  return result;
}
