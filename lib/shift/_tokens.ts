/** Private: the word tokens the shift statistics count, and their 32-bit hashes (no text is kept). */

const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/**
 * Lower-cased word tokens: runs of at least two word characters (letters, numbers, underscore), the
 * model's own word-token rule.
 */
export function _wordTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** FNV-1a over the token's UTF-16 code units, then a final avalanche: an unsigned 32-bit hash. */
export function _tokenHash(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** The distinct token hashes of one text, in first-occurrence order. */
export function _distinctTokenHashes(text: string): number[] {
  const seen = new Set<number>();
  for (const token of _wordTokens(text)) seen.add(_tokenHash(token));
  return [...seen];
}
