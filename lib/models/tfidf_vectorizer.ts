/** Word + character (`char_wb`) n-gram TF-IDF features, built without per-n-gram strings. */
import { AdeError } from "../core/errors.ts";
import { HASH_SEED, IntSequenceTable, mixHash } from "./_int_sequence_table.ts";
import { isAstralWordCharacter, isWhitespace, wordCharacterTable } from "./_text_scan.ts";
import type { CsrMatrix } from "./sparse_matrix.ts";

/** Which n-grams a {@link TfidfVectorizer} extracts. */
export interface FeatureOptions {
  /** Word n-grams 1..wordNgramMax. */
  wordNgramMax: number;
  /** Shortest `char_wb` n-gram. */
  charNgramMin: number;
  /** Longest `char_wb` n-gram. */
  charNgramMax: number;
  /** Minimum number of training sentences an n-gram must occur in. */
  minDf: number;
}

/** The vocabulary in feature order: word n-grams (tokens joined by one space), then character n-grams. */
export interface Vocabulary {
  /** Word n-grams, feature ids 0 .. word.length-1. */
  word: string[];
  /** Character n-grams (with the space padding of `char_wb`), feature ids after the word n-grams. */
  char: string[];
}

const MAX_WORD_NGRAM = 3;
const MAX_CHAR_NGRAM = 8;
/** Most distinct words whose char n-gram entries are cached (bounds memory in long-running servers). */
const GRAM_CACHE_LIMIT = 200_000;

/** Growable Int32 buffer. */
class _IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/** Per-entry "last seen in document" stamp and count, interleaved (one cache line), growable. */
class _DocumentCounter {
  /** [stamp, count] per entry. */
  cells: Int32Array;
  constructor(capacity: number) {
    this.cells = new Int32Array(capacity * 2).fill(-1);
  }
  ensure(capacity: number): void {
    if (capacity * 2 <= this.cells.length) return;
    let size = this.cells.length;
    while (size < capacity * 2) size *= 2;
    const cells = new Int32Array(size).fill(-1);
    cells.set(this.cells);
    this.cells = cells;
  }
  /** Counts one occurrence of `entry` in document `doc`; true when it is the first one. */
  add(entry: number, doc: number): boolean {
    const cells = this.cells;
    const at = entry << 1;
    if (cells[at] !== doc) {
      cells[at] = doc;
      cells[at + 1] = 1;
      return true;
    }
    cells[at + 1]++;
    return false;
  }
  count(entry: number): number {
    return this.cells[(entry << 1) + 1];
  }
}

/**
 * TF-IDF over word 1..n-grams (scikit-learn token pattern: runs of ≥ 2 word characters, lower-cased) and
 * character n-grams inside space-padded words (scikit-learn's `char_wb`), with sublinear tf (1 + ln tf),
 * smooth idf (ln((1+n)/(1+df)) + 1), and each block (word, char) L2-normalised on its own, as in a
 * scikit-learn `FeatureUnion` of two `TfidfVectorizer`s. Feature ids: word n-grams first, then character
 * n-grams, each in order of first occurrence in the training texts (deterministic for a given input).
 */
export class TfidfVectorizer {
  /** The n-gram settings. */
  readonly options: Readonly<FeatureOptions>;
  /** Inverse document frequency of each feature. */
  readonly idf: Float64Array;
  /** Number of word n-gram features (ids 0 .. wordFeatureCount-1). */
  readonly wordFeatureCount: number;
  /** Total number of features. */
  readonly featureCount: number;

  private readonly wordIds: Map<string, number>;
  private readonly wordStrings: string[];
  private readonly wordTable: IntSequenceTable;
  private readonly charTable: IntSequenceTable;
  /** Word-table entry → feature id, or -1 (pruned by min_df). */
  private readonly wordEntryFeature: Int32Array;
  /** Char-table entry → feature id, or -1. */
  private readonly charEntryFeature: Int32Array;

  // Scratch buffers, reused for every document.
  private tokenIds = new Int32Array(256);
  private charCodes = new Int32Array(256);
  private gramScratch = new _IntBuffer(256);
  /** Word → its char_wb n-gram entries (transform only; bounded). */
  private readonly gramCache = new Map<string, Int32Array>();
  /**
   * Counters reused by every transform() call (allocating and clearing two vocabulary-sized arrays per call
   * dominated single-sentence prediction); documents get fresh stamps, so no clearing is needed between calls.
   */
  private transformCounters?: { word: _DocumentCounter; char: _DocumentCounter; nextStamp: number };

  private constructor(parts: {
    options: FeatureOptions;
    idf: Float64Array;
    wordFeatureCount: number;
    wordIds: Map<string, number>;
    wordStrings: string[];
    wordTable: IntSequenceTable;
    charTable: IntSequenceTable;
    wordEntryFeature: Int32Array;
    charEntryFeature: Int32Array;
  }) {
    this.options = Object.freeze({ ...parts.options });
    this.idf = parts.idf;
    this.wordFeatureCount = parts.wordFeatureCount;
    this.featureCount = parts.idf.length;
    this.wordIds = parts.wordIds;
    this.wordStrings = parts.wordStrings;
    this.wordTable = parts.wordTable;
    this.charTable = parts.charTable;
    this.wordEntryFeature = parts.wordEntryFeature;
    this.charEntryFeature = parts.charEntryFeature;
  }

  /**
   * Learns the vocabulary and idf from training texts and returns their feature matrix.
   * @param texts training sentences
   * @param options n-gram settings
   * @returns the fitted vectorizer and the rows of `texts` (identical to `vectorizer.transform(texts)`)
   * @throws {AdeError} invalid options
   * @example
   * ```ts
   * const { vectorizer, matrix } = TfidfVectorizer.fit(["a fever", "no fever"], {
   *   wordNgramMax: 2, charNgramMin: 2, charNgramMax: 5, minDf: 1,
   * });
   * ```
   */
  static fit(
    texts: readonly string[],
    options: FeatureOptions,
  ): { vectorizer: TfidfVectorizer; matrix: CsrMatrix } {
    _checkOptions(options);
    const wordIds = new Map<string, number>();
    const wordStrings: string[] = [];
    const wordTable = new IntSequenceTable(1 << 16);
    const charTable = new IntSequenceTable(1 << 17);
    const scratch = new TfidfVectorizer({
      options,
      idf: new Float64Array(0),
      wordFeatureCount: 0,
      wordIds,
      wordStrings,
      wordTable,
      charTable,
      wordEntryFeature: new Int32Array(0),
      charEntryFeature: new Int32Array(0),
    });
    // Pass 1: per document, its distinct entries (word entries as e, char entries as ~e) and counts.
    const wordCounter = new _DocumentCounter(1 << 16);
    const charCounter = new _DocumentCounter(1 << 17);
    const documentStarts = new Int32Array(texts.length + 1);
    const entries = new _IntBuffer(1 << 20);
    const counts = new _IntBuffer(1 << 20);
    let wordDf = new Int32Array(1 << 16);
    let charDf = new Int32Array(1 << 17);
    const wordList = new _IntBuffer(256);
    const charList = new _IntBuffer(1024);
    const gramCache = new Map<string, Int32Array>();
    for (let doc = 0; doc < texts.length; doc++) {
      wordList.length = 0;
      charList.length = 0;
      scratch.scan(texts[doc], doc, true, wordCounter, charCounter, wordList, charList, gramCache);
      if (wordTable.size > wordDf.length) wordDf = _grow(wordDf, wordTable.size);
      if (charTable.size > charDf.length) charDf = _grow(charDf, charTable.size);
      for (let k = 0; k < wordList.length; k++) {
        const entry = wordList.data[k];
        wordDf[entry]++;
        entries.push(entry);
        counts.push(wordCounter.count(entry));
      }
      for (let k = 0; k < charList.length; k++) {
        const entry = charList.data[k];
        charDf[entry]++;
        entries.push(~entry);
        counts.push(charCounter.count(entry));
      }
      documentStarts[doc + 1] = entries.length;
    }
    // Vocabulary: entries with df ≥ min_df, word block first, each in first-occurrence order.
    const wordEntryFeature = new Int32Array(wordTable.size).fill(-1);
    const charEntryFeature = new Int32Array(charTable.size).fill(-1);
    let featureCount = 0;
    for (let entry = 0; entry < wordTable.size; entry++) {
      if (wordDf[entry] >= options.minDf) wordEntryFeature[entry] = featureCount++;
    }
    const wordFeatureCount = featureCount;
    for (let entry = 0; entry < charTable.size; entry++) {
      if (charDf[entry] >= options.minDf) charEntryFeature[entry] = featureCount++;
    }
    const idf = new Float64Array(featureCount);
    const n = texts.length;
    for (let entry = 0; entry < wordTable.size; entry++) {
      const feature = wordEntryFeature[entry];
      if (feature >= 0) idf[feature] = Math.log((1 + n) / (1 + wordDf[entry])) + 1;
    }
    for (let entry = 0; entry < charTable.size; entry++) {
      const feature = charEntryFeature[entry];
      if (feature >= 0) idf[feature] = Math.log((1 + n) / (1 + charDf[entry])) + 1;
    }
    // The kept n-grams only, in small tables (faster lookups); the same structure loadModel rebuilds.
    const compactWordTable = wordTable.compact(
      (entry) => wordEntryFeature[entry] >= 0,
      wordFeatureCount,
    );
    const compactCharTable = charTable.compact(
      (entry) => charEntryFeature[entry] >= 0,
      featureCount - wordFeatureCount,
    );
    const vectorizer = new TfidfVectorizer({
      options,
      idf,
      wordFeatureCount,
      wordIds,
      wordStrings,
      wordTable: compactWordTable,
      charTable: compactCharTable,
      wordEntryFeature: Int32Array.from({ length: wordFeatureCount }, (_, i) => i),
      charEntryFeature: Int32Array.from(
        { length: featureCount - wordFeatureCount },
        (_, i) => wordFeatureCount + i,
      ),
    });
    // Pass 2: the matrix from the stored entries, in the same order transform() produces.
    const rowStarts = new Int32Array(n + 1);
    let stored = 0;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries.data[k];
      if ((entry >= 0 ? wordEntryFeature[entry] : charEntryFeature[~entry]) >= 0) stored++;
    }
    const indices = new Int32Array(stored);
    const values = new Float32Array(stored);
    const weights = new Float64Array(256);
    let at = 0;
    for (let doc = 0; doc < n; doc++) {
      const rowStart = at;
      let wordEnd = at;
      for (let k = documentStarts[doc]; k < documentStarts[doc + 1]; k++) {
        const entry = entries.data[k];
        const feature = entry >= 0 ? wordEntryFeature[entry] : charEntryFeature[~entry];
        if (feature < 0) continue;
        indices[at++] = feature;
        if (entry >= 0) wordEnd = at;
      }
      const rowWeights = at - rowStart > weights.length ? new Float64Array(at - rowStart) : weights;
      let local = 0;
      for (let k = documentStarts[doc]; k < documentStarts[doc + 1]; k++) {
        const entry = entries.data[k];
        const feature = entry >= 0 ? wordEntryFeature[entry] : charEntryFeature[~entry];
        if (feature < 0) continue;
        rowWeights[local++] = (1 + Math.log(counts.data[k])) * idf[feature];
      }
      _normaliseInto(rowWeights, 0, wordEnd - rowStart, values, rowStart);
      _normaliseInto(rowWeights, wordEnd - rowStart, at - rowStart, values, rowStart);
      rowStarts[doc + 1] = at;
    }
    return {
      vectorizer,
      matrix: { rows: n, columns: featureCount, rowStarts, indices, values },
    };
  }

  /**
   * Rebuilds a fitted vectorizer from its saved vocabulary and idf.
   * @param options the n-gram settings it was fitted with
   * @param vocabulary word and character n-grams in feature order
   * @param idf one value per feature
   * @throws {AdeError} sizes that do not match, or a duplicate n-gram
   */
  static fromVocabulary(
    options: FeatureOptions,
    vocabulary: Vocabulary,
    idf: Float64Array,
  ): TfidfVectorizer {
    _checkOptions(options);
    const featureCount = vocabulary.word.length + vocabulary.char.length;
    if (idf.length !== featureCount) {
      throw new AdeError(
        `vocabulary has ${featureCount} n-grams but idf has ${idf.length} values`,
      );
    }
    const wordIds = new Map<string, number>();
    const wordStrings: string[] = [];
    const wordTable = new IntSequenceTable(vocabulary.word.length);
    const charTable = new IntSequenceTable(vocabulary.char.length);
    const key = new Int32Array(Math.max(MAX_WORD_NGRAM, 64));
    for (const gram of vocabulary.word) {
      const tokens = gram.split(" ");
      if (tokens.length > MAX_WORD_NGRAM) throw new AdeError(`word n-gram too long: "${gram}"`);
      let hash = HASH_SEED;
      for (let k = 0; k < tokens.length; k++) {
        let id = wordIds.get(tokens[k]);
        if (id === undefined) {
          id = wordStrings.length;
          wordIds.set(tokens[k], id);
          wordStrings.push(tokens[k]);
        }
        key[k] = id;
        hash = mixHash(hash, id);
      }
      const before = wordTable.size;
      if (wordTable.findOrInsert(hash, key, 0, tokens.length) !== before) {
        throw new AdeError(`duplicate word n-gram in vocabulary: "${gram}"`);
      }
    }
    for (const gram of vocabulary.char) {
      if (gram.length === 0 || gram.length > MAX_CHAR_NGRAM + 2) {
        throw new AdeError(`invalid character n-gram in vocabulary: ${JSON.stringify(gram)}`);
      }
      let hash = HASH_SEED;
      for (let k = 0; k < gram.length; k++) {
        key[k] = gram.charCodeAt(k);
        hash = mixHash(hash, key[k]);
      }
      const before = charTable.size;
      if (charTable.findOrInsert(hash, key, 0, gram.length) !== before) {
        throw new AdeError(`duplicate character n-gram in vocabulary: ${JSON.stringify(gram)}`);
      }
    }
    const wordEntryFeature = new Int32Array(vocabulary.word.length);
    for (let i = 0; i < wordEntryFeature.length; i++) wordEntryFeature[i] = i;
    const charEntryFeature = new Int32Array(vocabulary.char.length);
    for (let i = 0; i < charEntryFeature.length; i++) {
      charEntryFeature[i] = vocabulary.word.length + i;
    }
    return new TfidfVectorizer({
      options,
      idf,
      wordFeatureCount: vocabulary.word.length,
      wordIds,
      wordStrings,
      wordTable,
      charTable,
      wordEntryFeature,
      charEntryFeature,
    });
  }

  /**
   * Feature rows for texts; n-grams outside the vocabulary are ignored.
   * @param texts sentences
   * @returns one L2-normalised (per block) row per text
   * @example const matrix = vectorizer.transform(["fever after drug"]);
   */
  transform(texts: readonly string[]): CsrMatrix {
    const counters = this.transformCounters ??= {
      word: new _DocumentCounter(Math.max(16, this.wordTable.size)),
      char: new _DocumentCounter(Math.max(16, this.charTable.size)),
      nextStamp: 0,
    };
    if (counters.nextStamp > 2_000_000_000 - texts.length) {
      counters.word.cells.fill(-1);
      counters.char.cells.fill(-1);
      counters.nextStamp = 0;
    }
    const firstStamp = counters.nextStamp;
    counters.nextStamp += texts.length;
    const wordCounter = counters.word;
    const charCounter = counters.char;
    const wordList = new _IntBuffer(256);
    const charList = new _IntBuffer(1024);
    const rowStarts = new Int32Array(texts.length + 1);
    let indices = new Int32Array(Math.max(1024, texts.length * 64));
    let values = new Float32Array(indices.length);
    let weights = new Float64Array(256);
    let at = 0;
    for (let doc = 0; doc < texts.length; doc++) {
      wordList.length = 0;
      charList.length = 0;
      this.scan(
        texts[doc],
        firstStamp + doc,
        false,
        wordCounter,
        charCounter,
        wordList,
        charList,
        this.gramCache,
      );
      const needed = at + wordList.length + charList.length;
      if (needed > indices.length) {
        const size = Math.max(needed, indices.length * 2);
        const grownIndices = new Int32Array(size);
        grownIndices.set(indices.subarray(0, at));
        indices = grownIndices;
        const grownValues = new Float32Array(size);
        grownValues.set(values.subarray(0, at));
        values = grownValues;
      }
      if (wordList.length + charList.length > weights.length) {
        weights = new Float64Array(wordList.length + charList.length);
      }
      let local = 0;
      for (let k = 0; k < wordList.length; k++) {
        const feature = this.wordEntryFeature[wordList.data[k]];
        indices[at + local] = feature;
        weights[local++] = (1 + Math.log(wordCounter.count(wordList.data[k]))) *
          this.idf[feature];
      }
      for (let k = 0; k < charList.length; k++) {
        const feature = this.charEntryFeature[charList.data[k]];
        indices[at + local] = feature;
        weights[local++] = (1 + Math.log(charCounter.count(charList.data[k]))) *
          this.idf[feature];
      }
      _normaliseInto(weights, 0, wordList.length, values, at);
      _normaliseInto(weights, wordList.length, local, values, at);
      at += local;
      rowStarts[doc + 1] = at;
    }
    return {
      rows: texts.length,
      columns: this.featureCount,
      rowStarts,
      indices: indices.slice(0, at),
      values: values.slice(0, at),
    };
  }

  /**
   * The vocabulary as strings, in feature order (for saving).
   * @returns word n-grams and character n-grams
   */
  vocabulary(): Vocabulary {
    const { wordEntryFeature, charEntryFeature, wordFeatureCount, featureCount } = this;
    const word: string[] = new Array(wordFeatureCount);
    for (let entry = 0; entry < wordEntryFeature.length; entry++) {
      const feature = wordEntryFeature[entry];
      if (feature < 0) continue;
      word[feature] = Array.from(this.wordTable.key(entry), (id) => this.wordStrings[id]).join(
        " ",
      );
    }
    const char: string[] = new Array(featureCount - wordFeatureCount);
    for (let entry = 0; entry < charEntryFeature.length; entry++) {
      const feature = charEntryFeature[entry];
      if (feature < 0) continue;
      char[feature - wordFeatureCount] = String.fromCharCode(...this.charTable.key(entry));
    }
    return { word, char };
  }

  /**
   * Scans one document. With `insert`, unseen n-grams become new table entries (fit); otherwise only known
   * entries that map to a feature are kept (transform). Distinct entries go to the lists in order of first
   * occurrence; their counts are in the counters.
   */
  private scan(
    text: string,
    doc: number,
    insert: boolean,
    wordCounter: _DocumentCounter,
    charCounter: _DocumentCounter,
    wordList: _IntBuffer,
    charList: _IntBuffer,
    gramCache: Map<string, Int32Array>,
  ): void {
    const lower = text.toLowerCase();
    const length = lower.length;
    const isWord = wordCharacterTable();
    const { wordNgramMax } = this.options;

    // Word tokens: maximal runs of word characters of length ≥ 2.
    if (this.tokenIds.length < length) this.tokenIds = new Int32Array(length + 16);
    const tokenIds = this.tokenIds;
    let tokenCount = 0;
    let i = 0;
    while (i < length) {
      const code = lower.charCodeAt(i);
      let width = 1;
      let wordChar = isWord[code] === 1;
      if (!wordChar && code >= 0xd800 && code <= 0xdbff && isAstralWordCharacter(lower, i)) {
        wordChar = true;
        width = 2;
      }
      if (!wordChar) {
        i += width;
        continue;
      }
      const start = i;
      let units = 0;
      i += width;
      units++;
      while (i < length) {
        const next = lower.charCodeAt(i);
        if (isWord[next] === 1) {
          i++;
          units++;
        } else if (next >= 0xd800 && next <= 0xdbff && isAstralWordCharacter(lower, i)) {
          i += 2;
          units++;
        } else break;
      }
      if (units < 2) continue;
      const token = lower.slice(start, i);
      let id = this.wordIds.get(token);
      if (id === undefined) {
        if (insert) {
          id = this.wordStrings.length;
          this.wordIds.set(token, id);
          this.wordStrings.push(token);
        } else id = -1;
      }
      tokenIds[tokenCount++] = id;
    }
    const wordTable = this.wordTable;
    const wordEntryFeature = this.wordEntryFeature;
    for (let start = 0; start < tokenCount; start++) {
      let hash = HASH_SEED;
      for (let n = 1; n <= wordNgramMax && start + n <= tokenCount; n++) {
        const id = tokenIds[start + n - 1];
        if (id < 0) break;
        hash = mixHash(hash, id);
        let entry: number;
        if (insert) {
          entry = wordTable.findOrInsert(hash, tokenIds, start, n);
          wordCounter.ensure(wordTable.size);
        } else {
          entry = wordTable.find(hash, tokenIds, start, n);
          if (entry < 0 || wordEntryFeature[entry] < 0) continue;
        }
        if (wordCounter.add(entry, doc)) wordList.push(entry);
      }
    }

    // Character n-grams inside whitespace-separated words (char_wb). Words repeat a lot (Zipf), so each
    // distinct word's n-gram entries are computed once and cached.
    i = 0;
    while (i < length) {
      if (isWhitespace(lower.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < length && !isWhitespace(lower.charCodeAt(i))) i++;
      const word = lower.slice(start, i);
      let grams = gramCache.get(word);
      if (grams === undefined) {
        grams = this.wordCharGrams(lower, start, i, insert);
        if (insert) charCounter.ensure(this.charTable.size);
        if (gramCache.size < GRAM_CACHE_LIMIT) gramCache.set(word, grams);
      }
      for (let k = 0; k < grams.length; k++) {
        if (charCounter.add(grams[k], doc)) charList.push(grams[k]);
      }
    }
  }

  /**
   * The char_wb n-gram entries of one word (`lower[from..to)` padded with a space each side), in scanning
   * order, repeats included. With `insert`, new n-grams are added to the table; otherwise n-grams without a
   * feature are left out.
   */
  private wordCharGrams(lower: string, from: number, to: number, insert: boolean): Int32Array {
    const { charNgramMin, charNgramMax } = this.options;
    const padded = to - from + 2;
    if (this.charCodes.length < padded) this.charCodes = new Int32Array(padded + 16);
    const chars = this.charCodes;
    chars[0] = 32;
    for (let k = from; k < to; k++) chars[k - from + 1] = lower.charCodeAt(k);
    chars[padded - 1] = 32;
    const charTable = this.charTable;
    const charEntryFeature = this.charEntryFeature;
    const out = this.gramScratch;
    out.length = 0;
    // scikit-learn: for each n, all grams shorter than the padded word; the whole padded word once
    // (at the first n ≥ its length), which can be shorter than char_ngram_min.
    for (let start = 0; start < padded; start++) {
      let hash = HASH_SEED;
      const longest = Math.min(charNgramMax, padded - start);
      for (let n = 1; n <= longest; n++) {
        hash = mixHash(hash, chars[start + n - 1]);
        const emit = n < padded ? n >= charNgramMin : start === 0;
        if (!emit) continue;
        if (insert) {
          out.push(charTable.findOrInsert(hash, chars, start, n));
        } else {
          const entry = charTable.find(hash, chars, start, n);
          if (entry >= 0 && charEntryFeature[entry] >= 0) out.push(entry);
        }
      }
    }
    return out.data.slice(0, out.length);
  }
}

function _checkOptions(options: FeatureOptions): void {
  const { wordNgramMax, charNgramMin, charNgramMax, minDf } = options;
  if (!Number.isInteger(wordNgramMax) || wordNgramMax < 1 || wordNgramMax > MAX_WORD_NGRAM) {
    throw new AdeError(`word n-gram length must be 1–${MAX_WORD_NGRAM} (got ${wordNgramMax})`);
  }
  if (
    !Number.isInteger(charNgramMin) || !Number.isInteger(charNgramMax) || charNgramMin < 1 ||
    charNgramMax < charNgramMin || charNgramMax > MAX_CHAR_NGRAM
  ) {
    throw new AdeError(
      `character n-gram lengths must satisfy 1 ≤ min ≤ max ≤ ${MAX_CHAR_NGRAM} (got ${charNgramMin}–${charNgramMax})`,
    );
  }
  if (!Number.isInteger(minDf) || minDf < 1) {
    throw new AdeError(`min_df must be an integer ≥ 1 (got ${minDf})`);
  }
}

function _grow(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  let capacity = array.length;
  while (capacity < size) capacity *= 2;
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

/** Writes `weights[from..to)` divided by their L2 norm into `out[offset + from ..]`. */
function _normaliseInto(
  weights: Float64Array,
  from: number,
  to: number,
  out: Float32Array,
  offset: number,
): void {
  let squares = 0;
  for (let k = from; k < to; k++) squares += weights[k] * weights[k];
  if (squares === 0) return;
  const scale = 1 / Math.sqrt(squares);
  for (let k = from; k < to; k++) out[offset + k] = weights[k] * scale;
}
