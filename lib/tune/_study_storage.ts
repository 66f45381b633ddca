/**
 * Where a study lives on disk: `OUT/study.json` (the settings a resumed study must share), the validation
 * split, and `OUT/trials.jsonl` + `OUT/best.json`, rewritten in order after every change.
 */
import { exists, sha256File, UsageError, writeJsonAtomic } from "../core/mod.ts";
import type { SearchSpace } from "./space.ts";
import type { TuningStrategy } from "./strategy.ts";
import { type BestTrial, readTrials, type TrialRecord, writeTrialsTable } from "./trials.ts";
import type { StudyDefinition, ValidationFolds } from "./tuning_executor.ts";
import { reuseValidationFolds, writeValidationFolds } from "./_validation_folds.ts";

/** Settings stored in `OUT/study.json`; a resumed study must use the same ones. */
interface _StudySettings {
  strategy: TuningStrategy;
  space: SearchSpace;
  seed: number;
  metricRegex: string;
  trainPath: string;
  trainSha256: string;
  folds: number;
}

/** An open study folder. */
export interface StudyStorage {
  /** Trials recorded before (a resumed study), in file order; empty for a fresh study. */
  readonly earlier: TrialRecord[];
  /** The validation split. */
  readonly folds: ValidationFolds;
  /**
   * Writes the trials table and `best.json`; writes happen in call order.
   * @returns the best trial
   */
  save(trials: readonly TrialRecord[]): Promise<BestTrial | undefined>;
}

/** How {@link openStudyStorage} opens the folder. */
export interface StudyStorageMode {
  /** Continue the study in the folder. */
  resume: boolean;
  /** Whether the backend can continue a study (keeps `study.json`, refuses to overwrite a study). */
  resumable: boolean;
  /** Backend name, for messages. */
  backend: string;
}

/**
 * Opens a study folder: a fresh study (refused when one is there already) or, with `resume`, the stored one,
 * after checking that its settings match.
 * @param definition the study
 * @param mode resume or not, and whether the backend can resume
 * @returns the folder's trials, validation split and table writer
 * @throws {UsageError} a resume that does not match, a fresh study over an existing one, an unreadable file
 */
export async function openStudyStorage(
  definition: StudyDefinition,
  mode: StudyStorageMode,
): Promise<StudyStorage> {
  const { outDir, trainPath, folds, seed } = definition;
  let earlier: TrialRecord[] = [];
  let foldPaths: ValidationFolds;
  if (!mode.resumable) {
    if (mode.resume) {
      throw new UsageError(`--resume: the ${mode.backend} backend cannot continue a study`);
    }
    foldPaths = await writeValidationFolds(trainPath, outDir, folds, seed);
  } else {
    const settings = await _studySettings(definition);
    if (mode.resume) {
      await _checkStoredSettings(`${outDir}/study.json`, settings);
      foldPaths = await reuseValidationFolds(trainPath, outDir, folds, seed);
      earlier = await readTrials(`${outDir}/trials.jsonl`);
    } else {
      if (await exists(`${outDir}/trials.jsonl`)) {
        throw new UsageError(
          `${outDir} already holds a study (trials.jsonl); use --resume to continue it or another --out`,
        );
      }
      foldPaths = await writeValidationFolds(trainPath, outDir, folds, seed);
      await writeJsonAtomic(`${outDir}/study.json`, settings);
    }
  }
  let writes = Promise.resolve<BestTrial | undefined>(undefined);
  return {
    earlier,
    folds: foldPaths,
    save(trials) {
      const snapshot = [...trials];
      writes = writes.then(() => writeTrialsTable(outDir, snapshot));
      return writes;
    },
  };
}

async function _studySettings(definition: StudyDefinition): Promise<_StudySettings> {
  return {
    strategy: definition.strategy,
    space: definition.space,
    seed: definition.seed,
    metricRegex: definition.metricRegex,
    trainPath: definition.trainPath,
    trainSha256: await sha256File(definition.trainPath).catch(() => {
      throw new UsageError(`--train: cannot read ${definition.trainPath}`);
    }),
    folds: definition.folds,
  };
}

async function _checkStoredSettings(studyPath: string, settings: _StudySettings): Promise<void> {
  if (!(await exists(studyPath))) {
    throw new UsageError(`--resume: ${studyPath} not found (no study to continue)`);
  }
  const stored = JSON.parse(await Deno.readTextFile(studyPath)) as _StudySettings;
  for (const key of ["strategy", "seed", "metricRegex", "trainSha256", "folds"] as const) {
    if (JSON.stringify(stored[key]) !== JSON.stringify(settings[key])) {
      throw new UsageError(
        `--resume: ${key} differs from the stored study (${JSON.stringify(stored[key])} there, ` +
          `${JSON.stringify(settings[key])} now)`,
      );
    }
  }
  if (JSON.stringify(stored.space.parameters) !== JSON.stringify(settings.space.parameters)) {
    throw new UsageError(`--resume: the search space differs from the stored study's`);
  }
}
