/** The screen every generated candidate passes: length, duplicates, contamination and prompt echoes. */
import { normalizeText, type Row } from "../data/mod.ts";
import { charShingles, jaccardSimilarity, MinHashIndex, type MinHashOptions } from "./_minhash.ts";
import type { PromptExample } from "./prompt.ts";

/** Why a candidate was rejected. */
export type RejectReason =
  | "empty"
  | "too_short"
  | "too_long"
  | "duplicate"
  | "contamination"
  | "echo";

/** Every reject reason, in the order the screen checks them. */
export const REJECT_REASONS: readonly RejectReason[] = [
  "empty",
  "too_short",
  "too_long",
  "contamination",
  "echo",
  "duplicate",
];

/** A set of sentences that must never be reproduced (a test split, or the corpus outside training). */
export interface ProtectedSentences {
  /** Where they come from, e.g. `exclude:runs/data/test.jsonl` or `corpus:../shared/data/ade_corpus_v2`. */
  origin: string;
  /** The sentences. */
  rows: ReadonlyArray<Pick<Row, "id" | "text">>;
}

/** Settings of a {@link CandidateScreen}. */
export interface ScreenOptions {
  /** Every training row: exact (normalised) copies are `duplicate`; near-copies are allowed. */
  trainRows: ReadonlyArray<Pick<Row, "id" | "text">>;
  /** Test split(s) and corpus sentences outside the training split: exact or near copies are `contamination`. */
  protectedSets: readonly ProtectedSentences[];
  /** Character 5-gram Jaccard at or above which a candidate is a near-duplicate (default 0.8). */
  threshold?: number;
  /** Jaccard at or above which a candidate echoes one of its prompt examples (default: `threshold`). */
  echoThreshold?: number;
  /** Shortest accepted sentence in characters (default 20). */
  minChars?: number;
  /** Longest accepted sentence in characters (default 600). */
  maxChars?: number;
  /** MinHash-LSH settings (seed, bands, rows, shingle size). */
  index?: MinHashOptions;
}

/** What the screen found that a candidate matches. */
export interface ScreenMatch {
  /** `exclude:<file>`, `corpus:<source>`, `train`, `batch` or `prompt`. */
  origin: string;
  /** Id of the matched sentence. */
  id: string;
  /** Character 5-gram Jaccard similarity (1 for an exact normalised copy). */
  similarity: number;
}

/** The screen's verdict on one candidate. */
export type ScreenVerdict =
  | { accepted: true }
  | { accepted: false; reason: RejectReason; match?: ScreenMatch };

/**
 * Screens candidates one at a time, in order: `empty`, `too_short`, `too_long`, `contamination` (exact or
 * MinHash-LSH near match, verified by exact Jaccard, against every protected sentence), `echo` (language
 * models only: a near-copy of one of the candidate's own prompt examples), `duplicate` (exact normalised copy
 * of a training sentence or of an earlier accepted candidate). Accepted candidates join the batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const screen = new CandidateScreen({
 *   trainRows: [{ id: "t1", text: "Severe rash after amoxicillin in an adult." }],
 *   protectedSets: [{ origin: "exclude:test.jsonl", rows: [{ id: "x1", text: "Rash after penicillin in a child." }] }],
 * });
 * const verdict = screen.check("Rash after penicillin in a child.", { examples: [], checkEcho: false });
 * assert.equal(verdict.accepted, false);
 * ```
 */
export class CandidateScreen {
  /** Near-duplicate threshold. */
  readonly threshold: number;
  /** Echo threshold. */
  readonly echoThreshold: number;
  /** Length bounds in characters. */
  readonly minChars: number;
  /** Length bounds in characters. */
  readonly maxChars: number;
  /** The LSH index of protected sentences. */
  readonly index: MinHashIndex;
  readonly #protectedExact = new Map<string, { origin: string; id: string }>();
  readonly #protectedEntries: Array<{ origin: string; id: string }> = [];
  readonly #trainExact = new Map<string, string>();
  readonly #batchExact = new Map<string, string>();

  /** @param options training rows, protected sets and thresholds */
  constructor(options: ScreenOptions) {
    this.threshold = options.threshold ?? 0.8;
    this.echoThreshold = options.echoThreshold ?? this.threshold;
    this.minChars = options.minChars ?? 20;
    this.maxChars = options.maxChars ?? 600;
    if (!(this.threshold > 0 && this.threshold <= 1)) {
      throw new RangeError("threshold must be in (0, 1]");
    }
    this.index = new MinHashIndex(options.index);
    for (const row of options.trainRows) {
      const key = normalizeText(row.text);
      if (!this.#trainExact.has(key)) this.#trainExact.set(key, row.id);
    }
    for (const set of options.protectedSets) {
      for (const row of set.rows) {
        const key = normalizeText(row.text);
        if (key === "" || this.#protectedExact.has(key)) continue;
        const entry = { origin: set.origin, id: row.id };
        this.#protectedExact.set(key, entry);
        this.#protectedEntries.push(entry);
        this.index.add(String(this.#protectedEntries.length - 1), row.text);
      }
    }
  }

  /** Number of distinct protected sentences indexed. */
  get protectedCount(): number {
    return this.#protectedEntries.length;
  }

  /**
   * Screens one candidate and, when accepted, adds it to the batch.
   * @param candidate the sentence
   * @param context `examples` of the prompt it answered; `checkEcho` for language-model output
   * @returns accepted, or the reason and what it matched
   */
  check(
    candidate: string,
    context: { examples: readonly PromptExample[]; checkEcho: boolean; id?: string },
  ): ScreenVerdict {
    const text = candidate.trim();
    if (text === "") return { accepted: false, reason: "empty" };
    if (text.length < this.minChars) return { accepted: false, reason: "too_short" };
    if (text.length > this.maxChars) return { accepted: false, reason: "too_long" };
    const key = normalizeText(text);
    const exact = this.#protectedExact.get(key);
    if (exact) {
      return _rejected("contamination", exact.origin, exact.id, 1);
    }
    const near = this.index.query(text, this.threshold)[0];
    if (near) {
      const entry = this.#protectedEntries[Number(near.key)];
      return _rejected("contamination", entry.origin, entry.id, _round(near.similarity));
    }
    if (context.checkEcho && context.examples.length > 0) {
      const shingles = charShingles(text, this.index.shingleSize);
      for (const example of context.examples) {
        const similarity = jaccardSimilarity(
          shingles,
          charShingles(example.text, this.index.shingleSize),
        );
        if (similarity >= this.echoThreshold) {
          return _rejected("echo", "prompt", example.id, _round(similarity));
        }
      }
    }
    const trainCopy = this.#trainExact.get(key);
    if (trainCopy !== undefined) return _rejected("duplicate", "train", trainCopy, 1);
    const batchCopy = this.#batchExact.get(key);
    if (batchCopy !== undefined) return _rejected("duplicate", "batch", batchCopy, 1);
    this.#batchExact.set(key, context.id ?? String(this.#batchExact.size));
    return { accepted: true };
  }
}

/** A rejection with the sentence it matched. */
function _rejected(
  reason: RejectReason,
  origin: string,
  id: string,
  similarity: number,
): ScreenVerdict {
  return { accepted: false, reason, match: { origin, id, similarity } };
}

function _round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
