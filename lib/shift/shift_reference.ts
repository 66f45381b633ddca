/** The reference statistics of a model's training data that the shift warning compares inputs with. */

/**
 * Numbers only, no text: how often each word token (by 32-bit hash) occurs in the training rows, and how
 * unusual held-out training rows look under those counts. Stored as `shift.json` + `shift_tokens.bin` in
 * a model folder.
 */
export interface ShiftReference {
  /** Training rows counted. */
  documents: number;
  /** Tokens seen in fewer training rows than this are counted as unseen (like the model's `min_df`). */
  minDf: number;
  /** Sorted distinct token hashes seen in at least `minDf` rows. */
  tokenHashes: Uint32Array;
  /** Number of training rows holding each token of `tokenHashes`. */
  tokenDocuments: Uint32Array;
  /**
   * Percentiles 1..99 of the rows' surprisal, measured out of fold (each row scored with counts from
   * the other grouped folds), so they describe unseen in-domain rows.
   */
  surprisalPercentiles: number[];
  /** The percentile above which a row counts as unusual (default 90). */
  unusualPercentile: number;
  /** Share of out-of-fold training rows above that percentile: what in-domain input shows. */
  expectedUnusualShare: number;
  /**
   * True when the rule flags a share that is too low as well as one that is too high (set for models
   * adapted to a sample whose expected share is high); false for training data.
   */
  twoSided: boolean;
  /** Designed false-alarm rate per in-domain file (default 0.01). */
  falseAlarmRate: number;
  /** Smallest difference in the unusual share that is flagged, whatever the file size (default 0.05). */
  minimumDifference: number;
  /** Fewer rows than this cannot be judged (default 50). */
  minimumRows: number;
  /** Share of training rows labelled `Adverse_Event`. */
  trainingPositiveRate: number;
  /** Where the expected share was measured (e.g. `out-of-fold training rows (5 grouped folds)`). */
  calibratedOn: string;
}

/** Default percentile above which a row counts as unusual. */
export const DEFAULT_UNUSUAL_PERCENTILE = 90;
/** Default designed false-alarm rate per in-domain file. */
export const DEFAULT_FALSE_ALARM_RATE = 0.01;
/** Default smallest flagged difference in the unusual share. */
export const DEFAULT_MINIMUM_DIFFERENCE = 0.05;
/** Default fewest rows the rule judges. */
export const DEFAULT_MINIMUM_ROWS = 50;
