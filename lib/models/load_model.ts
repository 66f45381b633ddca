/**
 * Reads a model folder written by `saveModel`, checking its format, version, sizes and checksums. Old-format
 * folders (version 1, with `vocabulary.json`) still load for prediction, with a warning.
 */
import { AdeError, sha256Hex } from "../core/mod.ts";
import { FEATURE_HASH_SCHEME } from "./_feature_hash.ts";
import { HashingVectorizer } from "./_hashing_vectorizer.ts";
import { _hashingOptionsOf, _ngramOptionsOf } from "./_hashing_options_of.ts";
import type { TfidfFeatures } from "./_tfidf_features.ts";
import { type Vocabulary, VocabularyVectorizer } from "./_vocabulary_vectorizer.ts";
import { type ModelHyperparameters, parseHyperparameters } from "./hyperparameters.ts";
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFileEntry,
  type ModelMetadata,
} from "./save_model.ts";
import { TextClassifier } from "./text_classifier.ts";
import { loadShiftReference, SHIFT_JSON, type ShiftReference } from "../shift/mod.ts";
import { _decodeEvidence, type LexiconEvidence } from "./_lexicon_evidence.ts";

/** Version of the old format (a stored vocabulary of n-gram strings). */
const VOCABULARY_FORMAT_VERSION = 1;

async function _readBytes(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new AdeError(`${path}: file not found (not a complete model folder?)`);
    }
    throw new AdeError(`${path}: cannot read (${(error as Error).message})`);
  }
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Reads and checks `model.json` of a model folder.
 * @param dir the model folder
 * @returns the metadata
 * @throws {AdeError} naming the file: missing, not JSON, another format, another version
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { hyperparameters } = await readModelMetadata("tests/fixtures/models/tiny");
 * assert.equal(hyperparameters.n_features, 4096);
 * ```
 */
export async function readModelMetadata(dir: string): Promise<ModelMetadata> {
  const path = `${dir.replace(/\/+$/, "")}/model.json`;
  const bytes = await _readBytes(path);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new AdeError(
      `${path}: not valid JSON (${(error as Error).message}); the file is corrupt`,
    );
  }
  if (!_isObject(value) || value.format !== MODEL_FORMAT) {
    const found = _isObject(value) && typeof value.format === "string"
      ? `format "${value.format}"`
      : "no format field";
    throw new AdeError(`${path}: not a ${MODEL_FORMAT} model (${found})`);
  }
  if (value.version !== MODEL_FORMAT_VERSION && value.version !== VOCABULARY_FORMAT_VERSION) {
    throw new AdeError(
      `${path}: model format version ${
        JSON.stringify(value.version)
      }, but this toolkit reads versions ${VOCABULARY_FORMAT_VERSION}–${MODEL_FORMAT_VERSION}; ` +
        "re-train or use a matching toolkit",
    );
  }
  for (const field of ["hyperparameters", "calibration", "features", "files"]) {
    if (!_isObject(value[field])) throw new AdeError(`${path}: field "${field}" is missing`);
  }
  for (const field of ["threshold", "intercept", "seed"]) {
    if (typeof value[field] !== "number") {
      throw new AdeError(`${path}: field "${field}" must be a number`);
    }
  }
  return value as unknown as ModelMetadata;
}

async function _readChecked(
  dir: string,
  name: string,
  entry: ModelFileEntry | undefined,
): Promise<Uint8Array> {
  const path = `${dir}/${name}`;
  if (!entry || typeof entry.bytes !== "number" || typeof entry.sha256 !== "string") {
    throw new AdeError(`${dir}/model.json: no size and checksum for ${name}`);
  }
  const bytes = await _readBytes(path);
  if (bytes.length !== entry.bytes) {
    throw new AdeError(
      `${path}: ${bytes.length} bytes, model.json says ${entry.bytes}; the file is corrupt or truncated`,
    );
  }
  if (await sha256Hex(bytes) !== entry.sha256) {
    throw new AdeError(`${path}: SHA-256 does not match model.json; the file is corrupt`);
  }
  return bytes;
}

/** Little-endian float64 or uint32 values of a model file, checked against the expected count. */
function _littleEndian(
  bytes: Uint8Array,
  path: string,
  expected: number,
  kind: "float64" | "uint32",
): Float64Array {
  const width = kind === "float64" ? 8 : 4;
  if (bytes.length !== expected * width) {
    throw new AdeError(
      `${path}: expected ${expected} ${kind} values, found ${bytes.length / width}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    values[i] = kind === "float64"
      ? view.getFloat64(i * width, true)
      : view.getUint32(i * width, true);
  }
  return values;
}

let warnedAboutVocabulary = false;

/** Old format: the vocabulary of n-gram strings (once per process, a warning that the folder holds text). */
async function _readVocabularyFeatures(
  base: string,
  metadata: ModelMetadata,
  hyperparameters: ModelHyperparameters,
  idf: (count: number) => Promise<Float64Array>,
): Promise<TfidfFeatures> {
  const bytes = await _readChecked(base, "vocabulary.json", metadata.files["vocabulary.json"]);
  let vocabulary: Vocabulary;
  try {
    vocabulary = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new AdeError(`${base}/vocabulary.json: not valid JSON (${(error as Error).message})`);
  }
  if (
    !Array.isArray(vocabulary?.word) || !Array.isArray(vocabulary?.char) ||
    vocabulary.word.length !== metadata.features.word ||
    vocabulary.char.length !== metadata.features.char
  ) {
    throw new AdeError(`${base}/vocabulary.json: does not match the feature counts in model.json`);
  }
  if (!warnedAboutVocabulary) {
    warnedAboutVocabulary = true;
    console.error(
      `warning: ${base} is an old-format model (version 1): its vocabulary.json lists n-grams of the ` +
        "training sentences, so the folder contains training text. It still predicts; retrain it " +
        "(deno task ade train --train FILE --model-dir DIR) to get a model that stores only hashed features, " +
        "and delete this folder.",
    );
  }
  try {
    return new VocabularyVectorizer(
      _ngramOptionsOf(hyperparameters),
      vocabulary,
      await idf(vocabulary.word.length + vocabulary.char.length),
    );
  } catch (error) {
    throw new AdeError(`${base}/vocabulary.json: ${(error as Error).message}`);
  }
}

/** Current format: hash buckets of the kept features. */
async function _readHashedFeatures(
  base: string,
  metadata: ModelMetadata,
  hyperparameters: ModelHyperparameters,
  idf: (count: number) => Promise<Float64Array>,
): Promise<TfidfFeatures> {
  if (metadata.features.hash !== FEATURE_HASH_SCHEME) {
    throw new AdeError(
      `${base}/model.json: features hashed with ${
        JSON.stringify(metadata.features.hash)
      }, but this toolkit hashes with "${FEATURE_HASH_SCHEME}"; re-train or use a matching toolkit`,
    );
  }
  const { word, char } = metadata.features;
  if (!Number.isInteger(word) || !Number.isInteger(char) || word < 0 || char < 0) {
    throw new AdeError(`${base}/model.json: feature counts must be integers ≥ 0`);
  }
  const buckets = _littleEndian(
    await _readChecked(base, "buckets.bin", metadata.files["buckets.bin"]),
    `${base}/buckets.bin`,
    word + char,
    "uint32",
  );
  try {
    return new HashingVectorizer(
      _hashingOptionsOf(hyperparameters),
      Int32Array.from(buckets.subarray(0, word)),
      Int32Array.from(buckets.subarray(word)),
      await idf(word + char),
    );
  } catch (error) {
    throw new AdeError(`${base}/buckets.bin: ${(error as Error).message}`);
  }
}

/**
 * Loads a classifier saved by `saveModel`. Predictions equal those of the model that was saved. A folder in
 * the old format (version 1, `vocabulary.json`) loads too, with a warning on stderr (once per process) that
 * it contains training text and how to retrain it.
 * @param dir the model folder
 * @returns the classifier
 * @throws {AdeError} naming the file: missing or corrupt files, a foreign format, a version mismatch
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const model = await loadModel("tests/fixtures/models/tiny");
 * assert.equal(model.predict(["Rash after aspirin."]).length, 1);
 * ```
 */
export async function loadModel(dir: string): Promise<TextClassifier> {
  const base = dir.replace(/\/+$/, "");
  const metadata = await readModelMetadata(base);
  const hyperparameters = parseHyperparameters(
    { ...metadata.hyperparameters } as Record<string, string | number>,
    `${base}/model.json`,
  );
  const readIdf = async (count: number) =>
    _littleEndian(
      await _readChecked(base, "idf.bin", metadata.files["idf.bin"]),
      `${base}/idf.bin`,
      count,
      "float64",
    );
  const vectorizer = metadata.version === VOCABULARY_FORMAT_VERSION
    ? await _readVocabularyFeatures(base, metadata, hyperparameters, readIdf)
    : await _readHashedFeatures(base, metadata, hyperparameters, readIdf);
  const weights = _littleEndian(
    await _readChecked(base, "weights.bin", metadata.files["weights.bin"]),
    `${base}/weights.bin`,
    vectorizer.featureCount,
    "float64",
  );
  let shiftReference: ShiftReference | undefined;
  if (metadata.files[SHIFT_JSON]) {
    await _readChecked(base, SHIFT_JSON, metadata.files[SHIFT_JSON]);
    shiftReference = await loadShiftReference(base);
  }
  let evidence: LexiconEvidence | undefined;
  if (metadata.files["evidence.json"]) {
    evidence = _decodeEvidence(
      new TextDecoder().decode(
        await _readChecked(base, "evidence.json", metadata.files["evidence.json"]),
      ),
      await _readChecked(base, "lexicon.bin", metadata.files["lexicon.bin"]),
      base,
    );
  }
  // Folders written before the evidence features existed have no such hyperparameter: n-grams only.
  if (!("evidence" in metadata.hyperparameters)) hyperparameters.evidence = "none";
  return new TextClassifier({
    hyperparameters,
    vectorizer,
    weights,
    intercept: metadata.intercept,
    calibration: metadata.calibration,
    threshold: metadata.threshold,
    summary: metadata.training,
    ...(shiftReference ? { shiftReference } : {}),
    ...(evidence ? { evidence } : {}),
  });
}
