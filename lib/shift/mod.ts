/**
 * The shift warning: does an input look like the text a model was trained on? A model carries reference
 * statistics of its training data (word-token counts by 32-bit hash, never text, and percentiles of how
 * unusual held-out training rows look); an input batch is flagged when clearly more of its rows are
 * unusual than in-domain data shows, calibrated for a stated false-alarm rate. `predict` writes the
 * verdict to `OUT.summary.json`; the endpoint keeps it over a rolling window (`GET /stats`).
 *
 * @example
 * ```ts
 * import { fitShiftReference, judgeShift, shiftWarningLine } from "./mod.ts";
 * const reference = fitShiftReference(trainTexts, trainLabels, { seed: 42, groups: pmids });
 * const shift = judgeShift(reference, inputTexts);
 * if (shift.flagged) console.error(shiftWarningLine(shift));
 * ```
 * @module
 */
export * from "./shift_reference.ts";
export * from "./fit_shift_reference.ts";
export * from "./row_surprisal.ts";
export * from "./judge_shift.ts";
export * from "./rolling_shift_window.ts";
export * from "./shift_reference_files.ts";
