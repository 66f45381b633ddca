/** Writes a fitted classifier as a versioned model folder that holds numbers only. */
import { AdeError, sha256Hex, writeFilesAtomic } from "../core/mod.ts";
import { FEATURE_HASH_SCHEME } from "./_feature_hash.ts";
import { HashingVectorizer } from "./_hashing_vectorizer.ts";
import type { ModelHyperparameters } from "./hyperparameters.ts";
import type { PlattParameters } from "./platt_scaling.ts";
import type { TextClassifier, TrainingSummary } from "./text_classifier.ts";
import { encodeShiftReference, SHIFT_JSON, SHIFT_TOKENS } from "../shift/mod.ts";
import { _encodeEvidence } from "./_lexicon_evidence.ts";

/** The optional parts' files: shift statistics and corpus evidence (numbers and hashes only). */
const OPTIONAL_FILES = [SHIFT_JSON, SHIFT_TOKENS, "evidence.json", "lexicon.bin"] as const;

/** `format` of every model.json this toolkit writes. */
export const MODEL_FORMAT = "ade-text-classifier";
/** Version this toolkit writes: 2 = hashed features (1 = a stored vocabulary, read for prediction only). */
export const MODEL_FORMAT_VERSION = 2;

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
  /** {@link MODEL_FORMAT_VERSION} for models this version writes; 1 for old-format folders. */
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
  /**
   * Feature counts (word block first, then character block) and the hashing scheme (`hash`, absent in
   * version 1).
   */
  features: { word: number; char: number; hash?: string };
  /** What fitting found. */
  training: TrainingSummary;
  /** Metrics recorded with the model (e.g. validation F1). */
  metrics: Record<string, unknown>;
  /**
   * The other files. Version 2: `buckets.bin` (the hash bucket of each feature, uint32 little-endian, word
   * features then character features, each block ascending), `weights.bin` and `idf.bin` (one float64
   * little-endian value per feature). Version 1: `vocabulary.json` instead of `buckets.bin`.
   */
  files: Record<string, ModelFileEntry>;
}

function _float64LittleEndian(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

function _uint32LittleEndian(blocks: readonly Int32Array[]): Uint8Array {
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const block of blocks) {
    for (const value of block) view.setUint32(4 * at++, value, true);
  }
  return bytes;
}

/**
 * Saves a classifier to `dir` (created if needed): `model.json`, `buckets.bin`, `weights.bin`, `idf.bin`, and
 * when the model has them `shift.json` + `shift_tokens.bin` (training-data statistics for the shift warning)
 * and `evidence.json` + `lexicon.bin` (corpus evidence: hashed phrase sets and their weights).
 * All files appear together or not at all (a `vocabulary.json` left by an old-format model in `dir` is then
 * removed). Nothing written is text of the training data: features are hash buckets in ascending order.
 * @param model the fitted classifier
 * @param dir destination folder
 * @param metadata training-data hash, seed, and optional metrics to record
 * @throws {AdeError} a model loaded from an old-format folder (retrain it instead)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadModel } from "./load_model.ts";
 * const model = await loadModel("tests/fixtures/models/tiny");
 * const dir = `${await Deno.makeTempDir()}/model`;
 * await saveModel(model, dir, { trainingDataSha256: "0".repeat(64), seed: 42 });
 * assert.deepEqual((await loadModel(dir)).scores(["Rash."]), model.scores(["Rash."]));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveModel(
  model: TextClassifier,
  dir: string,
  metadata: { trainingDataSha256: string; metrics?: Record<string, unknown>; seed: number },
): Promise<void> {
  const vectorizer = model.vectorizer;
  if (!(vectorizer instanceof HashingVectorizer)) {
    throw new AdeError(
      `cannot save to ${dir}: this model was loaded from an old-format folder (a stored vocabulary); ` +
        "retrain it with `deno task ade train` to get a model without text",
    );
  }
  const bucketBytes = _uint32LittleEndian([vectorizer.wordBuckets, vectorizer.charBuckets]);
  const weightBytes = _float64LittleEndian(model.weights);
  const idfBytes = _float64LittleEndian(vectorizer.idf);
  const entry = async (bytes: Uint8Array): Promise<ModelFileEntry> => ({
    bytes: bytes.length,
    sha256: await sha256Hex(bytes),
  });
  const optional: Array<{ name: string; data: Uint8Array }> = [];
  const encoder = new TextEncoder();
  if (model.shiftReference) {
    const { json, tokens } = await encodeShiftReference(model.shiftReference);
    optional.push({ name: SHIFT_TOKENS, data: tokens }, {
      name: SHIFT_JSON,
      data: encoder.encode(json),
    });
  }
  if (model.evidence) {
    const { json, lexicon } = _encodeEvidence(model.evidence);
    optional.push({ name: "lexicon.bin", data: lexicon }, {
      name: "evidence.json",
      data: encoder.encode(json),
    });
  }
  const optionalEntries: Record<string, ModelFileEntry> = {};
  for (const file of optional) optionalEntries[file.name] = await entry(file.data);
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
    features: {
      word: vectorizer.wordFeatureCount,
      char: vectorizer.featureCount - vectorizer.wordFeatureCount,
      hash: FEATURE_HASH_SCHEME,
    },
    training: { ...model.summary },
    metrics: metadata.metrics ?? {},
    files: {
      "buckets.bin": await entry(bucketBytes),
      "weights.bin": await entry(weightBytes),
      "idf.bin": await entry(idfBytes),
      ...optionalEntries,
    },
  };
  const base = dir.replace(/\/+$/, "");
  await writeFilesAtomic([
    { path: `${base}/buckets.bin`, data: bucketBytes },
    { path: `${base}/weights.bin`, data: weightBytes },
    { path: `${base}/idf.bin`, data: idfBytes },
    ...optional.map((file) => ({ path: `${base}/${file.name}`, data: file.data })),
    { path: `${base}/model.json`, data: JSON.stringify(description, null, 2) + "\n" },
  ]);
  // Files of an earlier model in this folder that this one does not have must not be read as its own.
  for (const name of OPTIONAL_FILES) {
    if (optionalEntries[name]) continue;
    await Deno.remove(`${base}/${name}`).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }
  // Saving over an old-format folder: its vocabulary (training text) must not stay behind.
  await Deno.remove(`${base}/vocabulary.json`).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}
