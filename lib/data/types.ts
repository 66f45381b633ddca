/** The data schema shared by every stage. */

/** The two classes of ADE Corpus V2's classification config. */
export type Label = "Adverse_Event" | "Not_AE";

/** The label names, positive class first. */
export const LABELS: readonly Label[] = ["Adverse_Event", "Not_AE"];

/** A drug or effect mention inside a sentence. */
export interface Mention {
  /** The mention's text, exactly as in the sentence. */
  text: string;
  /** Start offset within the sentence (UTF-16 code units, inclusive). */
  start: number;
  /** End offset within the sentence (exclusive). */
  end: number;
  /** Start offset at document level (within "PubMed-ID\n\nTitle\n\nAbstract"), as in the raw file. */
  doc_start?: number;
  /** End offset at document level. */
  doc_end?: number;
}

/** One example: JSONL `{"id","text","label","pmid"?,"drugs"?,"effects"?, ...}`. */
export interface Row {
  /** Stable id, unique within a file. */
  id: string;
  /** The sentence. */
  text: string;
  /** Gold label. */
  label: Label;
  /** PubMed id of the abstract (the grouping key for leak-free splits). */
  pmid?: string;
  /** Drug mentions (positives from DRUG-AE.rel). */
  drugs?: Mention[];
  /** Adverse-effect mentions. */
  effects?: Mention[];
  /** Where the row came from, e.g. `synthetic` for generated rows. */
  source?: string;
  /** Further fields are kept as they are. */
  [extra: string]: unknown;
}

/** One input row that failed validation and was skipped (`--skip-invalid`), as written to `rejects.jsonl`. */
export interface Reject {
  /** File the row came from. */
  file: string;
  /** 1-based line number, when known. */
  line?: number;
  /** Field or column at fault, when known. */
  field?: string;
  /** What is wrong, e.g. `unknown label "maybe"`. */
  reason: string;
}

/** The three ways to split: leak-free by abstract, de-duplicated random, or the reference's raw random split. */
export type SplitKind = "grouped" | "dedup" | "random";

/** `manifest.json` written by `ade prepare`: counts, split settings, leakage and file hashes. */
export interface Manifest {
  /** Rows read from the source, before de-duplication. */
  raw_rows: number;
  /** Raw `Adverse_Event` rows. */
  raw_positive: number;
  /** Raw `Not_AE` rows. */
  raw_negative: number;
  /** Distinct normalised texts among the raw rows. */
  unique_texts: number;
  /** Raw rows merged into an earlier row with the same normalised text (0 for `random`, which merges nothing). */
  duplicates_removed: number;
  /** Normalised texts seen with both labels (kept as `Adverse_Event`). */
  label_conflicts: number;
  /** The split actually used (`grouped` falls back to `dedup` for rows without PubMed ids). */
  split: SplitKind;
  /** Seed of the split. */
  seed: number;
  /** Requested test share. */
  test_size: number;
  /** Rows in `train.jsonl`. */
  train_rows: number;
  /** Rows in `test.jsonl`. */
  test_rows: number;
  /** `Adverse_Event` rows in train. */
  train_positive: number;
  /** `Adverse_Event` rows in test. */
  test_positive: number;
  /** Share of the training rows held out as `validation.jsonl` (only with `--validation-size`). */
  validation_size?: number;
  /** Rows in `validation.jsonl` (only with `--validation-size`; not counted in `train_rows`). */
  validation_rows?: number;
  /** `Adverse_Event` rows in `validation.jsonl`. */
  validation_positive?: number;
  /** Test rows whose normalised text also occurs in train. */
  text_overlap: number;
  /** Test rows whose PubMed id also occurs in train. */
  pmid_overlap: number;
  /** Fraction of test positives whose normalised text occurs in train. */
  test_positive_text_in_train: number;
  /** SHA-256 of the written files (`validation` only with `--validation-size`). */
  sha256: { train: string; test: string; validation?: string };
  /** The source as given (`hf`, a folder or a file path). */
  source: string;
  /** Manifest format version. */
  version: number;
}
