/** MurmurHash3's 32-bit finaliser. */

/**
 * MurmurHash3's `fmix32`: the final avalanche that makes every input bit affect every output bit, so that
 * hashes of near-equal inputs spread over a table.
 * @param value a 32-bit value (signed or unsigned)
 * @returns the mixed value, unsigned 32-bit
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(fmix32(0), 0);
 * assert.equal(fmix32(1), 0x514e28b7);
 * assert.equal(fmix32(-1), fmix32(0xffffffff));
 * ```
 */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
