/**
 * Character classes matching scikit-learn's text analysers: a word character is Python's `\w` (letters,
 * numbers, underscore), whitespace is Python's `str.split()` whitespace; and lower-casing of UTF-16 code units
 * through a table (the same result as `String.prototype.toLowerCase`, without a new string per text).
 */

let wordCharTable: Uint8Array | undefined;

/** 1 for UTF-16 code units that are word characters (BMP only; surrogate pairs: {@link isAstralWordPair}). */
export function wordCharacterTable(): Uint8Array {
  if (wordCharTable) return wordCharTable;
  const table = new Uint8Array(65536);
  const pattern = /[\p{L}\p{N}_]/u;
  for (let code = 0; code < 65536; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (code < 128) {
      table[code] = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) ||
          (code >= 97 && code <= 122) || code === 95
        ? 1
        : 0;
    } else if (pattern.test(String.fromCharCode(code))) {
      table[code] = 1;
    }
  }
  wordCharTable = table;
  return table;
}

const astralPattern = /^[\p{L}\p{N}]$/u;
const astralCache = new Map<number, boolean>();

/** True when `high`, `low` form a surrogate pair whose character is a letter or number. */
export function isAstralWordPair(high: number, low: number): boolean {
  if (high < 0xd800 || high > 0xdbff || low < 0xdc00 || low > 0xdfff) return false;
  const codePoint = ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  let word = astralCache.get(codePoint);
  if (word === undefined) {
    word = astralPattern.test(String.fromCodePoint(codePoint));
    astralCache.set(codePoint, word);
  }
  return word;
}

/** True for the whitespace Python's `str.split()` splits on. */
export function isWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13) || (code >= 28 && code <= 31);
  if (code < 0x85) return false;
  return code === 0x85 || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Entry of {@link lowerCaseTable} for code units the table cannot lower-case on their own. */
export const NEEDS_STRING_LOWER_CASE = 0xd800;

let lowerTable: Uint16Array | undefined;

/**
 * Lower case of each UTF-16 code unit, or {@link NEEDS_STRING_LOWER_CASE} where `toLowerCase` of the whole
 * text is needed: surrogates, characters whose lower case is longer than one unit (U+0130), and capital
 * sigma (its lower case depends on the next letter).
 */
export function lowerCaseTable(): Uint16Array {
  if (lowerTable) return lowerTable;
  const table = new Uint16Array(65536);
  for (let code = 0; code < 65536; code++) {
    if ((code >= 0xd800 && code <= 0xdfff) || code === 0x3a3) {
      table[code] = NEEDS_STRING_LOWER_CASE;
      continue;
    }
    const lower = String.fromCharCode(code).toLowerCase();
    const unit = lower.charCodeAt(0);
    table[code] = lower.length === 1 && (unit < 0xd800 || unit > 0xdfff)
      ? unit
      : NEEDS_STRING_LOWER_CASE;
  }
  lowerTable = table;
  return table;
}
