/**
 * `ade adapt` as a library: fit a model's operating point (or the model itself) to a labelled sample of
 * another text source, estimate the result by cross-validation on the sample, and save a normal model
 * folder that records what was done.
 */
import { DataError, sha256File, sha256Hex, UsageError } from "../core/mod.ts";
import { readRows, type Row } from "../data/mod.ts";
import { saveModelFolder } from "../evaluate/mod.ts";
import { loadModel, readModelMetadata, TextClassifier } from "../models/mod.ts";
import { adaptShiftReference } from "./adapt_shift_reference.ts";
import {
  type CrossValidatedEstimate,
  type CrossValidatedOperatingPoint,
  crossValidateOperatingPoint,
  describeEstimate,
} from "./cross_validate_operating_point.ts";
import { readLabelledSample } from "./read_labelled_sample.ts";
import { _stratifiedFolds } from "./_stratified_folds.ts";

/** How `adapt` changes the model. */
export type AdaptStrategy = "auto" | "threshold" | "retrain";

/** Every strategy, in documentation order. */
export const ADAPT_STRATEGIES: readonly AdaptStrategy[] = ["auto", "threshold", "retrain"];

/** Options of {@link adaptModel}. */
export interface AdaptModelOptions {
  /** The model to adapt. */
  modelDir: string;
  /** The user's labelled sample (CSV or JSONL, `text` + `label`), at least 50 rows. */
  labelledPath: string;
  /** Where the adapted model folder goes (not the model's own folder). */
  outDir: string;
  /**
   * `threshold`: re-fit calibration and threshold on the sample; `retrain`: train on the original rows
   * plus the sample (each sample row weighted `sampleWeight` times), threshold from the sample;
   * `auto` (default): whichever has the better cross-validated result on the sample.
   */
  strategy?: AdaptStrategy;
  /** Choose the threshold that reaches this recall instead of the best F1. */
  targetRecall?: number;
  /** Seed of the folds, the solver and the bootstrap (default 42). */
  seed?: number;
  /** The model's training rows (needed by `retrain`; checked against the model's training-data hash). */
  trainPath?: string;
  /** How many times each sample row counts in `retrain` (default 5). */
  sampleWeight?: number;
  /** Cross-validation folds on the sample (default 5). */
  folds?: number;
  /** Progress: `stage` (`threshold`, `retrain`, `final`), steps done of total. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What the adapted model's `model.json` records under `metrics.adaptation`. */
export interface AdaptationRecord {
  /** The model that was adapted: its folder and the SHA-256 of its `model.json`. */
  base_model: { dir: string; model_json_sha256: string };
  /** The labelled sample: path, size, positives and SHA-256 of the file. */
  sample: { path: string; rows: number; positives: number; sha256: string };
  /** The strategy asked for. */
  requested_strategy: AdaptStrategy;
  /** The strategy used. */
  strategy: "threshold" | "retrain";
  /** Why that strategy (and what was not tried). */
  reason: string;
  /** The recall target, or null for the best F1. */
  target_recall: number | null;
  /** Recall on the sample's cross-validated scores at the shipped threshold (≥ the target). */
  sample_recall: number;
  /** The cross-validated estimate of the shipped strategy, with its interval. */
  estimate: CrossValidatedEstimate;
  /** The estimate of every strategy tried. */
  candidates: Partial<Record<"threshold" | "retrain", CrossValidatedEstimate>>;
  /** `retrain` only: the training rows used and the weight of each sample row. */
  retrain?: { train_path: string; train_rows: number; sample_weight: number };
  /** Seed used. */
  seed: number;
}

/** What {@link adaptModel} did. */
export interface AdaptModelResult {
  /** The adapted classifier (saved to `outDir`). */
  model: TextClassifier;
  /** The record saved with it. */
  adaptation: AdaptationRecord;
  /** Plain notes for the user (e.g. why `retrain` was not tried). */
  notes: string[];
}

interface _Candidate {
  point: CrossValidatedOperatingPoint;
  build: () => TextClassifier;
}

/**
 * Adapts a saved model to a labelled sample of the user's own source and saves the result as a normal
 * model folder (predict, serve and deploy use it unchanged). Nothing is written when an input is bad.
 * @param options model, sample, output folder, strategy, recall target, seed, training rows
 * @returns the adapted model, its record and notes
 * @throws {DataError} a bad sample (fewer than 50 rows, one label only, unknown labels: file, line and
 *   field named) or a training file that is not the model's
 * @throws {UsageError} an unknown strategy, a target recall outside (0, 1], `retrain` without training
 *   rows, the output folder equal to the model's
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const outDir = `${await Deno.makeTempDir()}/model-lay`;
 * const { adaptation } = await adaptModel({
 *   modelDir: "tests/fixtures/models/tiny",
 *   labelledPath: "tests/fixtures/lay_language/lay_language.jsonl",
 *   outDir,
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   targetRecall: 0.9,
 * });
 * assert.ok(adaptation.estimate.f1_ci.low <= adaptation.estimate.f1);
 * console.log(adaptation.strategy, adaptation.estimate.f1, adaptation.estimate.f1_ci);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function adaptModel(options: AdaptModelOptions): Promise<AdaptModelResult> {
  const requested = options.strategy ?? "auto";
  if (!ADAPT_STRATEGIES.includes(requested)) {
    throw new UsageError(
      `adapt: unknown strategy "${requested}" (valid: ${ADAPT_STRATEGIES.join(", ")})`,
    );
  }
  const target = options.targetRecall;
  if (target !== undefined && !(target > 0 && target <= 1)) {
    throw new UsageError(`adapt: --target-recall must be in (0, 1] (got ${target})`);
  }
  const strip = (path: string) => path.replace(/\/+$/, "");
  if (strip(options.outDir) === strip(options.modelDir)) {
    throw new UsageError("adapt: --out must be a new folder, not the model's own");
  }
  if (requested === "retrain" && !options.trainPath) {
    throw new UsageError(
      "adapt: --strategy retrain needs the model's training rows (--train FILE)",
    );
  }
  const seed = options.seed ?? 42;
  const progress = options.onProgress ?? (() => {});
  const base = await loadModel(options.modelDir);
  const metadata = await readModelMetadata(options.modelDir);
  const sample = await readLabelledSample(options.labelledPath);
  const texts = sample.map((row) => row.text);
  const gold = sample.map((row) => row.label);
  const fold = _stratifiedFolds(
    gold.map((label) => label === "Adverse_Event"),
    options.folds ?? 5,
    seed,
  );
  const notes: string[] = [];
  const candidates: Partial<Record<"threshold" | "retrain", _Candidate>> = {};

  if (requested !== "retrain") {
    progress("threshold", 0, 1);
    const point = crossValidateOperatingPoint(gold, base.decisionValues(texts), fold, {
      targetRecall: target,
      seed,
    });
    candidates.threshold = { point, build: () => _withOperatingPoint(base, point, "threshold") };
    progress("threshold", 1, 1);
  }
  let trainRows: Row[] | undefined;
  const sampleWeight = options.sampleWeight ?? 5;
  if (requested !== "threshold") {
    if (options.trainPath) {
      trainRows = await _readTrainingRows(options.trainPath, metadata.training_data_sha256);
      candidates.retrain = _retrainCandidate(base, trainRows, sample, fold, {
        targetRecall: target,
        seed,
        sampleWeight,
        progress,
      });
    } else {
      notes.push("retrain not tried: the model's training rows were not given (--train FILE)");
    }
  }
  const chosen = _choose(candidates, requested, target);
  progress("final", 0, 1);
  const built = candidates[chosen.strategy]!.build();
  // The adapted model expects its own source's statistics, and its threshold was fitted there: the
  // register rule (meant for sources the model never saw) is off.
  const model = new TextClassifier({
    hyperparameters: built.hyperparameters,
    vectorizer: built.vectorizer,
    weights: built.weights,
    intercept: built.intercept,
    calibration: built.calibration,
    threshold: built.threshold,
    summary: built.summary,
    ...(base.shiftReference
      ? { shiftReference: adaptShiftReference(base.shiftReference, texts) }
      : {}),
    ...(built.evidence ? { evidence: { ...built.evidence, registerPercentile: null } } : {}),
  });
  progress("final", 1, 1);
  const adaptation: AdaptationRecord = {
    base_model: {
      dir: options.modelDir,
      model_json_sha256: await sha256File(`${strip(options.modelDir)}/model.json`),
    },
    sample: {
      path: options.labelledPath,
      rows: sample.length,
      positives: gold.filter((label) => label === "Adverse_Event").length,
      sha256: await sha256File(options.labelledPath),
    },
    requested_strategy: requested,
    strategy: chosen.strategy,
    reason: chosen.reason,
    target_recall: target ?? null,
    sample_recall: candidates[chosen.strategy]!.point.sampleRecall,
    estimate: candidates[chosen.strategy]!.point.estimate,
    candidates: Object.fromEntries(
      Object.entries(candidates).map(([name, candidate]) => [name, candidate.point.estimate]),
    ),
    ...(chosen.strategy === "retrain"
      ? {
        retrain: {
          train_path: options.trainPath!,
          train_rows: trainRows!.length,
          sample_weight: sampleWeight,
        },
      }
      : {}),
    seed,
  };
  const trainingDataSha256 = chosen.strategy === "retrain"
    ? await sha256Hex(`${metadata.training_data_sha256}\n${adaptation.sample.sha256}`)
    : metadata.training_data_sha256;
  await saveModelFolder(model, options.outDir, {
    trainingDataSha256,
    seed,
    metrics: { adaptation },
  }, {
    notes: _adaptationCardNotes(adaptation),
    ...(options.trainPath ? { dataFile: options.trainPath } : {}),
  });
  return { model, adaptation, notes };
}

/** What the adapted model's `MODEL_CARD.md` says of the adaptation (counts and hashes, no text). */
function _adaptationCardNotes(adaptation: AdaptationRecord): string[] {
  const { sample, estimate } = adaptation;
  const short = (sha256: string) => `${sha256.slice(0, 12)}…`;
  return [
    `Adapted from \`${adaptation.base_model.dir}\` (model.json SHA-256 ${
      short(adaptation.base_model.model_json_sha256)
    }) on a labelled sample of ${sample.rows} rows, ${sample.positives} of them adverse events ` +
    `(file SHA-256 ${short(sample.sha256)}).`,
    `Strategy: ${adaptation.strategy} (${adaptation.reason}).`,
    `Estimated by ${estimate.folds}-fold cross-validation on the sample: ${
      describeEstimate(estimate)
    }` +
    (adaptation.target_recall === null
      ? "; threshold at the best F1."
      : `; threshold for recall ≥ ${adaptation.target_recall} (recall ${
        adaptation.sample_recall.toFixed(3)
      } on the sample's cross-validated scores).`),
    "The estimate holds for text like the sample. The register rule is off (the threshold was fitted " +
    "on the sample's source), and the shift warning now expects text like the sample.",
  ];
}

async function _readTrainingRows(path: string, expectedSha256: string): Promise<Row[]> {
  const actual = await sha256File(path).catch(() => {
    throw new DataError({ file: path }, "file not found (the model's training rows)");
  });
  if (actual !== expectedSha256) {
    throw new DataError(
      { file: path },
      `not the data this model was trained on (SHA-256 ${actual.slice(0, 12)}…, the model says ` +
        `${expectedSha256.slice(0, 12)}…)`,
    );
  }
  return await readRows(path);
}

function _withOperatingPoint(
  model: TextClassifier,
  point: CrossValidatedOperatingPoint,
  strategy: string,
): TextClassifier {
  return new TextClassifier({
    hyperparameters: model.hyperparameters,
    vectorizer: model.vectorizer,
    weights: model.weights,
    intercept: model.intercept,
    calibration: point.calibration,
    threshold: point.threshold,
    ...(model.evidence ? { evidence: model.evidence } : {}),
    summary: {
      ...model.summary,
      thresholdMethod: `adapted (${strategy}): ${point.estimate.method}`,
      outOfFoldF1: point.estimate.f1,
    },
  });
}

function _retrainCandidate(
  base: TextClassifier,
  trainRows: readonly Row[],
  sample: readonly Row[],
  fold: Int32Array,
  options: {
    targetRecall?: number;
    seed: number;
    sampleWeight: number;
    progress: (stage: string, done: number, total: number) => void;
  },
): _Candidate {
  const folds = Math.max(...fold) + 1;
  const hyperparameters = { ...base.hyperparameters, threshold_folds: 0 };
  const fit = (sampleRows: readonly Row[]) => {
    const rows = [...trainRows];
    for (let copy = 0; copy < options.sampleWeight; copy++) rows.push(...sampleRows);
    return TextClassifier.fit(
      rows.map((row) => row.text),
      rows.map((row) => row.label),
      hyperparameters,
      {
        seed: options.seed,
        mentions: rows.map((row) => ({
          effects: (row.effects ?? []).map((mention) => mention.text),
          drugs: (row.drugs ?? []).map((mention) => mention.text),
        })),
      },
    );
  };
  const outOfFold = new Float64Array(sample.length);
  for (let k = 0; k < folds; k++) {
    options.progress("retrain", k, folds + 1);
    const model = fit(sample.filter((_, i) => fold[i] !== k));
    const inFold = sample.flatMap((_, i) => (fold[i] === k ? [i] : []));
    const values = model.decisionValues(inFold.map((i) => sample[i].text));
    inFold.forEach((row, i) => (outOfFold[row] = values[i]));
  }
  const point = crossValidateOperatingPoint(sample.map((row) => row.label), outOfFold, fold, {
    targetRecall: options.targetRecall,
    seed: options.seed,
  });
  return {
    point,
    build: () => {
      const model = fit(sample);
      options.progress("retrain", folds + 1, folds + 1);
      return _withOperatingPoint(model, point, "retrain");
    },
  };
}

function _choose(
  candidates: Partial<Record<"threshold" | "retrain", _Candidate>>,
  requested: AdaptStrategy,
  target: number | undefined,
): { strategy: "threshold" | "retrain"; reason: string } {
  if (requested !== "auto") return { strategy: requested, reason: `--strategy ${requested}` };
  const { threshold, retrain } = candidates;
  if (!retrain) {
    return { strategy: "threshold", reason: "auto: only threshold could be tried" };
  }
  const measure = target === undefined ? "f1" : "precision";
  const a = threshold!.point.estimate[measure];
  const b = retrain.point.estimate[measure];
  const what = target === undefined ? "F1" : `precision at recall ${target}`;
  if (b > a) {
    return {
      strategy: "retrain",
      reason: `auto: cross-validated ${what} ${b.toFixed(3)} (retrain) > ${
        a.toFixed(3)
      } (threshold)`,
    };
  }
  return {
    strategy: "threshold",
    reason: `auto: cross-validated ${what} ${a.toFixed(3)} (threshold) ≥ ${b.toFixed(3)} (retrain)`,
  };
}
