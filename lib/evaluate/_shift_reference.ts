/** Private: writes the shift reference of a model's training rows into its folder. */
import type { Label } from "../data/mod.ts";
import { fitShiftReference, saveShiftReference } from "../shift/mod.ts";

/**
 * Fits the training data's shift reference (token counts by hash, out-of-fold calibration; no text) and
 * saves it beside the model, so that `predict` and the endpoint can tell inputs unlike the training data.
 * @param modelDir the (staged) model folder
 * @param training the training texts, labels and PubMed ids, in row order
 * @param seed the seed of the calibration folds
 */
export async function _saveTrainingShiftReference(
  modelDir: string,
  training: {
    texts: readonly string[];
    labels: readonly Label[];
    groups: ReadonlyArray<string | undefined>;
  },
  seed: number,
): Promise<void> {
  await saveShiftReference(
    modelDir,
    fitShiftReference(training.texts, training.labels, { seed, groups: training.groups }),
  );
}
