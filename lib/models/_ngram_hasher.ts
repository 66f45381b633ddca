/**
 * The hashes of every word and character n-gram occurrence of a text, computed straight from its code units
 * into reused buffers: no string, array or object per text or per n-gram (except for the rare text that
 * `toLowerCase` must handle whole, see `lowerCaseTable`). Gives the same hashes as hashing the strings of
 * `textNgrams` with `hashWordGram`/`hashCharGram` (a test checks this on mixed scripts).
 */
import { CHAR_SEED, finishHash, mixBlock, TOKEN_SEED, WORD_SEED } from "./_feature_hash.ts";
import {
  isAstralWordPair,
  isWhitespace,
  lowerCaseTable,
  NEEDS_STRING_LOWER_CASE,
  wordCharacterTable,
} from "./_text_scan.ts";
import type { NgramOptions } from "./_text_ngrams.ts";

/** Growable Int32 buffer with a length. */
export class IntBuffer {
  /** The storage; entries `0 .. length-1` are in use. */
  data: Int32Array;
  /** Number of entries in use. */
  length = 0;
  /** @param capacity initial capacity */
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }
  /**
   * Makes room for `extra` more values, so that a loop can write `data[length++]` directly.
   * @param extra how many values will be appended
   * @returns the storage (valid until the next `reserve` or `push`)
   */
  reserve(extra: number): Int32Array {
    if (this.length + extra > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.length + extra));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    return this.data;
  }
}

/** Hashes a text's n-grams into {@link NgramHasher.word} and {@link NgramHasher.char}. */
export class NgramHasher {
  /** Hash of each word n-gram occurrence of the last text (signed 32-bit). */
  readonly word = new IntBuffer(256);
  /** Hash of each character n-gram occurrence of the last text (signed 32-bit). */
  readonly char = new IntBuffer(2048);
  private readonly options: NgramOptions;
  private units = new Uint16Array(1024);
  private tokenHashes = new Int32Array(256);
  private padded = new Uint16Array(64);

  /** @param options n-gram lengths */
  constructor(options: NgramOptions) {
    this.options = { ...options };
  }

  /**
   * Fills `word` and `char` with the hashes of `text`'s n-grams, in the order of `textNgrams`.
   * @param text one text
   */
  hash(text: string): void {
    const length = this._lowerCase(text);
    this.word.length = 0;
    this.char.length = 0;
    this._wordGrams(length);
    this._charGrams(length);
  }

  /** Lower-cased code units of `text` into `units`; returns their number. */
  private _lowerCase(text: string): number {
    const table = lowerCaseTable();
    let length = text.length;
    if (this.units.length < length) this.units = new Uint16Array(length * 2);
    let units = this.units;
    for (let i = 0; i < length; i++) {
      const lower = table[text.charCodeAt(i)];
      if (lower === NEEDS_STRING_LOWER_CASE) {
        const whole = text.toLowerCase();
        length = whole.length;
        if (units.length < length) this.units = units = new Uint16Array(length * 2);
        for (let k = 0; k < length; k++) units[k] = whole.charCodeAt(k);
        return length;
      }
      units[i] = lower;
    }
    return length;
  }

  private _wordGrams(length: number): void {
    const units = this.units;
    const isWord = wordCharacterTable();
    if (this.tokenHashes.length < length) this.tokenHashes = new Int32Array(length);
    const tokenHashes = this.tokenHashes;
    let tokenCount = 0;
    let i = 0;
    while (i < length) {
      const code = units[i];
      if (isWord[code] !== 1 && !(i + 1 < length && isAstralWordPair(code, units[i + 1]))) {
        i++;
        continue;
      }
      const start = i;
      let characters = 0;
      let hash = TOKEN_SEED;
      while (i < length) {
        const next = units[i];
        if (isWord[next] === 1) {
          hash = mixBlock(hash, next);
          i++;
        } else if (i + 1 < length && isAstralWordPair(next, units[i + 1])) {
          hash = mixBlock(mixBlock(hash, next), units[i + 1]);
          i += 2;
        } else break;
        characters++;
      }
      if (characters >= 2) tokenHashes[tokenCount++] = finishHash(hash, i - start) | 0;
    }
    const wordNgramMax = this.options.wordNgramMax;
    const out = this.word;
    const data = out.reserve(tokenCount * wordNgramMax);
    let at = out.length;
    for (let start = 0; start < tokenCount; start++) {
      let hash = WORD_SEED;
      const longest = Math.min(wordNgramMax, tokenCount - start);
      for (let n = 1; n <= longest; n++) {
        hash = mixBlock(hash, tokenHashes[start + n - 1]);
        data[at++] = finishHash(hash, n) | 0;
      }
    }
    out.length = at;
  }

  private _charGrams(length: number): void {
    const units = this.units;
    const { charNgramMin, charNgramMax } = this.options;
    const out = this.char;
    let i = 0;
    while (i < length) {
      if (isWhitespace(units[i])) {
        i++;
        continue;
      }
      const start = i;
      while (i < length && !isWhitespace(units[i])) i++;
      const size = i - start + 2;
      if (this.padded.length < size) this.padded = new Uint16Array(size * 2);
      const padded = this.padded;
      padded[0] = 32;
      for (let k = start; k < i; k++) padded[k - start + 1] = units[k];
      padded[size - 1] = 32;
      // At most charNgramMax n-grams start at each of the `size` places.
      const data = out.reserve(size * charNgramMax);
      let at = out.length;
      for (let from = 0; from < size; from++) {
        let hash = CHAR_SEED;
        const longest = Math.min(charNgramMax, size - from);
        for (let n = 1; n <= longest; n++) {
          hash = mixBlock(hash, padded[from + n - 1]);
          if (n < size ? n >= charNgramMin : from === 0) data[at++] = finishHash(hash, n) | 0;
        }
      }
      out.length = at;
    }
  }
}
