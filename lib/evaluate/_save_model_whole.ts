/** Private: saves a model so that its folder appears whole (staged next to it, then put in its place). */
import { commitFolder, stageFolder } from "../core/mod.ts";
import { saveModel, type TextClassifier } from "../models/mod.ts";

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
 * Saves `model` into `dir`: written into a staging folder beside it first, which then takes the place of
 * `dir` (replacing an earlier model whole). A process killed at any point leaves the old model or the
 * new one, never a mix.
 * @param model the fitted classifier
 * @param dir the model folder
 * @param metadata what `saveModel` records
 * @param addFiles writes further files of the folder (e.g. `MODEL_CARD.md`) into the staged folder
 *   before it is put in place
 */
export async function _saveModelWhole(
  model: TextClassifier,
  dir: string,
  metadata: Parameters<typeof saveModel>[2],
  addFiles?: (stagedDir: string) => Promise<void>,
): Promise<void> {
  const target = dir.replace(/\/+$/, "") || "/";
  const staged = await stageFolder(target);
  try {
    await saveModel(model, staged, metadata);
    await addFiles?.(staged);
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
