/** Private: the word tokens the shift statistics count, and their 32-bit hashes (no text is kept). */
import { fnv1a32 } from "../core/mod.ts";

/** FNV-1a over the token's UTF-16 code units, then a final avalanche: an unsigned 32-bit hash. */
export function _tokenHash(token: string): number {
  return _avalanche(fnv1a32(token));
}

/**
 * The first half of MurmurHash3's fmix32 (core's `fmix32` is the whole): shift reference files store
 * these hashes, so the mix stays as it is.
 */
function _avalanche(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u;
const _nonAsciiWord = new Map<number, boolean>();

function _isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 128) {
    return (codePoint >= 97 && codePoint <= 122) || (codePoint >= 48 && codePoint <= 57) ||
      codePoint === 95 || (codePoint >= 65 && codePoint <= 90);
  }
  let word = _nonAsciiWord.get(codePoint);
  if (word === undefined) {
    word = WORD_CHARACTER.test(String.fromCodePoint(codePoint));
    if (_nonAsciiWord.size < 65536) _nonAsciiWord.set(codePoint, word);
  }
  return word;
}

/**
 * Calls `visit` with the {@link _tokenHash} of each word token of the text, in order: the tokens are
 * the lower-cased text's runs of at least two word characters (letters, numbers, underscore; counted
 * in code points), the model's own word-token rule (`/[\p{L}\p{N}_]{2,}/gu` on the lower-cased text).
 * One pass, hashing each run as it is read, without building the tokens.
 * @returns the number of tokens
 */
export function _visitTokenHashes(text: string, visit: (hash: number) => void): number {
  const lower = text.toLowerCase();
  let tokens = 0;
  let hash = 0x811c9dc5;
  let codePoints = 0;
  for (let i = 0; i <= lower.length; i++) {
    const codePoint = i < lower.length ? lower.codePointAt(i)! : -1;
    if (codePoint >= 0 && _isWordCodePoint(codePoint)) {
      hash ^= lower.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
      if (codePoint > 0xffff) {
        i++;
        hash ^= lower.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
      }
      codePoints++;
      continue;
    }
    if (codePoints >= 2) {
      visit(_avalanche(hash));
      tokens++;
    }
    hash = 0x811c9dc5;
    codePoints = 0;
  }
  return tokens;
}

/** The distinct token hashes of one text, in first-occurrence order. */
export function _distinctTokenHashes(text: string): number[] {
  const seen = new Set<number>();
  _visitTokenHashes(text, (hash) => seen.add(hash));
  return [...seen];
}
