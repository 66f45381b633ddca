/**
 * What every feature extractor of the classifier shares: from the feature id of each n-gram occurrence of a
 * text (word block, then character block) to its TF-IDF row — sublinear tf (1 + ln tf), the feature's idf,
 * each block L2-normalised on its own (scikit-learn's `FeatureUnion` of two `TfidfVectorizer`s) — as a CSR
 * matrix, or straight into decision values without building one. Scratch buffers are reused for every text.
 */
import type { IntBuffer } from "./_ngram_hasher.ts";
import type { CsrMatrix } from "./_sparse_matrix.ts";
import type { NgramOptions } from "./_text_ngrams.ts";

/** `1 + ln(tf)` for the small counts almost every n-gram has (the same doubles `Math.log` gives). */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, tf) => 1 + Math.log(tf));

/** Base of the hashed extractor (current models) and the vocabulary extractor (old-format models). */
export abstract class TfidfFeatures {
  /** The n-gram settings. */
  abstract readonly options: Readonly<NgramOptions>;
  /** Inverse document frequency of each feature. */
  abstract readonly idf: Float64Array;
  /** Number of word features (ids 0 .. wordFeatureCount-1; character features follow). */
  abstract readonly wordFeatureCount: number;
  /** Total number of features. */
  abstract readonly featureCount: number;

  /** Feature id of one word n-gram (tokens joined by one space), or -1. */
  abstract featureOfWordGram(gram: string): number;
  /** Feature id of one (space-padded) character n-gram, or -1. */
  abstract featureOfCharGram(gram: string): number;
  /** The feature id (-1: none) of each word and character n-gram occurrence of `text`. */
  protected abstract featureOccurrences(text: string): { word: IntBuffer; char: IntBuffer };

  private stamps = new Int32Array(0);
  private counts = new Int32Array(0);
  private stamp = 0;
  /** Distinct features of the last row, in order of first occurrence (word block first). */
  private rowFeatures = new Int32Array(256);
  /** Their values. */
  private rowValues = new Float64Array(256);
  /** End of the word block in the last row. */
  private wordEnd = 0;

  /**
   * TF-IDF rows of texts.
   * @param texts the texts
   * @returns one row per text
   */
  transform(texts: readonly string[]): CsrMatrix {
    const rowStarts = new Int32Array(texts.length + 1);
    let indices = new Int32Array(Math.max(1024, texts.length * 64));
    let values = new Float32Array(indices.length);
    let at = 0;
    for (let doc = 0; doc < texts.length; doc++) {
      const { word, char } = this.featureOccurrences(texts[doc]);
      const count = this.buildRow(word.data, word.length, char.data, char.length);
      if (at + count > indices.length) {
        const size = Math.max(at + count, indices.length * 2);
        const grownIndices = new Int32Array(size);
        grownIndices.set(indices.subarray(0, at));
        indices = grownIndices;
        const grownValues = new Float32Array(size);
        grownValues.set(values.subarray(0, at));
        values = grownValues;
      }
      indices.set(this.rowFeatures.subarray(0, count), at);
      for (let k = 0; k < count; k++) values[at + k] = this.rowValues[k];
      at += count;
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
   * `weights · x + intercept` for each text's row, without building the matrix (the same values as
   * multiplying the rows of {@link transform}).
   * @param texts the texts
   * @param weights one weight per feature
   * @param intercept added to every value
   * @returns one decision value per text
   */
  decisionValues(texts: readonly string[], weights: Float64Array, intercept: number): Float64Array {
    const out = new Float64Array(texts.length);
    for (let doc = 0; doc < texts.length; doc++) {
      const { word, char } = this.featureOccurrences(texts[doc]);
      const count = this.countRow(word.data, word.length, char.data, char.length);
      // Normalising and multiplying in one pass gives the same doubles, in the same order, as
      // normaliseBlock() on both blocks followed by the dot product.
      const features = this.rowFeatures, values = this.rowValues, wordEnd = this.wordEnd;
      let sum = 0;
      for (let block = 0; block < 2; block++) {
        const from = block === 0 ? 0 : wordEnd, to = block === 0 ? wordEnd : count;
        let squares = 0;
        for (let k = from; k < to; k++) squares += values[k] * values[k];
        if (squares === 0) {
          for (let k = from; k < to; k++) sum += weights[features[k]] * values[k];
          continue;
        }
        const scale = 1 / Math.sqrt(squares);
        for (let k = from; k < to; k++) {
          sum += weights[features[k]] * Math.fround(values[k] * scale);
        }
      }
      out[doc] = sum + intercept;
    }
    return out;
  }

  /**
   * The row of one text from its n-gram occurrences' feature ids (for explanations).
   * @param wordFeatures feature id of each word n-gram occurrence (-1: none)
   * @param charFeatures feature id of each character n-gram occurrence (-1: none)
   * @returns feature id → value
   */
  rowOf(wordFeatures: readonly number[], charFeatures: readonly number[]): Map<number, number> {
    const count = this.buildRow(
      Int32Array.from(wordFeatures),
      wordFeatures.length,
      Int32Array.from(charFeatures),
      charFeatures.length,
    );
    const row = new Map<number, number>();
    for (let k = 0; k < count; k++) row.set(this.rowFeatures[k], this.rowValues[k]);
    return row;
  }

  /**
   * Distinct features and their normalised TF-IDF values into `rowFeatures`/`rowValues`.
   * @returns the number of distinct features
   */
  private buildRow(
    word: Int32Array,
    wordLength: number,
    char: Int32Array,
    charLength: number,
  ): number {
    const count = this.countRow(word, wordLength, char, charLength);
    normaliseBlock(this.rowValues, 0, this.wordEnd);
    normaliseBlock(this.rowValues, this.wordEnd, count);
    return count;
  }

  /**
   * Distinct features (word block first, in order of first occurrence) and their TF-IDF values before
   * normalisation into `rowFeatures`/`rowValues`; the word block ends at `wordEnd`.
   * @returns the number of distinct features
   */
  private countRow(
    word: Int32Array,
    wordLength: number,
    char: Int32Array,
    charLength: number,
  ): number {
    if (this.stamps.length !== this.featureCount) {
      this.stamps = new Int32Array(this.featureCount);
      this.counts = new Int32Array(this.featureCount);
      this.stamp = 0;
    }
    if (this.stamp >= 0x7ffffffe) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const stamps = this.stamps, counts = this.counts;
    if (this.rowFeatures.length < wordLength + charLength) {
      this.rowFeatures = new Int32Array(wordLength + charLength);
      this.rowValues = new Float64Array(wordLength + charLength);
    }
    const features = this.rowFeatures;
    let count = 0;
    for (let pass = 0; pass < 2; pass++) {
      const occurrences = pass === 0 ? word : char;
      const length = pass === 0 ? wordLength : charLength;
      for (let k = 0; k < length; k++) {
        const feature = occurrences[k];
        if (feature < 0) continue;
        if (stamps[feature] !== stamp) {
          stamps[feature] = stamp;
          counts[feature] = 1;
          features[count++] = feature;
        } else counts[feature]++;
      }
      if (pass === 0) this.wordEnd = count;
    }
    const values = this.rowValues, idf = this.idf;
    for (let k = 0; k < count; k++) {
      const feature = features[k];
      const tf = counts[feature];
      values[k] = (tf < SUBLINEAR_TF.length ? SUBLINEAR_TF[tf] : 1 + Math.log(tf)) * idf[feature];
    }
    return count;
  }
}

/**
 * Divides `values[from..to)` by their L2 norm, rounding each to float32 (the matrix's precision, so that
 * {@link TfidfFeatures.decisionValues} equals multiplying the rows of {@link TfidfFeatures.transform}).
 * @param values the values
 * @param from first index
 * @param to end index (exclusive)
 */
export function normaliseBlock(values: Float64Array, from: number, to: number): void {
  let squares = 0;
  for (let k = from; k < to; k++) squares += values[k] * values[k];
  if (squares === 0) return;
  const scale = 1 / Math.sqrt(squares);
  for (let k = from; k < to; k++) values[k] = Math.fround(values[k] * scale);
}
