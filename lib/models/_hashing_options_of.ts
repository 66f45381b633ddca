/** The vectorizers' settings as a model's hyperparameters give them (fit and load read the same ones). */
import type { HashingOptions } from "./_hashing_vectorizer.ts";
import type { NgramOptions } from "./_text_ngrams.ts";
import type { ModelHyperparameters } from "./hyperparameters.ts";

/**
 * The n-gram lengths of the hyperparameters.
 * @param hp the model's hyperparameters
 * @returns word and `char_wb` n-gram lengths
 */
export function _ngramOptionsOf(hp: ModelHyperparameters): NgramOptions {
  return {
    wordNgramMax: hp.word_ngram_max,
    charNgramMin: hp.char_ngram_min,
    charNgramMax: hp.char_ngram_max,
  };
}

/**
 * The hashing vectorizer's settings of the hyperparameters.
 * @param hp the model's hyperparameters
 * @returns n-gram lengths, minimum document frequency and feature-space size
 */
export function _hashingOptionsOf(hp: ModelHyperparameters): HashingOptions {
  return { ..._ngramOptionsOf(hp), minDf: hp.min_df, nFeatures: hp.n_features };
}
