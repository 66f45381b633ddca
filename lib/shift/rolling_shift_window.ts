/** The shift statistics over the most recent texts an endpoint scored (counts only, never text). */
import { judgeShiftCounts, type ShiftJudgement, unusualRows } from "./judge_shift.ts";
import type { ShiftReference } from "./shift_reference.ts";

/** What `GET /stats` returns: the same keys as `predict`'s `OUT.summary.json`, plus the window. */
export interface ShiftWindowStats {
  /** Texts in the window (at most `window`). */
  rows: number;
  /** Of those, predicted `Adverse_Event`. */
  predicted_positive: number;
  /** `predicted_positive / rows` (0 without rows). */
  predicted_positive_rate: number;
  /** Share of `Adverse_Event` in the training data (null when the model has no reference). */
  training_positive_rate: number | null;
  /** The shift verdict on the window. */
  shift: ShiftJudgement;
  /** Size of the rolling window. */
  window: number;
  /** Texts scored since the endpoint started. */
  rows_total: number;
}

/**
 * A ring buffer over the last `window` scored texts, keeping two bits per text (unusual? predicted AE?)
 * and never the text itself.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitShiftReference } from "./fit_shift_reference.ts";
 * const texts = Array.from({ length: 40 }, (_, i) => `Rash developed on amoxicillin, case ${i}.`);
 * const labels = texts.map((_, i) => i % 4 === 0 ? "Adverse_Event" as const : "Not_AE" as const);
 * const window = new RollingShiftWindow(fitShiftReference(texts, labels, { seed: 42 }), 1000);
 * window.add(texts.slice(0, 10), texts.slice(0, 10).map((_, i) => i % 2 === 0));
 * const stats = window.stats();
 * assert.equal(stats.rows, 10);
 * assert.equal(stats.predicted_positive_rate, 0.5);
 * ```
 */
export class RollingShiftWindow {
  /** Capacity of the window. */
  readonly window: number;
  private readonly reference: ShiftReference | undefined;
  private readonly unusual: Uint8Array;
  private readonly positive: Uint8Array;
  private next = 0;
  private filled = 0;
  private total = 0;

  /**
   * @param reference the model's shift reference (undefined for models trained before it existed)
   * @param window how many recent texts to keep (default 1,000)
   */
  constructor(reference: ShiftReference | undefined, window = 1000) {
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`RollingShiftWindow: window must be a positive integer (got ${window})`);
    }
    this.reference = reference;
    this.window = window;
    this.unusual = new Uint8Array(window);
    this.positive = new Uint8Array(window);
  }

  /**
   * Records a batch of scored texts.
   * @param texts the texts (read for their token statistics, not kept)
   * @param predictedPositive whether each was predicted `Adverse_Event`
   */
  add(texts: readonly string[], predictedPositive: readonly boolean[]): void {
    const unusual = this.reference ? unusualRows(this.reference, texts) : [];
    for (let i = 0; i < texts.length; i++) {
      this.unusual[this.next] = unusual[i] ? 1 : 0;
      this.positive[this.next] = predictedPositive[i] ? 1 : 0;
      this.next = (this.next + 1) % this.window;
      this.filled = Math.min(this.window, this.filled + 1);
    }
    this.total += texts.length;
  }

  /**
   * The statistics over the window.
   * @returns counts, rates and the shift verdict
   */
  stats(): ShiftWindowStats {
    let positives = 0;
    let unusual = 0;
    for (let i = 0; i < this.filled; i++) {
      positives += this.positive[i];
      unusual += this.unusual[i];
    }
    const shift: ShiftJudgement = this.reference
      ? judgeShiftCounts(this.reference, { rows: this.filled, unusualRows: unusual })
      : {
        score: null,
        threshold: null,
        flagged: false,
        reason: "cannot judge: the model has no shift reference (trained before it existed)",
      };
    return {
      rows: this.filled,
      predicted_positive: positives,
      predicted_positive_rate: this.filled > 0 ? positives / this.filled : 0,
      training_positive_rate: this.reference?.trainingPositiveRate ?? null,
      shift,
      window: this.window,
      rows_total: this.total,
    };
  }
}
