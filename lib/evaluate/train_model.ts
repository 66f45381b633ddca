/**
 * `ade train` as a library: resolve inputs (flags, or SageMaker's training-container environment), fit,
 * evaluate on validation data (printing `f1:` lines for SageMaker's metric regex), save.
 */
import {
  DataError,
  exists,
  readTextStrict,
  sha256File,
  sha256Hex,
  UsageError,
} from "../core/mod.ts";
import { type Label, streamLabelledRows } from "../data/mod.ts";
import { computeMetrics, formatF1Line, type Metrics } from "../metrics/mod.ts";
import { _recallThresholdRule } from "./_recall_threshold_rule.ts";
import { type ModelHyperparameters, parseHyperparameters, TextClassifier } from "../models/mod.ts";
import { _scoreInBatches } from "./_batched_scores.ts";
import { saveModelFolder } from "./save_model_folder.ts";
import { _mentionsOf } from "./_mentions.ts";

/** Where SageMaker puts `hyperparameters.json` when `SM_INPUT_CONFIG_DIR` is not set. */
const DEFAULT_SAGEMAKER_CONFIG_DIR = "/opt/ml/input/config";

/** What the caller gave (flags); anything missing is taken from the SageMaker environment. */
export interface TrainingInputs {
  /** Training file or folder (`--train`); default `$SM_CHANNEL_TRAIN`. */
  train?: string;
  /** Validation file or folder (`--validation`); default `$SM_CHANNEL_TEST` when `train` is not given. */
  validation?: string;
  /** Model output folder (`--model-dir`); default `$SM_MODEL_DIR`. */
  modelDir?: string;
  /** `name=value` hyperparameters (`--hp`), applied over `hyperparameters.json`. */
  hyperparameters?: readonly string[];
  /** Seed (`--seed`); default a `seed` entry of the hyperparameters, else 42. */
  seed?: number;
  /**
   * Recall to reach (`--target-recall`, in (0, 1]): the threshold becomes the highest one that reaches it
   * on out-of-fold scores of the training data, instead of the best-F1 one.
   */
  targetRecall?: number;
  /** Environment to read (default the process environment). */
  env?: Record<string, string | undefined>;
}

/** A fully resolved training job. */
export interface TrainingSetup {
  /** Training files (a channel folder becomes its files). */
  trainFiles: string[];
  /** Validation files (empty when there is no validation data). */
  validationFiles: string[];
  /** Model output folder. */
  modelDir: string;
  /** Validated hyperparameters (defaults, then `hyperparameters.json`, then `--hp`). */
  hyperparameters: ModelHyperparameters;
  /** The `hyperparameters.json` read, if any. */
  hyperparametersFile?: string;
  /** Seed of fitting. */
  seed: number;
  /** Recall target of the threshold, when one was asked for. */
  targetRecall?: number;
}

/**
 * Resolves flags and the SageMaker training-container contract into one setup: `SM_CHANNEL_TRAIN`,
 * `SM_CHANNEL_TEST` (validation), `SM_MODEL_DIR`, and `hyperparameters.json` from `SM_INPUT_CONFIG_DIR`
 * (default `/opt/ml/input/config`) whose JSON-encoded string values are decoded. A `seed` entry sets the
 * seed; names starting with `_` are ignored; any other unknown name is an error listing the valid ones.
 * @param inputs flags and environment
 * @returns the setup
 * @throws {UsageError} missing training data or model folder, bad `name=value`, unknown hyperparameter
 * @throws {DataError} unreadable `hyperparameters.json`, a channel folder without data files
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const setup = await resolveTrainingSetup({
 *   train: "tests/fixtures/data/ae_mentions.jsonl",
 *   modelDir: "runs/model",
 *   hyperparameters: ["C=0.5"],
 *   env: {},
 * });
 * assert.equal(setup.hyperparameters.C, 0.5);
 * assert.deepEqual(setup.validationFiles, []);
 * ```
 */
export async function resolveTrainingSetup(inputs: TrainingInputs): Promise<TrainingSetup> {
  const env = inputs.env ?? Deno.env.toObject();
  const train = inputs.train ?? env.SM_CHANNEL_TRAIN;
  if (!train) throw new UsageError("train: --train is required (or SM_CHANNEL_TRAIN)");
  const validation = inputs.validation ??
    (inputs.train === undefined ? env.SM_CHANNEL_TEST : undefined);
  const modelDir = inputs.modelDir ?? env.SM_MODEL_DIR;
  if (!modelDir) throw new UsageError("train: --model-dir is required (or SM_MODEL_DIR)");

  const configDir = env.SM_INPUT_CONFIG_DIR ?? DEFAULT_SAGEMAKER_CONFIG_DIR;
  const hyperparametersFile = `${configDir}/hyperparameters.json`;
  const fileValues = (await exists(hyperparametersFile))
    ? await _readHyperparametersFile(hyperparametersFile)
    : undefined;
  const flagValues = _parseAssignments(inputs.hyperparameters ?? []);
  let seed = inputs.seed;
  for (const values of [fileValues ?? {}, flagValues]) {
    if ("seed" in values) {
      const origin = values === flagValues ? "--hp" : hyperparametersFile;
      const parsed = Number(_decodeJsonString(values.seed));
      if (!Number.isInteger(parsed)) {
        throw new UsageError(
          `${origin}: seed must be an integer (got ${JSON.stringify(values.seed)})`,
        );
      }
      if (inputs.seed === undefined) seed = parsed;
      delete values.seed;
    }
  }
  // Validate the file on its own first, so that its errors name the file.
  if (fileValues) parseHyperparameters(fileValues, hyperparametersFile);
  const hyperparameters = parseHyperparameters({ ...(fileValues ?? {}), ...flagValues }, "--hp");
  const targetRecall = inputs.targetRecall;
  if (targetRecall !== undefined) {
    if (!(targetRecall > 0 && targetRecall <= 1)) {
      throw new UsageError(`train: --target-recall must be in (0, 1] (got ${targetRecall})`);
    }
    if (hyperparameters.threshold_folds < 2) {
      throw new UsageError(
        "train: --target-recall chooses the threshold on out-of-fold scores, which needs " +
          `threshold_folds >= 2 (got ${hyperparameters.threshold_folds})`,
      );
    }
  }
  return {
    trainFiles: await _channelFiles(train, "train"),
    validationFiles: validation ? await _channelFiles(validation, "test") : [],
    modelDir,
    hyperparameters,
    ...(fileValues ? { hyperparametersFile } : {}),
    seed: seed ?? 42,
    ...(targetRecall !== undefined ? { targetRecall } : {}),
  };
}

/** Options for {@link trainModel}. */
export interface TrainModelOptions {
  /** Evaluate a snapshot on the validation data every this many solver passes (0 = final model only). */
  checkpointEvery?: number;
  /** Receives each `f1: <value>` line (validation only); the last one is the final model's. */
  onMetricLine?: (line: string) => void;
  /** Progress of reading (`read`) and of fitting (`features`, `folds`, `fit`). */
  onProgress?: (stage: string, fraction: number) => void;
  /** Notes on how the data files were read (e.g. a re-encoded file); one line each, no data. */
  onNote?: (note: string) => void;
}

/** What {@link trainModel} did (counts and metrics only: no sentence text). */
export interface TrainModelResult {
  /** The fitted model (already saved to `setup.modelDir`). */
  model: TextClassifier;
  /** Training rows. */
  trainRows: number;
  /** Training rows labelled `Adverse_Event`. */
  trainPositive: number;
  /** Validation rows (0 without validation data). */
  validationRows: number;
  /** The final model's validation metrics, when there is validation data. */
  validation?: Metrics;
  /** Validation F1 of each checkpoint, then of the final model. */
  f1History: number[];
}

/**
 * Trains the local classifier as `setup` says, evaluates checkpoints and the final model on the validation
 * data (one `f1:` line each, the final model's last), saves the model with its training-data hash and
 * validation metrics and writes its `MODEL_CARD.md` (`recordTrainModel` of `record` records it as a
 * `train` run).
 * @param setup from {@link resolveTrainingSetup}
 * @param options checkpoints, callbacks
 * @returns the model, counts and validation metrics
 * @throws {DataError} bad training or validation data
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const modelDir = await Deno.makeTempDir();
 * const setup = await resolveTrainingSetup({
 *   train: "tests/fixtures/data/ae_mentions.jsonl",
 *   validation: "tests/fixtures/data/user_rows.jsonl",
 *   modelDir,
 *   hyperparameters: ["min_df=1", "threshold_folds=0"],
 * });
 * const lines: string[] = [];
 * await trainModel(setup, { onMetricLine: (line) => lines.push(line) });
 * assert.match(lines.at(-1)!, /^f1: [0-9.]+/);
 * await Deno.remove(modelDir, { recursive: true });
 * ```
 */
export async function trainModel(
  setup: TrainingSetup,
  options: TrainModelOptions = {},
): Promise<TrainModelResult> {
  const files = [...setup.trainFiles, ...setup.validationFiles];
  const train = await _readColumns(
    setup.trainFiles,
    (done, fraction) => options.onProgress?.("read", (done + fraction) / files.length),
    options.onNote,
  );
  if (train.texts.length === 0) {
    throw new DataError({ file: setup.trainFiles.join(", ") }, "no training rows");
  }
  const validation = await _readColumns(
    setup.validationFiles,
    (done, fraction) =>
      options.onProgress?.("read", (setup.trainFiles.length + done + fraction) / files.length),
    options.onNote,
  );
  const validationTexts = validation.texts;
  const validationGold = validation.labels;
  const f1History: number[] = [];
  const evaluate = (model: TextClassifier): Metrics => {
    const metrics = computeMetrics(
      validationGold,
      _scoreInBatches(model, validationTexts),
      model.threshold,
    );
    f1History.push(metrics.f1);
    options.onMetricLine?.(formatF1Line(metrics.f1));
    return metrics;
  };
  const checkpointEvery = options.checkpointEvery ?? 0;
  const model = TextClassifier.fit(
    train.texts,
    train.labels,
    setup.hyperparameters,
    {
      seed: setup.seed,
      groups: train.groups,
      mentions: train.mentions,
      onProgress: options.onProgress,
      ...(setup.targetRecall !== undefined
        ? { chooseThreshold: _recallThresholdRule(setup.targetRecall) }
        : {}),
      ...(validationTexts.length > 0 && checkpointEvery > 0
        ? {
          checkpointEvery,
          onCheckpoint: (_epoch: number, snapshot: TextClassifier) => evaluate(snapshot),
        }
        : {}),
    },
  );
  const validationMetrics = validationTexts.length > 0 ? evaluate(model) : undefined;
  // The model holds its shift reference; the card goes into the staged folder, so it appears whole.
  await saveModelFolder(model, setup.modelDir, {
    trainingDataSha256: await _filesHash(setup.trainFiles),
    ...(validationMetrics ? { metrics: { validation: validationMetrics } } : {}),
    seed: setup.seed,
  }, { dataFile: setup.trainFiles[0] });
  return {
    model,
    trainRows: train.texts.length,
    trainPositive: train.labels.filter((label) => label === "Adverse_Event").length,
    validationRows: validationTexts.length,
    ...(validationMetrics ? { validation: validationMetrics } : {}),
    f1History,
  };
}

/** The columns fitting needs, read streaming: whole rows (extra fields) are not kept, mention texts are. */
interface _TrainingColumns {
  texts: string[];
  labels: Label[];
  groups: Array<string | undefined>;
  mentions: Array<{ effects: string[]; drugs: string[] }>;
}

async function _readColumns(
  files: readonly string[],
  onProgress: (filesDone: number, fraction: number) => void,
  onNote?: (note: string) => void,
): Promise<_TrainingColumns> {
  const columns: _TrainingColumns = { texts: [], labels: [], groups: [], mentions: [] };
  for (let index = 0; index < files.length; index++) {
    const rows = streamLabelledRows(files[index]);
    for await (const row of rows) {
      columns.texts.push(row.text);
      columns.labels.push(row.label);
      columns.groups.push(row.pmid);
      columns.mentions.push(_mentionsOf(row));
      if (columns.texts.length % 65536 === 0) onProgress(index, rows.progress);
    }
    for (const note of rows.notes) onNote?.(note);
    onProgress(index + 1, 0);
  }
  return columns;
}

async function _filesHash(files: readonly string[]): Promise<string> {
  if (files.length === 1) return await sha256File(files[0]);
  const hashes = await Promise.all(files.map((file) => sha256File(file)));
  return await sha256Hex(hashes.join("\n"));
}

/** A channel is a file, or a folder: `<preferred>.jsonl` if present, else every `.jsonl`/`.csv` in it. */
async function _channelFiles(path: string, preferred: string): Promise<string[]> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new DataError({ file: path }, "not found");
    throw error;
  }
  if (!info.isDirectory) return [path];
  const dir = path.replace(/\/+$/, "");
  if (await exists(`${dir}/${preferred}.jsonl`)) return [`${dir}/${preferred}.jsonl`];
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /\.(jsonl|csv|tsv)(\.gz)?$/i.test(entry.name)) {
      files.push(`${dir}/${entry.name}`);
    }
  }
  if (files.length === 0) {
    throw new DataError({ file: dir }, "channel folder holds no .jsonl or .csv files");
  }
  return files.sort();
}

/** Reads SageMaker's `hyperparameters.json`: an object of strings (JSON-encoded), numbers or booleans. */
async function _readHyperparametersFile(
  path: string,
): Promise<Record<string, string | number | boolean>> {
  let value: unknown;
  try {
    value = JSON.parse(await readTextStrict(path));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError({ file: path }, `not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new DataError({ file: path }, "expected a JSON object of hyperparameters");
  }
  const values: Record<string, string | number | boolean> = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== "string" && typeof entry !== "number" && typeof entry !== "boolean") {
      throw new DataError({ file: path, field: name }, "expected a string, number or boolean");
    }
    values[name] = entry;
  }
  return values;
}

/** Parses `name=value` pairs. */
function _parseAssignments(assignments: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf("=");
    if (equals <= 0) {
      throw new UsageError(`train: --hp expects name=value (got ${JSON.stringify(assignment)})`);
    }
    values[assignment.slice(0, equals).trim()] = assignment.slice(equals + 1).trim();
  }
  return values;
}

/** Decodes a JSON-encoded string value (`"\"42\""` → `42`), leaving other values as they are. */
function _decodeJsonString(value: string | number | boolean): string | number | boolean {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2) {
    try {
      const decoded = JSON.parse(trimmed);
      if (typeof decoded === "string") return decoded;
    } catch {
      // keep as is
    }
  }
  return trimmed;
}
