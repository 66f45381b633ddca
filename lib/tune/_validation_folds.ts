/**
 * The study's grouped validation split inside the training file (never the test split): fold 0 of a grouped
 * stratified K-fold, as `OUT/folds/train.jsonl` and `OUT/folds/validation.jsonl`. Both backends train and
 * validate on it.
 */
import { exists, writeJsonl } from "../core/mod.ts";
import { groupedStratifiedKFold, readRows } from "../data/mod.ts";
import type { ValidationFolds } from "./tuning_executor.ts";

/**
 * Where a study folder keeps its validation split.
 * @param outDir the study folder
 * @returns the two paths
 */
export function validationFoldPaths(outDir: string): ValidationFolds {
  return {
    trainPath: `${outDir}/folds/train.jsonl`,
    validationPath: `${outDir}/folds/validation.jsonl`,
  };
}

/**
 * Writes the validation split of a training file under `outDir/folds/`.
 * @param trainPath the training file
 * @param outDir the study folder
 * @param folds folds of the grouped split
 * @param seed split seed
 * @returns the two paths
 * @throws {DataError} an unreadable or malformed training file
 */
export async function writeValidationFolds(
  trainPath: string,
  outDir: string,
  folds: number,
  seed: number,
): Promise<ValidationFolds> {
  const rows = await readRows(trainPath);
  const [fold] = groupedStratifiedKFold(rows, folds, seed);
  const paths = validationFoldPaths(outDir);
  await writeJsonl(paths.trainPath, fold.train.map((i) => rows[i]));
  await writeJsonl(paths.validationPath, fold.validation.map((i) => rows[i]));
  return paths;
}

/**
 * The validation split of a resumed study: the files already written, or written again when missing.
 * @returns the two paths
 */
export async function reuseValidationFolds(
  trainPath: string,
  outDir: string,
  folds: number,
  seed: number,
): Promise<ValidationFolds> {
  const paths = validationFoldPaths(outDir);
  if ((await exists(paths.trainPath)) && (await exists(paths.validationPath))) return paths;
  return await writeValidationFolds(trainPath, outDir, folds, seed);
}
