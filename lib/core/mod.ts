/**
 * Shared building blocks used by every pipeline stage: errors that carry their place, atomic file writes,
 * JSONL, hashing, seeded randomness and progress display.
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
  PreflightError,
  type PreflightViolation,
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
export { closestName } from "./closest_name.ts";
