/**
 * Hashed word + character n-gram TF-IDF features: each n-gram's hash picks one of `nFeatures` buckets of its
 * block (word or character); document frequencies, `min_df` and idf are counted per bucket, and the kept
 * buckets are numbered in ascending order. What a fitted extractor holds is numbers only (bucket numbers and
 * idf values): no n-gram, token or text is stored, and the order of features says nothing of the order of
 * the training texts.
 */
import { AdeError } from "../core/mod.ts";
import { hashCharGram, hashToken, hashWordGram } from "./_feature_hash.ts";
import { IntBuffer, NgramHasher } from "./_ngram_hasher.ts";
import type { CsrMatrix } from "./_sparse_matrix.ts";
import type { NgramOptions } from "./_text_ngrams.ts";
import { normaliseBlock, TfidfFeatures } from "./_tfidf_features.ts";

/** Which n-grams are extracted and how they are hashed. */
export interface HashingOptions extends NgramOptions {
  /** Minimum number of training texts a bucket must occur in. */
  minDf: number;
  /** Buckets per block (word, character): a power of two. */
  nFeatures: number;
}

const MAX_WORD_NGRAM = 3;
const MAX_CHAR_NGRAM = 8;

/**
 * Checks n-gram and hashing options.
 * @param options the options
 * @throws {AdeError} a value out of range
 */
export function checkHashingOptions(options: HashingOptions): void {
  const { wordNgramMax, charNgramMin, charNgramMax, minDf, nFeatures } = options;
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
  if (!Number.isInteger(nFeatures) || nFeatures < 2 || (nFeatures & (nFeatures - 1)) !== 0) {
    throw new AdeError(`n_features must be a power of two (got ${nFeatures})`);
  }
}

/** Hashed TF-IDF features (see the module documentation). */
export class HashingVectorizer extends TfidfFeatures {
  /** The n-gram and hashing settings. */
  readonly options: Readonly<HashingOptions>;
  /** Inverse document frequency of each feature. */
  readonly idf: Float64Array;
  /** Number of word features. */
  readonly wordFeatureCount: number;
  /** Total number of features. */
  readonly featureCount: number;
  /** Word bucket of each word feature, ascending. */
  readonly wordBuckets: Int32Array;
  /** Character bucket of each character feature, ascending. */
  readonly charBuckets: Int32Array;

  private readonly mask: number;
  /** Word bucket → feature id, or -1. */
  private readonly wordFeatureOfBucket: Int32Array;
  /** Character bucket → feature id, or -1. */
  private readonly charFeatureOfBucket: Int32Array;
  private readonly hasher: NgramHasher;

  /**
   * Rebuilds a fitted extractor from its buckets and idf (what `saveModel` stores).
   * @param options the settings it was fitted with
   * @param wordBuckets word buckets of the word features, strictly ascending
   * @param charBuckets character buckets of the character features, strictly ascending
   * @param idf one value per feature (word features first)
   * @throws {AdeError} invalid options, sizes that do not match, buckets out of range or not ascending
   */
  constructor(
    options: HashingOptions,
    wordBuckets: Int32Array,
    charBuckets: Int32Array,
    idf: Float64Array,
  ) {
    super();
    checkHashingOptions(options);
    if (idf.length !== wordBuckets.length + charBuckets.length) {
      throw new AdeError(
        `${wordBuckets.length + charBuckets.length} buckets but ${idf.length} idf values`,
      );
    }
    this.options = Object.freeze({ ...options });
    this.idf = idf;
    this.wordBuckets = wordBuckets;
    this.charBuckets = charBuckets;
    this.wordFeatureCount = wordBuckets.length;
    this.featureCount = idf.length;
    this.mask = options.nFeatures - 1;
    this.wordFeatureOfBucket = _bucketIndex(wordBuckets, options.nFeatures, 0, "word");
    this.charFeatureOfBucket = _bucketIndex(
      charBuckets,
      options.nFeatures,
      wordBuckets.length,
      "character",
    );
    this.hasher = new NgramHasher(options);
  }

  /**
   * Counts document frequencies per bucket, keeps buckets with df ≥ `minDf`, and returns the extractor and
   * the training rows.
   * @param texts training texts
   * @param options n-gram and hashing settings
   * @returns the fitted extractor and the rows of `texts` (identical to `vectorizer.transform(texts)`)
   * @throws {AdeError} invalid options
   */
  static fit(
    texts: readonly string[],
    options: HashingOptions,
  ): { vectorizer: HashingVectorizer; matrix: CsrMatrix } {
    checkHashingOptions(options);
    const size = options.nFeatures;
    const mask = size - 1;
    const hasher = new NgramHasher(options);
    // Per bucket and block: [last document seen, count in it], and document frequency.
    const cells = [new Int32Array(size * 2).fill(-1), new Int32Array(size * 2).fill(-1)];
    const df = [new Int32Array(size), new Int32Array(size)];
    // Per document, its distinct buckets (word buckets b, character buckets ~b) and their counts.
    const documentStarts = new Int32Array(texts.length + 1);
    const entries = new IntBuffer(1 << 20);
    const counts = new IntBuffer(1 << 20);
    for (let doc = 0; doc < texts.length; doc++) {
      hasher.hash(texts[doc]);
      for (let block = 0; block < 2; block++) {
        const hashes = block === 0 ? hasher.word : hasher.char;
        const blockCells = cells[block], blockDf = df[block];
        const first = entries.length;
        for (let k = 0; k < hashes.length; k++) {
          const bucket = hashes.data[k] & mask;
          const at = bucket << 1;
          if (blockCells[at] !== doc) {
            blockCells[at] = doc;
            blockCells[at + 1] = 1;
            entries.push(block === 0 ? bucket : ~bucket);
          } else blockCells[at + 1]++;
        }
        for (let k = first; k < entries.length; k++) {
          const bucket = block === 0 ? entries.data[k] : ~entries.data[k];
          blockDf[bucket]++;
          counts.push(blockCells[(bucket << 1) + 1]);
        }
      }
      documentStarts[doc + 1] = entries.length;
    }
    const kept = df.map((blockDf) => {
      const buckets = new IntBuffer(1 << 16);
      for (let bucket = 0; bucket < size; bucket++) {
        if (blockDf[bucket] >= options.minDf) buckets.push(bucket);
      }
      return buckets.data.slice(0, buckets.length);
    });
    const n = texts.length;
    const idf = new Float64Array(kept[0].length + kept[1].length);
    kept.forEach((buckets, block) => {
      const offset = block === 0 ? 0 : kept[0].length;
      buckets.forEach((bucket, k) => {
        idf[offset + k] = Math.log((1 + n) / (1 + df[block][bucket])) + 1;
      });
    });
    const vectorizer = new HashingVectorizer(options, kept[0], kept[1], idf);

    // The rows, from the stored entries, in the order transform() produces.
    const featureOf = (entry: number) =>
      entry >= 0 ? vectorizer.wordFeatureOfBucket[entry] : vectorizer.charFeatureOfBucket[~entry];
    let stored = 0;
    for (let k = 0; k < entries.length; k++) if (featureOf(entries.data[k]) >= 0) stored++;
    const rowStarts = new Int32Array(n + 1);
    const indices = new Int32Array(stored);
    const values = new Float32Array(stored);
    let weights = new Float64Array(256);
    let at = 0;
    for (let doc = 0; doc < n; doc++) {
      const rowStart = at;
      let wordEnd = 0;
      const end = documentStarts[doc + 1];
      if (end - documentStarts[doc] > weights.length) {
        weights = new Float64Array(end - documentStarts[doc]);
      }
      for (let k = documentStarts[doc]; k < end; k++) {
        const entry = entries.data[k];
        const feature = featureOf(entry);
        if (feature < 0) continue;
        weights[at - rowStart] = (1 + Math.log(counts.data[k])) * idf[feature];
        indices[at++] = feature;
        if (entry >= 0) wordEnd = at - rowStart;
      }
      normaliseBlock(weights, 0, wordEnd);
      normaliseBlock(weights, wordEnd, at - rowStart);
      for (let k = rowStart; k < at; k++) values[k] = weights[k - rowStart];
      rowStarts[doc + 1] = at;
    }
    return { vectorizer, matrix: { rows: n, columns: idf.length, rowStarts, indices, values } };
  }

  /**
   * Feature of a word n-gram, by its hash.
   * @param gram lower-cased tokens joined by one space
   * @returns the feature id, or -1
   */
  featureOfWordGram(gram: string): number {
    const hash = hashWordGram(gram.split(" ").map(hashToken));
    return this.wordFeatureOfBucket[hash & this.mask];
  }

  /**
   * Feature of a character n-gram, by its hash.
   * @param gram the n-gram (space-padded at word edges)
   * @returns the feature id, or -1
   */
  featureOfCharGram(gram: string): number {
    return this.charFeatureOfBucket[hashCharGram(gram) & this.mask];
  }

  /** Hashes the text's n-grams and maps them to features in place. */
  protected featureOccurrences(text: string): { word: IntBuffer; char: IntBuffer } {
    const hasher = this.hasher;
    hasher.hash(text);
    const mask = this.mask;
    const { word, char } = hasher;
    const wordMap = this.wordFeatureOfBucket, charMap = this.charFeatureOfBucket;
    for (let k = 0; k < word.length; k++) word.data[k] = wordMap[word.data[k] & mask];
    for (let k = 0; k < char.length; k++) char.data[k] = charMap[char.data[k] & mask];
    return hasher;
  }
}

/** Bucket → feature id (`offset + position`), -1 elsewhere; checks range and order. */
function _bucketIndex(
  buckets: Int32Array,
  size: number,
  offset: number,
  block: string,
): Int32Array {
  const index = new Int32Array(size).fill(-1);
  let previous = -1;
  for (let k = 0; k < buckets.length; k++) {
    const bucket = buckets[k];
    if (!Number.isInteger(bucket) || bucket <= previous || bucket >= size) {
      throw new AdeError(
        `${block} bucket ${bucket} at position ${k} is out of range 0–${size - 1} or not ascending`,
      );
    }
    index[bucket] = offset + k;
    previous = bucket;
  }
  return index;
}
