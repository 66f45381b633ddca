/**
 * The n-grams of one text as strings, exactly those the vectorizers count: word 1..n-grams over
 * scikit-learn's tokens (runs of ≥ 2 word characters, lower-cased, joined by one space) and `char_wb`
 * n-grams (inside space-padded whitespace-separated words). Used where strings are wanted at that moment —
 * explanations, and old-format models whose vocabulary is a list of strings — never to store them.
 */
import { isAstralWordPair, isWhitespace, wordCharacterTable } from "./_text_scan.ts";

/** Which n-grams to form. */
export interface NgramOptions {
  /** Word n-grams 1..wordNgramMax. */
  wordNgramMax: number;
  /** Shortest `char_wb` n-gram. */
  charNgramMin: number;
  /** Longest `char_wb` n-gram. */
  charNgramMax: number;
}

/**
 * Lower-cased word tokens of a text.
 * @param lower the lower-cased text
 * @returns the tokens in order
 */
export function wordTokens(lower: string): string[] {
  const isWord = wordCharacterTable();
  const tokens: string[] = [];
  const length = lower.length;
  let i = 0;
  while (i < length) {
    const code = lower.charCodeAt(i);
    if (isWord[code] !== 1 && !isAstralWordPair(code, lower.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    const start = i;
    let characters = 0;
    while (i < length) {
      const next = lower.charCodeAt(i);
      if (isWord[next] === 1) i++;
      else if (isAstralWordPair(next, lower.charCodeAt(i + 1))) i += 2;
      else break;
      characters++;
    }
    if (characters >= 2) tokens.push(lower.slice(start, i));
  }
  return tokens;
}

/**
 * Every word and character n-gram occurrence of a text, in scanning order (repeats included).
 * @param text the text as given (lower-cased here)
 * @param options n-gram lengths
 * @returns word n-grams and character n-grams
 */
export function textNgrams(
  text: string,
  options: NgramOptions,
): { word: string[]; char: string[] } {
  const lower = text.toLowerCase();
  const tokens = wordTokens(lower);
  const word: string[] = [];
  for (let start = 0; start < tokens.length; start++) {
    for (let n = 1; n <= options.wordNgramMax && start + n <= tokens.length; n++) {
      word.push(tokens.slice(start, start + n).join(" "));
    }
  }
  const char: string[] = [];
  let i = 0;
  while (i < lower.length) {
    if (isWhitespace(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < lower.length && !isWhitespace(lower.charCodeAt(i))) i++;
    const padded = ` ${lower.slice(start, i)} `;
    // scikit-learn: for each n, all grams shorter than the padded word; the whole padded word once (at the
    // first n ≥ its length), which can be shorter than char_ngram_min.
    for (let from = 0; from < padded.length; from++) {
      const longest = Math.min(options.charNgramMax, padded.length - from);
      for (let n = 1; n <= longest; n++) {
        const emit = n < padded.length ? n >= options.charNgramMin : from === 0;
        if (emit) char.push(padded.slice(from, from + n));
      }
    }
  }
  return { word, char };
}
