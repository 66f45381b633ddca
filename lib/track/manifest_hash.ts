/** The dataset manifest hash that runs store, so every result can be traced to the exact split. */
import { dirname } from "node:path";
import { exists, sha256File } from "../core/mod.ts";

/**
 * SHA-256 (hex) of a dataset manifest file (`prepare`'s `manifest.json`): the value runs store as
 * `manifestHash`. The manifest itself holds the SHA-256 of `train.jsonl` and `test.jsonl`, so this one
 * hash pins the data.
 * @param manifestPath path of `manifest.json`
 * @returns lower-case hex digest
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(await manifestHashOf("tests/fixtures/models/tiny/model.json"), /^[0-9a-f]{64}$/);
 * ```
 */
export function manifestHashOf(manifestPath: string): Promise<string> {
  return sha256File(manifestPath);
}

/**
 * The manifest hash of the `manifest.json` that `ade prepare` wrote next to a split file, or undefined
 * when there is none (the file was not made by `prepare`): what a run over that file stores.
 * @param dataPath a split file, e.g. `runs/data/train.jsonl`
 * @returns lower-case hex digest, or undefined
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/test.jsonl`, "");
 * assert.equal(await manifestHashNextTo(`${dir}/test.jsonl`), undefined); // not made by prepare
 * await Deno.writeTextFile(`${dir}/manifest.json`, "{}");
 * assert.equal(await manifestHashNextTo(`${dir}/test.jsonl`), await manifestHashOf(`${dir}/manifest.json`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function manifestHashNextTo(dataPath: string): Promise<string | undefined> {
  const manifest = `${dirname(dataPath)}/manifest.json`;
  return (await exists(manifest)) ? await sha256File(manifest) : undefined;
}
