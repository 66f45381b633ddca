/** Shared helpers for the data tests: fixture paths and broken copies of the fixture corpus. */

/**
 * The small, invented corpus fixture (same format as ADE Corpus V2), laid out with the corpus' file names in
 * a temporary folder. The committed files have other names so that nothing in the repository looks like a
 * copy of the real corpus.
 */
export const FIXTURE_CORPUS: string = (() => {
  const source = new URL("../fixtures/data/corpus", import.meta.url).pathname;
  const dir = Deno.makeTempDirSync({ prefix: "ade-fixture-corpus-" });
  Deno.copyFileSync(`${source}/invented-drug-ae.rel.txt`, `${dir}/DRUG-AE.rel`);
  Deno.copyFileSync(`${source}/invented-neg.txt`, `${dir}/ADE-NEG.txt`);
  globalThis.addEventListener("unload", () => {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // already gone
    }
  });
  return dir;
})();
/** Folder of the other fixtures. */
export const FIXTURE_DIR = new URL("../fixtures/data", import.meta.url).pathname;

/**
 * Copies the fixture corpus into a temporary folder, replacing or adding lines.
 * @param edits per file, a function from the file's lines to new lines (or raw bytes)
 * @returns the folder
 */
export async function brokenCorpus(
  edits: Partial<
    Record<"DRUG-AE.rel" | "ADE-NEG.txt", (lines: string[]) => string[] | Uint8Array | null>
  >,
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "ade-data-" });
  for (const name of ["DRUG-AE.rel", "ADE-NEG.txt"] as const) {
    const lines = (await Deno.readTextFile(`${FIXTURE_CORPUS}/${name}`)).trimEnd().split("\n");
    const edit = edits[name];
    const result = edit ? edit(lines) : lines;
    if (result === null) continue; // file left out
    if (result instanceof Uint8Array) await Deno.writeFile(`${dir}/${name}`, result);
    else await Deno.writeTextFile(`${dir}/${name}`, result.join("\n") + "\n");
  }
  return dir;
}

/** Replaces column `column` (0-based) of `|`-separated line `index` (0-based). */
export function setColumn(lines: string[], index: number, column: number, value: string): string[] {
  const copy = [...lines];
  const fields = copy[index].split("|");
  fields[column] = value;
  copy[index] = fields.join("|");
  return copy;
}
