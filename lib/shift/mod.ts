/**
 * The shift warning: does an input look like the text a model was trained on? A model carries reference
 * statistics of its training data (word-token counts by 32-bit hash, never text, and percentiles of how
 * unusual held-out training rows look); an input batch is flagged when clearly more of its rows are
 * unusual than in-domain data shows, calibrated for a stated false-alarm rate. `predict` writes the
 * verdict to `OUT.summary.json`; the endpoint keeps it over a rolling window (`GET /stats`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitShiftReference, judgeShift, shiftWarningLine } from "./mod.ts";
 * const effects = ["rash", "hepatitis", "tremor", "bleeding"];
 * const trainTexts = Array.from({ length: 80 }, (_, i) => `Severe ${effects[i % 4]} was seen in case ${i}.`);
 * const trainLabels = trainTexts.map((_, i) => i % 3 === 0 ? "Adverse_Event" as const : "Not_AE" as const);
 * const pmids = trainTexts.map((_, i) => `p${i % 16}`);
 * const reference = fitShiftReference(trainTexts, trainLabels, { seed: 42, groups: pmids });
 * const inputTexts = Array.from({ length: 60 }, (_, i) => `lol my phone died again, day ${i} tbh`);
 * const shift = judgeShift(reference, inputTexts);
 * assert.ok(shift.flagged);
 * console.error(shiftWarningLine(shift));
 * ```
 * @module
 */
export { type ShiftReference } from "./shift_reference.ts";
export * from "./fit_shift_reference.ts";
export * from "./row_surprisal.ts";
export * from "./judge_shift.ts";
export * from "./rolling_shift_window.ts";
export {
  encodeShiftReference,
  loadShiftReference,
  saveShiftReference,
  SHIFT_JSON,
  SHIFT_TOKENS,
} from "./shift_reference_files.ts";
