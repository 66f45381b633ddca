/** Writes a subset of the real corpus (whole abstracts, raw format) into a temporary folder for fast tests. */
import { defaultCorpusSource } from "../../lib/data/mod.ts";

/**
 * Copies the lines of the first `abstracts` PubMed ids (in sorted order) of both raw files.
 * @returns the folder
 */
export async function writeSubsetCorpus(dir: string, abstracts: number): Promise<string> {
  const source = defaultCorpusSource();
  const positives = (await Deno.readTextFile(`${source}/DRUG-AE.rel`)).split("\n").filter((l) =>
    l !== ""
  );
  const negatives = (await Deno.readTextFile(`${source}/ADE-NEG.txt`)).split("\n").filter((l) =>
    l !== ""
  );
  const ids = [...new Set(positives.map((line) => line.split("|")[0]))].sort().slice(0, abstracts);
  const keep = new Set(ids);
  const corpus = `${dir}/corpus`;
  await Deno.mkdir(corpus, { recursive: true });
  await Deno.writeTextFile(
    `${corpus}/DRUG-AE.rel`,
    positives.filter((l) => keep.has(l.split("|")[0])).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    `${corpus}/ADE-NEG.txt`,
    negatives.filter((l) => keep.has(l.split(" ")[0])).join("\n") + "\n",
  );
  return corpus;
}
