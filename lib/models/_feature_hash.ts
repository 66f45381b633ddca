/**
 * The hash of every feature: MurmurHash3 (x86, 32-bit; Appleby 2011), written so that one block is one
 * UTF-16 code unit (a character n-gram) or one 32-bit token hash (a word n-gram) and the hash can be extended
 * one block at a time (all n-grams that start at one place cost one block step each, plus one finaliser per
 * n-gram). The seeds are fixed: the same text always gives the same buckets, on every machine, so a saved
 * model needs no strings to recognise its n-grams in new text.
 */
import { fmix32 } from "../core/mod.ts";

/** Name of this hashing scheme, recorded in `model.json`; a model made with another scheme is refused. */
export const FEATURE_HASH_SCHEME = "murmur3_x86_32/utf16-v1";

/** Seed of a token's hash (over its code units). */
export const TOKEN_SEED = 0x2545f491;
/** Seed of a word n-gram's hash (over its tokens' hashes). */
export const WORD_SEED = 0x5bd1e995 | 0;
/** Seed of a character n-gram's hash (over its code units). */
export const CHAR_SEED = 0x68b1e0c3 | 0;

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593;

/**
 * MurmurHash3's body step: mixes one 32-bit block into the running hash.
 * @param hash running hash (signed 32-bit)
 * @param block the block (a code unit, or a token's hash)
 * @returns the new running hash (signed 32-bit)
 */
export function mixBlock(hash: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3's finaliser (length, then fmix32).
 * @param hash running hash after the blocks
 * @param length number of blocks
 * @returns the final hash (unsigned 32-bit)
 */
export function finishHash(hash: number, length: number): number {
  return fmix32(hash ^ length);
}

/**
 * Hash of a character n-gram (as the vectorizer forms it: lower-cased, space-padded at word edges).
 * @param gram the n-gram
 * @returns its hash
 */
export function hashCharGram(gram: string): number {
  let h = CHAR_SEED;
  for (let i = 0; i < gram.length; i++) h = mixBlock(h, gram.charCodeAt(i));
  return finishHash(h, gram.length);
}

/**
 * Hash of one lower-cased word token.
 * @param token the token
 * @returns its hash
 */
export function hashToken(token: string): number {
  let h = TOKEN_SEED;
  for (let i = 0; i < token.length; i++) h = mixBlock(h, token.charCodeAt(i));
  return finishHash(h, token.length);
}

/**
 * Hash of a word n-gram from its tokens' hashes (order matters).
 * @param tokenHashes hashes of the n tokens, from {@link hashToken}
 * @returns its hash
 */
export function hashWordGram(tokenHashes: readonly number[]): number {
  let h = WORD_SEED;
  for (const tokenHash of tokenHashes) h = mixBlock(h, tokenHash);
  return finishHash(h, tokenHashes.length);
}
