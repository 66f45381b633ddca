/** The split every benchmark measures on, defined once so that the benches compare like with like. */
import { defaultCorpusSource, prepareDataset } from "../lib/data/mod.ts";

/**
 * Prepares the grouped 80/20 split of ADE Corpus V2 (by PubMed abstract, quietly) into `out`.
 *
 * @param out folder for train.jsonl, test.jsonl and the manifest
 * @param seed split seed (default 42, the seed of every published bench number)
 * @returns what {@link prepareDataset} returns (the two file paths and the split's figures)
 */
export function prepareGroupedSplit(
  out: string,
  seed = 42,
): ReturnType<typeof prepareDataset> {
  return prepareDataset({
    source: defaultCorpusSource(),
    split: "grouped",
    seed,
    testSize: 0.2,
    out,
    quiet: true,
  });
}
