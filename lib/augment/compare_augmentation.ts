/** The with/without experiment: does adding accepted synthetic rows change test F1? */
import type { Row } from "../data/mod.ts";
import {
  type EvaluationOutcome,
  readPredictions,
  trainAndEvaluate,
  type TrainAndEvaluateOptions,
} from "../evaluate/mod.ts";
import {
  mcnemarExact,
  type McNemarResult,
  pairedBootstrapF1Difference,
  type PairedF1Difference,
} from "../metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS, type ModelHyperparameters } from "../models/mod.ts";

/** Options of {@link compareAugmentation}. */
export interface CompareAugmentationOptions {
  /** The real training rows. */
  trainRows: Row[];
  /** Accepted synthetic rows (added to the training rows of the "with" model only). */
  syntheticRows: Row[];
  /** The untouched test rows. */
  testRows: Row[];
  /** Hyperparameters of both models (default: the local model's defaults). */
  hyperparameters?: ModelHyperparameters;
  /** Seed of fitting and of the bootstrap (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** Output folder: `without/` and `with/` inside. */
  outDir: string;
  /** Store names of the two evaluation runs (default `without-synthetic`, `with-synthetic`). */
  names?: { without: string; with: string };
  /**
   * Fits and evaluates one model (default `trainAndEvaluate`); pass `recordTrainAndEvaluate` of `record`
   * (with a store) to record the two evaluations as `evaluate` runs.
   */
  evaluate?: (options: TrainAndEvaluateOptions) => Promise<EvaluationOutcome>;
}

/** What {@link compareAugmentation} measured. */
export interface AugmentationComparison {
  /** Model trained on real rows only. */
  without: EvaluationOutcome;
  /** Model trained on real + synthetic rows. */
  with: EvaluationOutcome;
  /** Row counts used. */
  trainRows: number;
  syntheticRows: number;
  testRows: number;
  /** F1(with) − F1(without), with its paired cluster-bootstrap interval (clusters = PubMed ids). */
  f1Difference: PairedF1Difference;
  /** Exact McNemar test on the paired test predictions. */
  mcnemar: McNemarResult;
}

/**
 * Trains the local model twice on the same split — real training rows, then real plus synthetic rows —
 * evaluates both on the untouched test rows (via `options.evaluate`, default `trainAndEvaluate`), and compares them with a paired
 * bootstrap interval of the F1 difference (resampling PubMed abstracts) and an exact McNemar test.
 * @param options rows, hyperparameters, seed, output folder, the evaluation to run
 * @returns both outcomes, the F1 difference with its interval, and McNemar's test
 * @throws {RangeError} when a row set is empty, or a synthetic row is not an `Adverse_Event`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "../data/mod.ts";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const outDir = await Deno.makeTempDir();
 * const comparison = await compareAugmentation({
 *   trainRows: rows.slice(0, 8),
 *   syntheticRows: [{ id: "s1", text: "The patient developed rash after lithium.", label: "Adverse_Event" }],
 *   testRows: rows.slice(8),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0 },
 *   resamples: 100,
 *   outDir,
 * });
 * assert.equal(comparison.syntheticRows, 1);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function compareAugmentation(
  options: CompareAugmentationOptions,
): Promise<AugmentationComparison> {
  if (options.syntheticRows.length === 0) {
    throw new RangeError("compareAugmentation: no synthetic rows");
  }
  if (options.syntheticRows.some((row) => row.label !== "Adverse_Event")) {
    throw new RangeError("compareAugmentation: synthetic rows must all be Adverse_Event");
  }
  const hyperparameters = options.hyperparameters ?? { ...DEFAULT_HYPERPARAMETERS };
  const seed = options.seed ?? 42;
  const names = options.names ?? { without: "without-synthetic", with: "with-synthetic" };
  const common = {
    testRows: options.testRows,
    hyperparameters,
    seed,
    resamples: options.resamples,
  };
  const evaluate = options.evaluate ?? trainAndEvaluate;
  const without = await evaluate({
    ...common,
    name: names.without,
    trainRows: options.trainRows,
    outDir: `${options.outDir}/without`,
  });
  const withSynthetic = await evaluate({
    ...common,
    name: names.with,
    trainRows: [...options.trainRows, ...options.syntheticRows],
    outDir: `${options.outDir}/with`,
  });
  const gold = options.testRows.map((row) => row.label);
  const predictedWithout = await _predictedPositive(without.predictionsPath, options.testRows);
  const predictedWith = await _predictedPositive(withSynthetic.predictionsPath, options.testRows);
  return {
    without,
    with: withSynthetic,
    trainRows: options.trainRows.length,
    syntheticRows: options.syntheticRows.length,
    testRows: options.testRows.length,
    f1Difference: pairedBootstrapF1Difference(gold, predictedWithout, predictedWith, {
      seed,
      resamples: options.resamples,
      groups: options.testRows.map((row) => row.pmid ?? ""),
    }),
    mcnemar: mcnemarExact(gold, predictedWithout, predictedWith),
  };
}

async function _predictedPositive(path: string, testRows: readonly Row[]): Promise<boolean[]> {
  const predictions = await readPredictions(path);
  if (predictions.length !== testRows.length) {
    throw new RangeError(
      `${path}: ${predictions.length} predictions for ${testRows.length} test rows`,
    );
  }
  return predictions.map((prediction, index) => {
    if (prediction.id !== testRows[index].id) {
      throw new RangeError(`${path}: row ${index + 1} is out of order`);
    }
    return prediction.label === "Adverse_Event";
  });
}
