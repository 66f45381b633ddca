/**
 * Character classes matching scikit-learn's text analysers: a word character is Python's `\w` (letters,
 * numbers, underscore), whitespace is Python's `str.split()` whitespace.
 */

let wordCharTable: Uint8Array | undefined;

/** 1 for UTF-16 code units that are word characters (BMP only; surrogates are handled by the caller). */
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

/** True when the surrogate pair at `text[index]`, `text[index+1]` is a word character (letter or number). */
export function isAstralWordCharacter(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  if (high < 0xd800 || high > 0xdbff || low < 0xdc00 || low > 0xdfff) return false;
  return astralPattern.test(text.slice(index, index + 2));
}

/** True for the whitespace Python's `str.split()` splits on. */
export function isWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13) || (code >= 28 && code <= 31);
  if (code < 0x85) return false;
  return code === 0x85 || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000;
}
