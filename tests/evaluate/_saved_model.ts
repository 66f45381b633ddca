/** Test helper: a real classifier fitted on made-up rows and saved, for tests that need a model folder. */
import type { Row } from "../../lib/data/types.ts";
import { DEFAULT_HYPERPARAMETERS, saveModel, TextClassifier } from "../../lib/models/mod.ts";
import { syntheticRows } from "./_synthetic_rows.ts";

/**
 * Fits the default model on `rows` (default: 160 made-up rows) and saves it to `<dir>/model`.
 * @param dir a temporary folder
 * @param rows the training rows
 * @returns the model folder and the fitted model
 */
export async function savedModel(
  dir: string,
  rows: readonly Row[] = syntheticRows(160, 11),
): Promise<{ modelDir: string; model: TextClassifier }> {
  const model = TextClassifier.fit(
    rows.map((row) => row.text),
    rows.map((row) => row.label),
    { ...DEFAULT_HYPERPARAMETERS },
    { seed: 1, groups: rows.map((row) => row.pmid) },
  );
  await saveModel(model, `${dir}/model`, { trainingDataSha256: "0".repeat(64), seed: 1 });
  return { modelDir: `${dir}/model`, model };
}
