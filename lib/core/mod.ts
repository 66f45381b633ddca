/**
 * Shared building blocks used by every pipeline stage: errors that carry their place, atomic file writes
 * (files, streamed files, and output folders that appear whole), JSONL, hashing (SHA-256 of files, FNV-1a and MurmurHash3's finaliser for tables), seeded randomness,
 * progress display and the failpoints of the kill tests.
 *
 * @example
 * ```ts
 * import { createRng, readJsonl, writeJsonl } from "./mod.ts";
 * const rng = createRng(42);
 * const path = `${await Deno.makeTempDir()}/example.jsonl`;
 * await writeJsonl(path, [{ value: rng.next() }]);
 * console.log(await readJsonl(path)); // [{ value: 0.… }] — the same on every run
 * await Deno.remove(path);
 * ```
 * @module
 */
export {
  AdeError,
  DataError,
  type DataLocation,
  type DataProblem,
  DataProblemsError,
  PreflightError,
  type PreflightViolation,
  SHOWN_PROBLEMS,
  UsageError,
} from "./errors.ts";
export {
  ensureParentDir,
  exists,
  readJsonl,
  readTextStrict,
  sha256File,
  sha256Hex,
  toJsonl,
  writeFileAtomic,
  writeFilesAtomic,
  writeJsonAtomic,
  writeJsonl,
} from "./fs.ts";
export { createRng, type Rng } from "./random.ts";
export { createProgress, type Progress, type ProgressOptions } from "./progress.ts";
export { processStartIdentity } from "./process_identity.ts";
export {
  type AtomicFileWriter,
  createAtomicFileWriter,
  createFileWriter,
  type FileWriter,
} from "./file_writer.ts";
export { commitFolder, type CommitFolderOptions, stageFolder } from "./staged_folder.ts";
export { failpoint } from "./failpoint.ts";
export { closestName } from "./closest_name.ts";
export { fnv1a32, FNV1A32_BASIS } from "./fnv1a32.ts";
export { fmix32 } from "./fmix32.ts";
