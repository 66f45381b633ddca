/**
 * Shared building blocks used by every pipeline stage: errors that carry their place, atomic file writes,
 * JSONL, hashing, seeded randomness and progress display.
 *
 * @example
 * ```ts
 * import { createRng, writeJsonl } from "./mod.ts";
 * const rng = createRng(42);
 * await writeJsonl("runs/example.jsonl", [{ value: rng.next() }]);
 * ```
 * @module
 */
export * from "./errors.ts";
export * from "./fs.ts";
export * from "./random.ts";
export * from "./progress.ts";
export { processStartIdentity } from "./process_identity.ts";
export { closestName } from "./closest_name.ts";
