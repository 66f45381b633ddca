/** The dataset manifest hash that runs store, so every result can be traced to the exact split. */
import { sha256File } from "../core/mod.ts";

/**
 * SHA-256 (hex) of a dataset manifest file (`prepare`'s `manifest.json`): the value runs store as
 * `manifestHash`. The manifest itself holds the SHA-256 of `train.jsonl` and `test.jsonl`, so this one
 * hash pins the data.
 * @param manifestPath path of `manifest.json`
 * @returns lower-case hex digest
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @example const manifestHash = await manifestHashOf("runs/data/manifest.json");
 */
export function manifestHashOf(manifestPath: string): Promise<string> {
  return sha256File(manifestPath);
}
