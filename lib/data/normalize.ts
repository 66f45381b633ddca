/** Text normalisation used for de-duplication and overlap checks. */

const CACHE_LIMIT = 200_000;
let cache = new Map<string, string>();

/**
 * Normalises a sentence for duplicate detection: Unicode NFKC, lower-case, whitespace collapsed to single
 * spaces, trimmed. Results are memoised (splits normalise the same corpus sentences several times).
 * @param text the sentence
 * @returns the normalised text
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(normalizeText("  Fever\u00a0after  DRUG "), "fever after drug");
 * ```
 */
export function normalizeText(text: string): string {
  let normalized = cache.get(text);
  if (normalized === undefined) {
    normalized = text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
    if (cache.size >= CACHE_LIMIT) cache = new Map();
    cache.set(text, normalized);
  }
  return normalized;
}
