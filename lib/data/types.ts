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

/** True for the positive class. */
export function isPositive(label: Label): boolean {
  return label === "Adverse_Event";
}
