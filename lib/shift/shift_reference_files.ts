/** Saving and loading a shift reference as `shift.json` + `shift_tokens.bin` in a model folder. */
import { AdeError, sha256Hex, writeFilesAtomic } from "../core/mod.ts";
import type { ShiftReference } from "./shift_reference.ts";

/** `format` of `shift.json`. */
export const SHIFT_FORMAT = "ade-shift-reference";
/** Name of the statistics file in a model folder. */
export const SHIFT_JSON = "shift.json";
/** Name of the token-count file: (hash, rows) pairs as little-endian uint32. */
export const SHIFT_TOKENS = "shift_tokens.bin";

/**
 * The two files of a reference, as bytes: `shift.json` (statistics, with the size and SHA-256 of the
 * token file) and `shift_tokens.bin`.
 * @param reference the reference
 * @returns the file contents
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const reference = (await loadShiftReference("tests/fixtures/models/tiny"))!;
 * const { json, tokens } = await encodeShiftReference(reference);
 * assert.ok(json.length > 0 && tokens.length % 8 === 0); // (hash, rows) uint32 pairs
 * ```
 */
export async function encodeShiftReference(
  reference: ShiftReference,
): Promise<{ json: string; tokens: Uint8Array }> {
  const entries = reference.tokenHashes.length;
  const tokens = new Uint8Array(entries * 8);
  const view = new DataView(tokens.buffer);
  for (let i = 0; i < entries; i++) {
    view.setUint32(i * 8, reference.tokenHashes[i], true);
    view.setUint32(i * 8 + 4, reference.tokenDocuments[i], true);
  }
  const description = {
    format: SHIFT_FORMAT,
    version: 1,
    documents: reference.documents,
    min_df: reference.minDf,
    unusual_percentile: reference.unusualPercentile,
    expected_unusual_share: reference.expectedUnusualShare,
    two_sided: reference.twoSided,
    false_alarm_rate: reference.falseAlarmRate,
    minimum_difference: reference.minimumDifference,
    minimum_rows: reference.minimumRows,
    training_positive_rate: reference.trainingPositiveRate,
    calibrated_on: reference.calibratedOn,
    surprisal_percentiles: reference.surprisalPercentiles,
    tokens: { file: SHIFT_TOKENS, entries, bytes: tokens.length, sha256: await sha256Hex(tokens) },
  };
  return { json: JSON.stringify(description, null, 2) + "\n", tokens };
}

/**
 * Writes the reference's two files into `dir` (both appear or neither).
 * @param dir a model folder
 * @param reference the reference
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const reference = (await loadShiftReference("tests/fixtures/models/tiny"))!;
 * const dir = await Deno.makeTempDir();
 * await saveShiftReference(dir, reference);
 * assert.deepEqual(await loadShiftReference(dir), reference);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveShiftReference(dir: string, reference: ShiftReference): Promise<void> {
  const base = dir.replace(/\/+$/, "");
  const { json, tokens } = await encodeShiftReference(reference);
  await writeFilesAtomic([
    { path: `${base}/${SHIFT_TOKENS}`, data: tokens },
    { path: `${base}/${SHIFT_JSON}`, data: json },
  ]);
}

function _number(value: Record<string, unknown>, field: string, path: string): number {
  const found = value[field];
  if (typeof found !== "number" || !Number.isFinite(found)) {
    throw new AdeError(`${path}: field "${field}" must be a number`);
  }
  return found;
}

/**
 * Reads the reference of a model folder.
 * @param dir a model folder
 * @returns the reference, or undefined when the folder has none (a model trained before it existed)
 * @throws {AdeError} naming the file: not JSON, another format, a token file that is missing or corrupt
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const reference = await loadShiftReference("tests/fixtures/models/tiny");
 * assert.equal(reference?.surprisalPercentiles.length, 99);
 * assert.equal(await loadShiftReference("tests/fixtures/models/old-format"), undefined); // none saved
 * ```
 */
export async function loadShiftReference(dir: string): Promise<ShiftReference | undefined> {
  const base = dir.replace(/\/+$/, "");
  const path = `${base}/${SHIFT_JSON}`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new AdeError(`${path}: cannot read (${(error as Error).message})`);
  }
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AdeError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (value?.format !== SHIFT_FORMAT || value.version !== 1) {
    throw new AdeError(`${path}: not a version-1 ${SHIFT_FORMAT} file`);
  }
  const tokensInfo = value.tokens as Record<string, unknown> | undefined;
  const tokensPath = `${base}/${SHIFT_TOKENS}`;
  let tokens: Uint8Array;
  try {
    tokens = await Deno.readFile(tokensPath);
  } catch {
    throw new AdeError(`${tokensPath}: missing (the model folder is incomplete)`);
  }
  if (
    !tokensInfo || tokensInfo.bytes !== tokens.length ||
    tokensInfo.sha256 !== await sha256Hex(tokens)
  ) {
    throw new AdeError(`${tokensPath}: size or SHA-256 does not match ${SHIFT_JSON}; corrupt`);
  }
  const entries = tokens.length / 8;
  const view = new DataView(tokens.buffer, tokens.byteOffset, tokens.byteLength);
  const tokenHashes = new Uint32Array(entries);
  const tokenDocuments = new Uint32Array(entries);
  for (let i = 0; i < entries; i++) {
    tokenHashes[i] = view.getUint32(i * 8, true);
    tokenDocuments[i] = view.getUint32(i * 8 + 4, true);
  }
  const percentiles = value.surprisal_percentiles;
  if (
    !Array.isArray(percentiles) || percentiles.length !== 99 ||
    percentiles.some((p) => typeof p !== "number")
  ) {
    throw new AdeError(`${path}: field "surprisal_percentiles" must hold 99 numbers`);
  }
  const unusualPercentile = _number(value, "unusual_percentile", path);
  if (!Number.isInteger(unusualPercentile) || unusualPercentile < 1 || unusualPercentile > 99) {
    throw new AdeError(`${path}: field "unusual_percentile" must be an integer 1–99`);
  }
  return {
    documents: _number(value, "documents", path),
    minDf: _number(value, "min_df", path),
    tokenHashes,
    tokenDocuments,
    surprisalPercentiles: percentiles as number[],
    unusualPercentile,
    expectedUnusualShare: _number(value, "expected_unusual_share", path),
    twoSided: value.two_sided === true,
    falseAlarmRate: _number(value, "false_alarm_rate", path),
    minimumDifference: _number(value, "minimum_difference", path),
    minimumRows: _number(value, "minimum_rows", path),
    trainingPositiveRate: _number(value, "training_positive_rate", path),
    calibratedOn: typeof value.calibrated_on === "string" ? value.calibrated_on : "",
  };
}
