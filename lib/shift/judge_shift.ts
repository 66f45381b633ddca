/** Judges whether a batch of input texts looks like the data a model was trained (or adapted) on. */
import { _lowerCriticalCount, _upperCriticalCount } from "./_binomial.ts";
import { rowSurprisals } from "./row_surprisal.ts";
import type { ShiftReference } from "./shift_reference.ts";

/** The verdict on one batch: the `shift` object of `predict`'s `OUT.summary.json` (counts only). */
export interface ShiftJudgement {
  /** Share of the rows that are unusual for the reference (null without rows). */
  score: number | null;
  /** Share at or above which the batch is flagged (null when it cannot be judged). */
  threshold: number | null;
  /** True when the batch differs from the reference data. */
  flagged: boolean;
  /** One plain sentence: what was measured and why it is (not) flagged, or why it cannot be judged. */
  reason: string;
}

/** Unusual-row counts of a batch, for {@link judgeShiftCounts}. */
export interface UnusualCounts {
  /** Rows in the batch. */
  rows: number;
  /** Rows whose surprisal is above the reference's unusual percentile. */
  unusualRows: number;
}

/**
 * Which rows are unusual: surprisal above the reference's `unusualPercentile`.
 * @param reference the model's shift reference
 * @param texts the batch
 * @returns one boolean per text
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadShiftReference } from "./shift_reference_files.ts";
 * const reference = (await loadShiftReference("tests/fixtures/models/tiny"))!;
 * const [unusual] = unusualRows(reference, ["zzz qqq xxx"]);
 * assert.equal(unusual, true);
 * ```
 */
export function unusualRows(reference: ShiftReference, texts: readonly string[]): boolean[] {
  const cut = reference.surprisalPercentiles[reference.unusualPercentile - 1];
  return Array.from(rowSurprisals(reference, texts), (value) => value > cut);
}

function _percent(share: number): string {
  return `${(100 * share).toFixed(share < 0.1 && share > 0 ? 1 : 0)}%`;
}

/**
 * The rule on counts: with n rows and u unusual ones, the batch is flagged when u is beyond the
 * binomial bound at the reference's false-alarm rate (one-sided, or split between both tails when the
 * reference is two-sided) **and** the share differs from the expected one by at least
 * `minimumDifference`. Fewer than `minimumRows` rows cannot be judged.
 * @param reference the model's shift reference
 * @param counts rows and unusual rows of the batch
 * @returns the judgement
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitShiftReference } from "./fit_shift_reference.ts";
 * const texts = ["Rash after aspirin.", "Tremor on lithium.", "Rash on lithium.", "Tremor after aspirin."];
 * const reference = fitShiftReference(texts, ["Adverse_Event", "Not_AE", "Not_AE", "Adverse_Event"], { seed: 42 });
 * assert.equal(judgeShiftCounts(reference, { rows: 200, unusualRows: 160 }).flagged, true);
 * ```
 */
export function judgeShiftCounts(reference: ShiftReference, counts: UnusualCounts): ShiftJudgement {
  const { rows, unusualRows: unusual } = counts;
  const expected = reference.expectedUnusualShare;
  const score = rows > 0 ? unusual / rows : null;
  const measured = score === null
    ? ""
    : `${_percent(score)} of the ${rows} rows use words that are rare in the reference data ` +
      `(expected ${_percent(expected)})`;
  if (rows < reference.minimumRows) {
    return {
      score,
      threshold: null,
      flagged: false,
      reason: `cannot judge: ${rows} rows, at least ${reference.minimumRows} needed`,
    };
  }
  const alpha = reference.twoSided ? reference.falseAlarmRate / 2 : reference.falseAlarmRate;
  const upper = Math.max(
    _upperCriticalCount(rows, expected, alpha) / rows,
    expected + reference.minimumDifference,
  );
  const share = score!;
  let flagged = share >= upper;
  let bounds = `flagged at ${_percent(upper)} or more`;
  if (reference.twoSided) {
    const lower = Math.min(
      _lowerCriticalCount(rows, expected, alpha) / rows,
      expected - reference.minimumDifference,
    );
    if (share <= lower) flagged = true;
    bounds = `flagged at ${_percent(Math.max(0, lower))} or less, or ${_percent(upper)} or more`;
  }
  return {
    score: share,
    threshold: upper,
    flagged,
    reason: `${measured}; ${bounds}`,
  };
}

/**
 * Judges a batch of texts against the reference (see {@link judgeShiftCounts}).
 * @param reference the model's shift reference
 * @param texts the batch
 * @returns the judgement
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitShiftReference } from "./fit_shift_reference.ts";
 * const drugs = ["cisplatin", "lithium", "warfarin", "aspirin", "isoniazid"];
 * const effects = ["Nausea", "Tremor", "Bleeding", "Rash"];
 * const texts = Array.from({ length: 60 }, (_, i) => `${effects[i % 4]} followed ${drugs[i % 5]}.`);
 * const labels = texts.map((_, i) => i % 2 === 0 ? "Adverse_Event" as const : "Not_AE" as const);
 * const reference = fitShiftReference(texts, labels, { seed: 42, groups: texts.map((_, i) => `p${i % 12}`) });
 * assert.equal(judgeShift(reference, texts).flagged, false); // the text it was fitted on
 * const posts = texts.map((_, i) => `ngl this med makes me feel weird, day ${i}`);
 * assert.equal(judgeShift(reference, posts).flagged, true);
 * ```
 */
export function judgeShift(reference: ShiftReference, texts: readonly string[]): ShiftJudgement {
  const unusual = unusualRows(reference, texts).filter(Boolean).length;
  return judgeShiftCounts(reference, { rows: texts.length, unusualRows: unusual });
}

/**
 * The one-line warning `predict` prints for a flagged batch.
 * @param judgement a flagged judgement
 * @returns the line, starting `warning: input differs from the training data`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadShiftReference } from "./shift_reference_files.ts";
 * const reference = (await loadShiftReference("tests/fixtures/models/tiny"))!;
 * const shift = judgeShiftCounts(reference, { rows: 200, unusualRows: 160 });
 * assert.ok(shiftWarningLine(shift).startsWith("warning: input differs from the training data"));
 * ```
 */
export function shiftWarningLine(judgement: ShiftJudgement): string {
  return `warning: input differs from the training data (${judgement.reason}): the model's threshold ` +
    "was set on other text and may miss most adverse events here; label a sample of this source " +
    "(deno task ade select), measure it (deno task ade evaluate --by source), then adapt " +
    "(deno task ade adapt)";
}
