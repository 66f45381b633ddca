/** Text normalisation used for de-duplication and overlap checks. */

/**
 * Normalises a sentence for duplicate detection: Unicode NFKC, lower-case, whitespace collapsed to single
 * spaces, trimmed.
 * @example normalizeText("  Fever\u00a0after  DRUG ") === "fever after drug"
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}
