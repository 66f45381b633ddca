/** Private: writes the shift reference of a model's training rows into its folder. */
import type { Row } from "../data/mod.ts";
import { fitShiftReference, saveShiftReference } from "../shift/mod.ts";

/**
 * Fits the training data's shift reference (token counts by hash, out-of-fold calibration; no text) and
 * saves it beside the model, so that `predict` and the endpoint can tell inputs unlike the training data.
 */
export async function _saveTrainingShiftReference(
  modelDir: string,
  trainRows: readonly Row[],
  seed: number,
): Promise<void> {
  await saveShiftReference(
    modelDir,
    fitShiftReference(trainRows.map((row) => row.text), trainRows.map((row) => row.label), {
      seed,
      groups: trainRows.map((row) => row.pmid),
    }),
  );
}
