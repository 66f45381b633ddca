/** Builds a model's shift reference from its training rows (token counts + out-of-fold calibration). */
import { AdeError } from "../core/mod.ts";
import { groupedStratifiedKFold, type Label } from "../data/mod.ts";
import { _percentile } from "./_percentile.ts";
import { _distinctTokenHashes } from "./_tokens.ts";
import { rowSurprisals, type TokenCounts } from "./row_surprisal.ts";
import {
  DEFAULT_FALSE_ALARM_RATE,
  DEFAULT_MINIMUM_DIFFERENCE,
  DEFAULT_MINIMUM_ROWS,
  DEFAULT_UNUSUAL_PERCENTILE,
  type ShiftReference,
} from "./shift_reference.ts";

/** Options of {@link fitShiftReference}. */
export interface FitShiftReferenceOptions {
  /** Group (PubMed id) of each row: rows of one group stay in one calibration fold. */
  groups?: readonly (string | undefined)[];
  /** Seed of the folds. */
  seed: number;
  /** Calibration folds (default 5; fewer when there are fewer groups). */
  folds?: number;
  /** Tokens in fewer rows are counted as unseen (default 2). */
  minDf?: number;
  /** Percentile above which a row counts as unusual (default 90). */
  unusualPercentile?: number;
  /** Designed false-alarm rate per in-domain file (default 0.01). */
  falseAlarmRate?: number;
  /** Smallest flagged difference in the unusual share (default 0.05). */
  minimumDifference?: number;
  /** Fewest rows judged (default 50). */
  minimumRows?: number;
}

function _counts(
  documentHashes: readonly number[][],
  rows: Iterable<number>,
  minDf: number,
): TokenCounts {
  const counts = new Map<number, number>();
  let documents = 0;
  for (const row of rows) {
    documents++;
    for (const hash of documentHashes[row]) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  const kept = [...counts].filter(([, count]) => count >= minDf).sort((a, b) => a[0] - b[0]);
  return {
    documents,
    minDf,
    tokenHashes: Uint32Array.from(kept, ([hash]) => hash),
    tokenDocuments: Uint32Array.from(kept, ([, count]) => count),
  };
}

/**
 * Counts the training rows' word tokens by hash (tokens in fewer than `minDf` rows are dropped) and
 * calibrates the rule on held-out in-domain rows: every row is scored with the counts of the other
 * grouped folds, and the percentiles of those out-of-fold surprisals become the reference. In-domain
 * input then shows about `100 − unusualPercentile` % unusual rows; the rule flags a file whose share is
 * higher than the binomial `(1 − falseAlarmRate)` bound and at least `minimumDifference` above it.
 * @param texts training texts
 * @param labels their labels (used to stratify the folds and for the training positive rate)
 * @param options groups, seed, folds and the rule's settings
 * @returns the reference (numbers only)
 * @throws {AdeError} no rows, or texts and labels of different lengths
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const texts = Array.from({ length: 40 }, (_, i) => `Tremor was reported with lithium, case ${i}.`);
 * const labels = texts.map((_, i) => i % 2 === 0 ? "Adverse_Event" as const : "Not_AE" as const);
 * const reference = fitShiftReference(texts, labels, { seed: 42, groups: texts.map((_, i) => `p${i % 10}`) });
 * assert.equal(reference.surprisalPercentiles.length, 99);
 * ```
 */
export function fitShiftReference(
  texts: readonly string[],
  labels: readonly Label[],
  options: FitShiftReferenceOptions,
): ShiftReference {
  if (texts.length === 0) throw new AdeError("fitShiftReference: no training rows");
  if (labels.length !== texts.length) {
    throw new AdeError(`fitShiftReference: ${texts.length} texts but ${labels.length} labels`);
  }
  const minDf = options.minDf ?? 2;
  const unusualPercentile = options.unusualPercentile ?? DEFAULT_UNUSUAL_PERCENTILE;
  const documentHashes = texts.map(_distinctTokenHashes);
  const allRows = Array.from({ length: texts.length }, (_, i) => i);
  const outOfFold = new Float64Array(texts.length);
  let calibratedOn = "";
  const rows = texts.map((text, i) => ({ text, label: labels[i], pmid: options.groups?.[i] }));
  let folds: ReturnType<typeof groupedStratifiedKFold> | undefined;
  for (let k = options.folds ?? 5; k >= 2 && !folds; k--) {
    try {
      folds = groupedStratifiedKFold(rows, k, options.seed);
    } catch (error) {
      if (!(error instanceof AdeError)) throw error;
    }
  }
  if (folds) {
    for (const fold of folds) {
      const counts = _counts(documentHashes, fold.train, minDf);
      const values = rowSurprisals(counts, fold.validation.map((row) => texts[row]));
      fold.validation.forEach((row, i) => outOfFold[row] = values[i]);
    }
    calibratedOn = `out-of-fold training rows (${folds.length} grouped folds)`;
  } else {
    outOfFold.set(rowSurprisals(_counts(documentHashes, allRows, 1), texts));
    calibratedOn = "training rows in sample (too few groups for folds)";
  }
  const sorted = Float64Array.from(outOfFold).sort();
  const surprisalPercentiles = Array.from({ length: 99 }, (_, i) => _percentile(sorted, i + 1));
  const cut = surprisalPercentiles[unusualPercentile - 1];
  let unusual = 0;
  for (const value of outOfFold) if (value > cut) unusual++;
  const positives = labels.filter((label) => label === "Adverse_Event").length;
  return {
    ..._counts(documentHashes, allRows, minDf),
    surprisalPercentiles,
    unusualPercentile,
    expectedUnusualShare: unusual / texts.length,
    twoSided: false,
    falseAlarmRate: options.falseAlarmRate ?? DEFAULT_FALSE_ALARM_RATE,
    minimumDifference: options.minimumDifference ?? DEFAULT_MINIMUM_DIFFERENCE,
    minimumRows: options.minimumRows ?? DEFAULT_MINIMUM_ROWS,
    trainingPositiveRate: positives / texts.length,
    calibratedOn,
  };
}
