/** Private: a small stable string hash (FNV-1a, 32 bits) for deterministic orderings. */

/**
 * FNV-1a over the UTF-16 code units of `text`.
 * @param text any string
 * @returns an unsigned 32-bit hash, equal on every platform
 */
export function _stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
