/** FNV-1a, 32 bits, over a string's UTF-16 code units: the fast non-cryptographic hash of the stages. */

/** FNV-1a's 32-bit offset basis. */
export const FNV1A32_BASIS = 0x811c9dc5;

/**
 * FNV-1a over the UTF-16 code units of `text` (not its UTF-8 bytes), 32 bits. Not for security: for
 * hash tables, shingles and feature hashing, usually followed by {@link fmix32} to spread near-equal inputs.
 * @param text the string
 * @param basis offset basis (default {@link FNV1A32_BASIS}; another basis gives an independent second hash)
 * @returns the hash, unsigned 32-bit
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(fnv1a32(""), 0x811c9dc5);
 * assert.equal(fnv1a32("a"), 0xe40c292c); // the published FNV-1a test vector
 * assert.notEqual(fnv1a32("a", 0x9747b28c), fnv1a32("a"));
 * ```
 */
export function fnv1a32(text: string, basis: number = FNV1A32_BASIS): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
