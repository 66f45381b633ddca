/** A model folder saved whole, with its `MODEL_CARD.md`. */
import { basename } from "node:path";
import { commitFolder, stageFolder } from "../core/mod.ts";
import { saveModel, type TextClassifier } from "../models/mod.ts";
import { writeModelCard, type WriteModelCardOptions } from "./_write_model_card.ts";

/** The file names a model folder at `dir` holds now (from its `model.json`), to be replaced whole. */
async function _modelFileNames(dir: string): Promise<Set<string>> {
  const names = new Set<string>(["model.json"]);
  try {
    const metadata = JSON.parse(await Deno.readTextFile(`${dir}/model.json`));
    for (const name of Object.keys(metadata?.files ?? {})) names.add(name);
  } catch {
    // no model there (or not one of ours): only the new model's own files count as its files
  }
  return names;
}

/**
 * Saves a model and its `MODEL_CARD.md` so that the folder appears whole: both are written into a
 * staging folder next to `dir`, which then takes the place of `dir` (an earlier model there is replaced
 * whole; a process killed at any point leaves the old folder or the new one). The card is named after
 * `dir` unless `card.name` says otherwise, and holds no training text.
 * @param model the classifier
 * @param dir the model folder
 * @param metadata what `saveModel` records in `model.json`
 * @param card what the card says beyond `model.json` (name, held-out evaluation, data source, notes)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadModel } from "../models/mod.ts";
 * const model = await loadModel("tests/fixtures/models/tiny");
 * const dir = `${await Deno.makeTempDir()}/lay-model`;
 * await saveModelFolder(model, dir, { trainingDataSha256: "0".repeat(64), seed: 1 }, {
 *   notes: ["threshold re-fitted on 100 labelled forum posts"],
 * });
 * const card = await Deno.readTextFile(`${dir}/MODEL_CARD.md`);
 * assert.match(card, /^# Model card: lay-model\n/);
 * assert.ok(card.includes("- threshold re-fitted on 100 labelled forum posts"));
 * assert.equal((await loadModel(dir)).threshold, model.threshold);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveModelFolder(
  model: TextClassifier,
  dir: string,
  metadata: Parameters<typeof saveModel>[2],
  card: WriteModelCardOptions = {},
): Promise<void> {
  const target = dir.replace(/\/+$/, "") || "/";
  const staged = await stageFolder(target);
  try {
    await saveModel(model, staged, metadata);
    await writeModelCard(staged, { ...card, name: card.name ?? basename(target) });
    const own = await _modelFileNames(target);
    for await (const entry of Deno.readDir(staged)) own.add(entry.name);
    await commitFolder(staged, target, {
      marker: "model.json",
      isOwnFile: (name) => own.has(name),
    });
  } catch (error) {
    await Deno.remove(staged, { recursive: true }).catch(() => {});
    throw error;
  }
}
