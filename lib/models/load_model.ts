/** Reads a model folder written by `saveModel`, checking its format, version, sizes and checksums. */
import { AdeError } from "../core/errors.ts";
import { sha256Hex } from "../core/fs.ts";
import { parseHyperparameters } from "./hyperparameters.ts";
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFileEntry,
  type ModelMetadata,
} from "./save_model.ts";
import { TextClassifier } from "./text_classifier.ts";
import { TfidfVectorizer, type Vocabulary } from "./tfidf_vectorizer.ts";

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
 * @example const { hyperparameters, metrics } = await readModelMetadata("runs/models/baseline");
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
  if (value.version !== MODEL_FORMAT_VERSION) {
    throw new AdeError(
      `${path}: model format version ${
        JSON.stringify(value.version)
      }, but this toolkit reads version ${MODEL_FORMAT_VERSION}; re-train or use a matching toolkit`,
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
  name: keyof ModelMetadata["files"],
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

function _float64s(bytes: Uint8Array, path: string, expected: number): Float64Array {
  if (bytes.length !== expected * 8) {
    throw new AdeError(`${path}: expected ${expected} float64 values, found ${bytes.length / 8}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(expected);
  for (let i = 0; i < expected; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}

/**
 * Loads a classifier saved by `saveModel`. Predictions equal those of the model that was saved.
 * @param dir the model folder
 * @returns the classifier
 * @throws {AdeError} naming the file: missing or corrupt files, a foreign format, a version mismatch
 * @example const model = await loadModel("runs/models/baseline");
 */
export async function loadModel(dir: string): Promise<TextClassifier> {
  const base = dir.replace(/\/+$/, "");
  const metadata = await readModelMetadata(base);
  const hyperparameters = parseHyperparameters(
    { ...metadata.hyperparameters } as Record<string, string | number>,
    `${base}/model.json`,
  );
  const vocabularyBytes = await _readChecked(
    base,
    "vocabulary.json",
    metadata.files["vocabulary.json"],
  );
  let vocabulary: Vocabulary;
  try {
    vocabulary = JSON.parse(new TextDecoder().decode(vocabularyBytes));
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
  const featureCount = vocabulary.word.length + vocabulary.char.length;
  const weights = _float64s(
    await _readChecked(base, "weights.bin", metadata.files["weights.bin"]),
    `${base}/weights.bin`,
    featureCount,
  );
  const idf = _float64s(
    await _readChecked(base, "idf.bin", metadata.files["idf.bin"]),
    `${base}/idf.bin`,
    featureCount,
  );
  let vectorizer: TfidfVectorizer;
  try {
    vectorizer = TfidfVectorizer.fromVocabulary(
      {
        wordNgramMax: hyperparameters.word_ngram_max,
        charNgramMin: hyperparameters.char_ngram_min,
        charNgramMax: hyperparameters.char_ngram_max,
        minDf: hyperparameters.min_df,
      },
      vocabulary,
      idf,
    );
  } catch (error) {
    throw new AdeError(`${base}/vocabulary.json: ${(error as Error).message}`);
  }
  return new TextClassifier({
    hyperparameters,
    vectorizer,
    weights,
    intercept: metadata.intercept,
    calibration: metadata.calibration,
    threshold: metadata.threshold,
    summary: metadata.training,
  });
}
