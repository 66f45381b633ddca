/**
 * Private: reads a line that is not UTF-8 as Windows-1252 (the "ANSI" code page that Excel's
 * "CSV (Comma delimited)" and Notepad's "ANSI" write on Western European and US Windows; Latin-1 is its
 * subset for every printable character) when it reads as Western European text.
 */

const decoder = new TextDecoder("windows-1252");

/** Letters of Western European languages in Windows-1252 above ASCII (eth and thorn left out). */
const LETTERS =
  /[\u00c0-\u00cf\u00d1-\u00d6\u00d8-\u00dd\u00df-\u00ef\u00f1-\u00f6\u00f8-\u00fd\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e]/;

/**
 * Symbols that occur in such text: no-break space, typographic quotes and dashes, the euro, pound and
 * degree signs, micro, plus-minus, superscripts, fractions, ©, ®, ™, § and the like.
 */
const SYMBOLS =
  /[\u00a0-\u00a3\u00a5\u00a7-\u00bf\u00d7\u00f7\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

const ASCII_LETTER = /[A-Za-z]/;

function _isLetter(char: string | undefined): boolean {
  return char !== undefined && (ASCII_LETTER.test(char) || LETTERS.test(char));
}

/**
 * Decodes `bytes` as Windows-1252 when every character above ASCII is a symbol of such text, or an
 * accented letter inside a word that also has a plain letter (`Sjögren`, `réaction`; `à` alone is
 * allowed). Stray bytes (a cut UTF-8 sequence, binary data) do not read so and give `undefined`.
 * @param bytes one line, without its break
 * @returns the text, or undefined when the bytes do not look like Windows-1252 text
 */
export function _decodeWindows1252Line(bytes: Uint8Array): string | undefined {
  const text = decoder.decode(bytes);
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const code = char.charCodeAt(0);
    if (code < 0x80) {
      if (code < 0x20 && code !== 0x09) return undefined;
      continue;
    }
    if (SYMBOLS.test(char)) continue;
    if (!LETTERS.test(char)) return undefined;
    let start = index, end = index + 1;
    while (start > 0 && _isLetter(text[start - 1])) start--;
    while (end < text.length && _isLetter(text[end])) end++;
    const word = text.slice(start, end);
    if (!ASCII_LETTER.test(word) && word !== "à" && word !== "À") return undefined;
  }
  return text;
}
