/** Writes a fitted classifier as a versioned model folder. */
import { sha256Hex } from "../core/fs.ts";
import { writeFilesAtomic } from "../core/fs.ts";
import type { ModelHyperparameters } from "./hyperparameters.ts";
import type { PlattParameters } from "./platt_scaling.ts";
import type { TextClassifier, TrainingSummary } from "./text_classifier.ts";

/** `format` of every model.json this toolkit writes. */
export const MODEL_FORMAT = "ade-text-classifier";
/** Current artifact version; `loadModel` refuses any other. */
export const MODEL_FORMAT_VERSION = 1;

/** Size and checksum of one file of the model folder. */
export interface ModelFileEntry {
  /** Byte length. */
  bytes: number;
  /** Lower-case hex SHA-256. */
  sha256: string;
}

/** The contents of `model.json`. */
export interface ModelMetadata {
  /** Always {@link MODEL_FORMAT}. */
  format: string;
  /** Always {@link MODEL_FORMAT_VERSION} for models this version writes. */
  version: number;
  /** ISO time the folder was written. */
  created: string;
  /** Seed the model was fitted with. */
  seed: number;
  /** SHA-256 of the training data file. */
  training_data_sha256: string;
  /** Hyperparameters. */
  hyperparameters: ModelHyperparameters;
  /** Probability threshold for `Adverse_Event`. */
  threshold: number;
  /** Sigmoid from decision value to probability: P = 1 / (1 + exp(a·f + b)). */
  calibration: PlattParameters;
  /** Intercept of the decision function. */
  intercept: number;
  /** Feature counts: word n-grams first, then character n-grams. */
  features: { word: number; char: number };
  /** What fitting found. */
  training: TrainingSummary;
  /** Metrics recorded with the model (e.g. validation F1). */
  metrics: Record<string, unknown>;
  /**
   * The other files: `vocabulary.json` (`{word: string[], char: string[]}` in feature order),
   * `weights.bin` and `idf.bin` (one float64 little-endian value per feature).
   */
  files: Record<"vocabulary.json" | "weights.bin" | "idf.bin", ModelFileEntry>;
}

/**
 * Float64 values as little-endian bytes (the layout of `weights.bin` and `idf.bin`).
 * @param values the numbers
 * @returns 8 bytes per value
 * @example float64LittleEndian(new Float64Array([1, 2])).length === 16;
 */
export function float64LittleEndian(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

/**
 * Saves a classifier to `dir` (created if needed): `model.json`, `vocabulary.json`, `weights.bin`, `idf.bin`.
 * All files appear together or not at all.
 * @param model the fitted classifier
 * @param dir destination folder
 * @param metadata training-data hash, seed, and optional metrics to record
 * @example await saveModel(model, "runs/models/baseline", { trainingDataSha256: hash, seed: 42 });
 */
export async function saveModel(
  model: TextClassifier,
  dir: string,
  metadata: { trainingDataSha256: string; metrics?: Record<string, unknown>; seed: number },
): Promise<void> {
  const vocabulary = model.vectorizer.vocabulary();
  const vocabularyBytes = new TextEncoder().encode(JSON.stringify(vocabulary) + "\n");
  const weightBytes = float64LittleEndian(model.weights);
  const idfBytes = float64LittleEndian(model.vectorizer.idf);
  const entry = async (bytes: Uint8Array): Promise<ModelFileEntry> => ({
    bytes: bytes.length,
    sha256: await sha256Hex(bytes),
  });
  const description: ModelMetadata = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    created: new Date().toISOString(),
    seed: metadata.seed,
    training_data_sha256: metadata.trainingDataSha256,
    hyperparameters: { ...model.hyperparameters },
    threshold: model.threshold,
    calibration: { ...model.calibration },
    intercept: model.intercept,
    features: { word: vocabulary.word.length, char: vocabulary.char.length },
    training: { ...model.summary },
    metrics: metadata.metrics ?? {},
    files: {
      "vocabulary.json": await entry(vocabularyBytes),
      "weights.bin": await entry(weightBytes),
      "idf.bin": await entry(idfBytes),
    },
  };
  const base = dir.replace(/\/+$/, "");
  await writeFilesAtomic([
    { path: `${base}/vocabulary.json`, data: vocabularyBytes },
    { path: `${base}/weights.bin`, data: weightBytes },
    { path: `${base}/idf.bin`, data: idfBytes },
    { path: `${base}/model.json`, data: JSON.stringify(description, null, 2) + "\n" },
  ]);
}
