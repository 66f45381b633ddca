/** The local text classifier: hashed TF-IDF n-grams + a linear model, calibrated, with a threshold chosen on folds. */
import { AdeError, createRng } from "../core/mod.ts";
import { groupedStratifiedKFold, type Label } from "../data/mod.ts";
import { bestF1Threshold } from "./_best_f1_threshold.ts";
import { type ModelHyperparameters, parseHyperparameters } from "./hyperparameters.ts";
import type { LinearModel, LinearProblem, SolverOptions } from "./_linear_problem.ts";
import { fitPlattScaling, type PlattParameters, plattProbability } from "./platt_scaling.ts";
import { type CsrMatrix, multiplyRows } from "./_sparse_matrix.ts";
import { HashingVectorizer } from "./_hashing_vectorizer.ts";
import { _hashingOptionsOf } from "./_hashing_options_of.ts";
import type { TfidfFeatures } from "./_tfidf_features.ts";
import { trainLinearSvm } from "./_train_linear_svm.ts";
import { trainLogisticRegression } from "./_train_logistic_regression.ts";
import { fitShiftReference, rowSurprisals, type ShiftReference } from "../shift/mod.ts";
import {
  _evidenceOf,
  _lexiconOf,
  _withEvidenceColumns,
  EVIDENCE_FEATURES,
  type LexiconEvidence,
  REGISTER_PERCENTILE,
  type RowMentions,
} from "./_lexicon_evidence.ts";

/** Options of {@link TextClassifier.fit}. */
export interface FitOptions {
  /** Seed of every random choice (solver order, folds). */
  seed: number;
  /** Group (PubMed id) of each training row: rows of one group stay in one threshold fold. */
  groups?: readonly (string | undefined)[];
  /** Progress of the stages `features`, `folds` and `fit`, as a fraction 0..1. */
  onProgress?: (stage: string, fraction: number) => void;
  /** Call `onCheckpoint` every this many solver passes of the final fit (default: never). */
  checkpointEvery?: number;
  /** Receives a usable classifier with the weights after `epoch` passes of the final fit. */
  onCheckpoint?: (epoch: number, snapshot: TextClassifier) => void;
  /**
   * Chooses the threshold from the out-of-fold probabilities instead of the best F1 (e.g. the one that
   * reaches a recall target); `rule` names it in the model's metadata. Needs `threshold_folds` ≥ 2.
   */
  chooseThreshold?: (
    positive: readonly boolean[],
    outOfFoldProbabilities: Float64Array,
  ) => { threshold: number; f1: number; rule: string };
  /**
   * Drug and effect mention texts of each training row (the corpus' relations). With the `evidence:
   * lexicon` hyperparameter they become the evidence features and the register rule; rows without
   * mentions add nothing.
   */
  mentions?: readonly (RowMentions | undefined)[];
}

/** What fitting found, kept in the model's metadata. */
export interface TrainingSummary {
  /** Training rows. */
  rows: number;
  /** Positive training rows. */
  positives: number;
  /** Number of features (kept hash buckets, word and character blocks together). */
  features: number;
  /** Solver passes of the final fit. */
  passes: number;
  /** Whether the final fit reached the tolerance. */
  converged: boolean;
  /** Out-of-fold F1 at the chosen threshold (null without folds). */
  outOfFoldF1: number | null;
  /** How the threshold was chosen. */
  thresholdMethod: string;
}

/** The parts a {@link TextClassifier} is made of (used by `loadModel`). */
export interface TextClassifierParts {
  /** Hyperparameters it was fitted with. */
  hyperparameters: ModelHyperparameters;
  /** Fitted features. */
  vectorizer: TfidfFeatures;
  /** One weight per feature. */
  weights: Float64Array;
  /** Intercept of the decision function. */
  intercept: number;
  /** Sigmoid from decision value to probability. */
  calibration: PlattParameters;
  /** Probability threshold for the positive class. */
  threshold: number;
  /** What fitting found. */
  summary: TrainingSummary;
  /** Reference statistics of the training data, for the shift warning (no text). */
  shiftReference?: ShiftReference;
  /** Corpus evidence (hashed phrase sets, their weights, the register rule), when fitted with it. */
  evidence?: LexiconEvidence;
}

/** Logistic output: P = 1 / (1 + exp(−f)). */
const LOGISTIC: PlattParameters = Object.freeze({ a: -1, b: 0 });

/**
 * A fitted binary classifier for `Adverse_Event` vs `Not_AE`. Immutable: fit with {@link TextClassifier.fit},
 * save with `saveModel`, load with `loadModel`.
 * @example
 * ```ts
 * import { DEFAULT_HYPERPARAMETERS } from "./hyperparameters.ts";
 * const texts = ["Rash after amoxicillin.", "Amoxicillin 500 mg daily.", "Fever after heparin.", "Heparin given."];
 * const model = TextClassifier.fit(texts, ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"], {
 *   ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0,
 * }, { seed: 42, groups: ["pmid1", "pmid1", "pmid2", "pmid2"] });
 * const [{ label, score }] = model.predict(["Rash after heparin."]);
 * ```
 */
export class TextClassifier {
  /** Hyperparameters it was fitted with. */
  readonly hyperparameters: ModelHyperparameters;
  /** Probability threshold: `score >= threshold` means `Adverse_Event`. */
  readonly threshold: number;
  /** Fitted features. */
  readonly vectorizer: TfidfFeatures;
  /** One weight per feature. */
  readonly weights: Float64Array;
  /** Intercept of the decision function. */
  readonly intercept: number;
  /** Sigmoid from decision value to probability (Platt scaling, or the logistic function). */
  readonly calibration: PlattParameters;
  /** What fitting found. */
  readonly summary: TrainingSummary;
  /** Reference statistics of the training data (token counts by hash), for the shift warning. */
  readonly shiftReference?: ShiftReference;
  /** Corpus evidence features and the register rule (see the `evidence` hyperparameter). */
  readonly evidence?: LexiconEvidence;

  /**
   * Assembles a classifier from fitted parts (use {@link TextClassifier.fit} or `loadModel` instead).
   * @param parts the fitted parts
   * @throws {AdeError} weights that do not match the vocabulary
   */
  constructor(parts: TextClassifierParts) {
    if (parts.weights.length !== parts.vectorizer.featureCount) {
      throw new AdeError(
        `model has ${parts.weights.length} weights for ${parts.vectorizer.featureCount} features`,
      );
    }
    this.hyperparameters = Object.freeze({ ...parts.hyperparameters });
    this.vectorizer = parts.vectorizer;
    this.weights = parts.weights;
    this.intercept = parts.intercept;
    this.calibration = Object.freeze({ ...parts.calibration });
    this.threshold = parts.threshold;
    this.summary = Object.freeze({ ...parts.summary });
    if (parts.shiftReference) this.shiftReference = parts.shiftReference;
    if (parts.evidence) this.evidence = parts.evidence;
  }

  /**
   * Fits features, a threshold and calibration on grouped folds of the training rows (when
   * `threshold_folds` ≥ 2), then the final linear model on all rows.
   * @param texts training sentences
   * @param labels their labels
   * @param hyperparameters model settings (validated)
   * @param options seed, groups, progress and checkpoint callbacks
   * @returns the fitted classifier
   * @throws {AdeError} mismatched lengths, a missing class, too few groups for the folds
   * @throws {UsageError} invalid hyperparameters
   * @example
   * ```ts
   * import { DEFAULT_HYPERPARAMETERS } from "./hyperparameters.ts";
   * const model = TextClassifier.fit(["Rash after drug A.", "Drug A 5 mg."], ["Adverse_Event", "Not_AE"], {
   *   ...DEFAULT_HYPERPARAMETERS, C: 1, min_df: 1, threshold_folds: 0,
   * }, { seed: 7 });
   * ```
   */
  static fit(
    texts: readonly string[],
    labels: readonly Label[],
    hyperparameters: ModelHyperparameters,
    options: FitOptions,
  ): TextClassifier {
    const hp = parseHyperparameters({ ...hyperparameters }, "hyperparameters");
    if (texts.length !== labels.length) {
      throw new AdeError(`fit: ${texts.length} texts but ${labels.length} labels`);
    }
    if (options.groups && options.groups.length !== texts.length) {
      throw new AdeError(`fit: ${texts.length} texts but ${options.groups.length} groups`);
    }
    const labelSigns = new Int8Array(texts.length);
    const positive: boolean[] = new Array(texts.length);
    let positives = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== "Adverse_Event" && labels[i] !== "Not_AE") {
        throw new AdeError(`fit: row ${i} has unknown label ${JSON.stringify(labels[i])}`);
      }
      positive[i] = labels[i] === "Adverse_Event";
      labelSigns[i] = positive[i] ? 1 : -1;
      if (positive[i]) positives++;
    }
    if (positives === 0 || positives === texts.length) {
      throw new AdeError("fit: the training data needs rows of both Adverse_Event and Not_AE");
    }
    const progress = options.onProgress ?? (() => {});
    progress("features", 0);
    const { vectorizer, matrix } = HashingVectorizer.fit(texts, _hashingOptionsOf(hp));
    progress("features", 1);
    const rows = texts.map((text, i) => ({ text, label: labels[i], pmid: options.groups?.[i] }));
    const shiftReference = fitShiftReference(texts, labels, {
      seed: options.seed,
      groups: options.groups,
    });
    const mentions = options.mentions;
    const withEvidence = hp.evidence === "lexicon" && mentions !== undefined &&
      mentions.some((row) => (row?.effects.length ?? 0) + (row?.drugs.length ?? 0) > 0);
    let lexicon: Pick<LexiconEvidence, "effectHashes" | "drugHashes"> | undefined;
    let features = matrix;
    if (withEvidence) {
      if (mentions.length !== texts.length) {
        throw new AdeError(`fit: ${texts.length} texts but ${mentions.length} mention lists`);
      }
      lexicon = _lexiconOf(mentions);
      features = _withEvidenceColumns(matrix, _outOfFoldEvidence(rows, mentions, options.seed));
    }
    const negatives = texts.length - positives;
    const balanced = hp.class_weight === "balanced";
    const problem: LinearProblem = {
      matrix: features,
      labels: labelSigns,
      positiveCost: hp.C * (balanced ? texts.length / (2 * positives) : 1),
      negativeCost: hp.C * (balanced ? texts.length / (2 * negatives) : 1),
      bias: 1,
    };
    const solve = hp.model === "tfidf-svm" ? trainLinearSvm : trainLogisticRegression;
    const rng = createRng(options.seed);

    let calibration: PlattParameters = LOGISTIC;
    let threshold = 0.5;
    let outOfFoldF1: number | null = null;
    let thresholdMethod = "fixed 0.5 (threshold_folds = 0)";
    if (hp.threshold_folds >= 2) {
      let folds: ReturnType<typeof groupedStratifiedKFold>;
      try {
        folds = groupedStratifiedKFold(rows, hp.threshold_folds, options.seed);
      } catch (error) {
        if (!(error instanceof AdeError)) throw error;
        throw new AdeError(
          `fit: cannot make ${hp.threshold_folds} threshold folds (${error.message}); ` +
            "use fewer threshold_folds, or threshold_folds=0 for a fixed 0.5 threshold",
        );
      }
      const outOfFold = new Float64Array(texts.length);
      progress("folds", 0);
      folds.forEach((fold, index) => {
        const model = solve({ ...problem, rows: Int32Array.from(fold.train) }, {
          tol: hp.tol,
          maxIter: hp.max_iter,
          rng: rng.fork(),
        });
        for (const row of fold.validation) {
          outOfFold[row] = _rowDecision(features, row, model);
        }
        progress("folds", (index + 1) / folds.length);
      });
      if (hp.model === "tfidf-svm") calibration = fitPlattScaling(outOfFold, positive);
      const probabilities = outOfFold.map((value) => plattProbability(value, calibration));
      const choice = options.chooseThreshold?.(positive, probabilities) ??
        { ...bestF1Threshold(positive, probabilities), rule: "max F1" };
      threshold = choice.threshold;
      outOfFoldF1 = choice.f1;
      thresholdMethod =
        `${choice.rule} on out-of-fold scores, ${folds.length} grouped folds inside the training data`;
    } else if (options.chooseThreshold) {
      throw new AdeError("fit: a threshold rule needs out-of-fold scores (threshold_folds >= 2)");
    }

    const summaryBase = {
      rows: texts.length,
      positives,
      features: vectorizer.featureCount,
      outOfFoldF1,
      thresholdMethod,
    };
    const every = options.checkpointEvery ?? 0;
    const solverOptions: SolverOptions = {
      tol: hp.tol,
      maxIter: hp.max_iter,
      rng: rng.fork(),
    };
    const featureCount = vectorizer.featureCount;
    const parts = (
      weights: Float64Array,
      intercept: number,
    ): Omit<TextClassifierParts, "summary"> => ({
      hyperparameters: hp,
      vectorizer,
      weights: weights.slice(0, featureCount),
      intercept,
      calibration,
      threshold,
      shiftReference,
      ...(lexicon
        ? {
          evidence: {
            ...lexicon,
            weights: Array.from(
              weights.subarray(featureCount, featureCount + EVIDENCE_FEATURES),
            ) as [
              number,
              number,
              number,
            ],
            registerPercentile: REGISTER_PERCENTILE,
          },
        }
        : {}),
    });
    if (every > 0 && options.onCheckpoint) {
      const onCheckpoint = options.onCheckpoint;
      solverOptions.onPass = (pass, weights, intercept) => {
        if (pass % every !== 0) return;
        onCheckpoint(
          pass,
          new TextClassifier({
            ...parts(weights, intercept),
            summary: { ...summaryBase, passes: pass, converged: false },
          }),
        );
      };
    }
    progress("fit", 0);
    const final = solve(problem, solverOptions);
    progress("fit", 1);
    if (hp.model === "tfidf-svm" && hp.threshold_folds < 2) {
      // No folds: calibrate on the training decisions (optimistic, but keeps scores in 0..1).
      calibration = fitPlattScaling(
        multiplyRows(features, final.weights, final.intercept),
        positive,
      );
      thresholdMethod += "; Platt scaling fitted on training decisions";
    }
    return new TextClassifier({
      ...parts(final.weights, final.intercept),
      summary: {
        ...summaryBase,
        thresholdMethod,
        passes: final.passes,
        converged: final.converged,
      },
    });
  }

  /**
   * Raw decision values `w · x + b` (positive side = `Adverse_Event`).
   * @param texts sentences
   * @returns one value per sentence
   */
  decisionValues(texts: readonly string[]): Float64Array {
    return this._decisionValues(texts);
  }

  /** {@link decisionValues}; with `namesEffect`, also whether each text names a known effect. */
  private _decisionValues(texts: readonly string[], namesEffect?: Uint8Array): Float64Array {
    const decisions = this.vectorizer.decisionValues(texts, this.weights, this.intercept);
    const evidence = this.evidence;
    if (evidence) {
      for (let i = 0; i < texts.length; i++) {
        const [effect, drug, both] = _evidenceOf(evidence, texts[i]);
        decisions[i] += effect * evidence.weights[0] + drug * evidence.weights[1] +
          both * evidence.weights[2];
        if (namesEffect) namesEffect[i] = effect;
      }
    }
    return decisions;
  }

  /**
   * Probability of `Adverse_Event` for each sentence.
   * @param texts sentences
   * @returns one score in [0, 1] per sentence
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadModel } from "./load_model.ts";
   * const model = await loadModel("tests/fixtures/models/tiny");
   * const [score] = model.scores(["Rash after amoxicillin."]);
   * assert.ok(score >= 0 && score <= 1);
   * ```
   */
  scores(texts: readonly string[]): Float64Array {
    const namesEffect = this.evidence ? new Uint8Array(texts.length) : undefined;
    const decisions = this._decisionValues(texts, namesEffect);
    for (let i = 0; i < decisions.length; i++) {
      decisions[i] = plattProbability(decisions[i], this.calibration);
    }
    // The register rule: text unlike the training register that names a known effect is flagged.
    const percentile = this.evidence?.registerPercentile;
    if (namesEffect && this.shiftReference && percentile) {
      // Only the texts the rule could raise are read for their surprisal.
      const candidates: number[] = [];
      for (let i = 0; i < decisions.length; i++) {
        if (decisions[i] < this.threshold && namesEffect[i] === 1) candidates.push(i);
      }
      const cut = this.shiftReference.surprisalPercentiles[percentile - 1];
      const surprisals = rowSurprisals(this.shiftReference, candidates.map((i) => texts[i]));
      candidates.forEach((i, k) => {
        if (surprisals[k] > cut) decisions[i] = this.threshold;
      });
    }
    return decisions;
  }

  /**
   * Label and score for each sentence; the label is `Adverse_Event` when `score >= threshold`.
   * @param texts sentences
   * @returns one `{label, score}` per sentence, in input order
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadModel } from "./load_model.ts";
   * const model = await loadModel("tests/fixtures/models/tiny");
   * const [{ label, score }] = model.predict(["No adverse events were seen."]);
   * assert.equal(label, score >= model.threshold ? "Adverse_Event" : "Not_AE");
   * ```
   */
  predict(texts: readonly string[]): Array<{ label: Label; score: number }> {
    const scores = this.scores(texts);
    return Array.from(scores, (score) => ({
      label: score >= this.threshold ? "Adverse_Event" : "Not_AE",
      score,
    }));
  }
}

function _rowDecision(matrix: CsrMatrix, row: number, model: LinearModel): number {
  let sum = model.intercept;
  for (let k = matrix.rowStarts[row]; k < matrix.rowStarts[row + 1]; k++) {
    sum += model.weights[matrix.indices[k]] * matrix.values[k];
  }
  return sum;
}

/**
 * Evidence features of the training rows, each from the phrase sets of the other grouped folds, so that a
 * row's own relation never counts as evidence for it (in-sample when there are too few groups).
 */
function _outOfFoldEvidence(
  rows: readonly { text: string; label: Label; pmid?: string }[],
  mentions: readonly (RowMentions | undefined)[],
  seed: number,
): Array<[number, number, number]> {
  let folds: ReturnType<typeof groupedStratifiedKFold> | undefined;
  try {
    folds = groupedStratifiedKFold(rows, 5, seed + 1);
  } catch (error) {
    if (!(error instanceof AdeError)) throw error;
  }
  const evidence: Array<[number, number, number]> = new Array(rows.length);
  if (!folds) {
    const lexicon = _lexiconOf(mentions);
    rows.forEach((row, i) => (evidence[i] = _evidenceOf(lexicon, row.text)));
    return evidence;
  }
  for (const fold of folds) {
    const lexicon = _lexiconOf(mentions, fold.train);
    for (const row of fold.validation) evidence[row] = _evidenceOf(lexicon, rows[row].text);
  }
  return evidence;
}
