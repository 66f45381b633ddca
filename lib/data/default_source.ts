/** Where the ADE Corpus V2 files are found when no `--source` is given. */

/**
 * The default corpus folder: `$ADE_CORPUS_DIR` when set, else `<repo root>/../shared/data/ade_corpus_v2`.
 * @returns a folder path holding `ADE-NEG.txt` and `DRUG-AE.rel`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const source = defaultCorpusSource();
 * assert.ok(source === Deno.env.get("ADE_CORPUS_DIR") || source.endsWith("/shared/data/ade_corpus_v2"));
 * ```
 */
export function defaultCorpusSource(): string {
  let fromEnv: string | undefined;
  try {
    fromEnv = Deno.env.get("ADE_CORPUS_DIR");
  } catch {
    fromEnv = undefined; // no env permission: use the default
  }
  if (fromEnv) return fromEnv;
  const repoRoot = new URL("../../", import.meta.url);
  return decodeURIComponent(new URL("../shared/data/ade_corpus_v2", repoRoot).pathname);
}
