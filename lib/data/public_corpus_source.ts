/** Whether a data source is the public ADE Corpus V2 (whose sentences a report may quote). */
import { exists } from "../core/mod.ts";

/**
 * True when `source` is the public ADE Corpus V2: `hf` (the Hugging Face export) or a folder in the
 * corpus's own layout (`DRUG-AE.rel` and `ADE-NEG.txt`). Anything else — a user's CSV or JSONL file, a
 * folder that is gone — counts as the user's own data, whose sentences reports and logs must not show.
 * @param source the source a manifest records (`hf`, a folder or a file path)
 * @returns whether it is the public corpus
 * @example
 * ```ts
 * console.log(await isPublicCorpusSource("hf")); // true
 * console.log(await isPublicCorpusSource("/data/our_case_notes.csv")); // false
 * ```
 */
export async function isPublicCorpusSource(source: string): Promise<boolean> {
  if (source === "hf") return true;
  const folder = source.replace(/\/+$/, "");
  try {
    if (!(await Deno.stat(folder)).isDirectory) return false;
  } catch {
    return false;
  }
  return (await exists(`${folder}/DRUG-AE.rel`)) && (await exists(`${folder}/ADE-NEG.txt`));
}
