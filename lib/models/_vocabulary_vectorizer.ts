/**
 * Features of an old-format model (version 1): an exact vocabulary of n-gram strings (`vocabulary.json`),
 * kept only so that such folders still load for prediction. They hold training text; new models are hashed.
 */
import { AdeError } from "../core/mod.ts";
import { IntBuffer } from "./_ngram_hasher.ts";
import { type NgramOptions, textNgrams } from "./_text_ngrams.ts";
import { TfidfFeatures } from "./_tfidf_features.ts";

/** The vocabulary in feature order: word n-grams (tokens joined by one space), then character n-grams. */
export interface Vocabulary {
  /** Word n-grams, feature ids 0 .. word.length-1. */
  word: string[];
  /** Character n-grams (space-padded at word edges), feature ids after the word n-grams. */
  char: string[];
}

/** TF-IDF features over a stored vocabulary (old-format models). */
export class VocabularyVectorizer extends TfidfFeatures {
  /** The n-gram settings. */
  readonly options: Readonly<NgramOptions>;
  /** Inverse document frequency of each feature. */
  readonly idf: Float64Array;
  /** Number of word features. */
  readonly wordFeatureCount: number;
  /** Total number of features. */
  readonly featureCount: number;
  private readonly wordIds = new Map<string, number>();
  private readonly charIds = new Map<string, number>();
  private readonly occurrences = { word: new IntBuffer(256), char: new IntBuffer(2048) };

  /**
   * @param options the n-gram settings the vocabulary was made with
   * @param vocabulary word and character n-grams in feature order
   * @param idf one value per feature
   * @throws {AdeError} sizes that do not match, or a duplicate n-gram
   */
  constructor(options: NgramOptions, vocabulary: Vocabulary, idf: Float64Array) {
    super();
    const featureCount = vocabulary.word.length + vocabulary.char.length;
    if (idf.length !== featureCount) {
      throw new AdeError(`vocabulary has ${featureCount} n-grams but idf has ${idf.length} values`);
    }
    this.options = Object.freeze({ ...options });
    this.idf = idf;
    this.wordFeatureCount = vocabulary.word.length;
    this.featureCount = featureCount;
    vocabulary.word.forEach((gram, i) => {
      if (typeof gram !== "string" || this.wordIds.has(gram)) {
        throw new AdeError(`duplicate or invalid word n-gram at position ${i}`);
      }
      this.wordIds.set(gram, i);
    });
    vocabulary.char.forEach((gram, i) => {
      if (typeof gram !== "string" || this.charIds.has(gram)) {
        throw new AdeError(`duplicate or invalid character n-gram at position ${i}`);
      }
      this.charIds.set(gram, this.wordFeatureCount + i);
    });
  }

  /** @inheritdoc */
  featureOfWordGram(gram: string): number {
    return this.wordIds.get(gram) ?? -1;
  }

  /** @inheritdoc */
  featureOfCharGram(gram: string): number {
    return this.charIds.get(gram) ?? -1;
  }

  /** Feature ids of the text's n-grams, looked up by string. */
  protected featureOccurrences(text: string): { word: IntBuffer; char: IntBuffer } {
    const grams = textNgrams(text, this.options);
    const { word, char } = this.occurrences;
    word.length = 0;
    char.length = 0;
    for (const gram of grams.word) word.push(this.featureOfWordGram(gram));
    for (const gram of grams.char) char.push(this.featureOfCharGram(gram));
    return this.occurrences;
  }
}
