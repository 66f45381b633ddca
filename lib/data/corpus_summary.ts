/** Tables that describe a corpus: class balance and how often sentences repeat. */
import { normalizeText } from "./normalize.ts";
import { type Label, LABELS, type Row } from "./types.ts";

/** One line of {@link classBalance}. */
export interface ClassBalanceRow {
  /** The class. */
  label: Label;
  /** Raw rows with this label. */
  rows: number;
  /** Share of all raw rows. */
  share: number;
  /** Distinct normalised texts with this label. */
  unique_texts: number;
  /** Raw rows per distinct text. */
  rows_per_text: number;
}

/**
 * Counts rows and distinct normalised texts per label.
 * @param rows raw rows
 * @returns one line per label, `Adverse_Event` first
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "./read_rows.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * assert.equal(classBalance(rows)[0].unique_texts, 6); // 4,271 for ADE Corpus V2
 * ```
 */
export function classBalance(rows: readonly Row[]): ClassBalanceRow[] {
  return LABELS.map((label) => {
    const withLabel = rows.filter((row) => row.label === label);
    const uniqueTexts = new Set(withLabel.map((row) => normalizeText(row.text))).size;
    return {
      label,
      rows: withLabel.length,
      share: rows.length === 0 ? 0 : withLabel.length / rows.length,
      unique_texts: uniqueTexts,
      rows_per_text: uniqueTexts === 0 ? 0 : withLabel.length / uniqueTexts,
    };
  });
}

/** One line of {@link duplicateStructure}: texts that occur exactly `copies` times. */
export interface DuplicateStructureRow {
  /** How many raw rows share the normalised text. */
  copies: number;
  /** Distinct texts with that many copies. */
  texts: number;
  /** Of those, texts labelled `Adverse_Event` (in any copy). */
  positive_texts: number;
  /** Of those, texts labelled only `Not_AE`. */
  negative_texts: number;
  /** Raw rows they account for (`copies × texts`). */
  rows: number;
  /** Distinct PubMed ids among those rows, summed over texts (more than `texts` when copies span abstracts). */
  abstracts: number;
}

/**
 * Groups normalised texts by how many raw rows share them. In ADE Corpus V2 a sentence with several
 * drug–effect relations appears once per relation, so positives repeat (up to 24 times) and negatives do not.
 * @param rows raw rows
 * @returns one line per copy count, ascending
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "./read_rows.ts";
 * const rows = await readRows("tests/fixtures/data/user_no_groups.csv"); // one sentence twice
 * assert.equal(duplicateStructure(rows).at(-1)?.copies, 2); // 24 for ADE Corpus V2
 * ```
 */
export function duplicateStructure(rows: readonly Row[]): DuplicateStructureRow[] {
  const byText = new Map<string, { copies: number; positive: boolean; pmids: Set<string> }>();
  for (const row of rows) {
    const key = normalizeText(row.text);
    let entry = byText.get(key);
    if (!entry) {
      entry = { copies: 0, positive: false, pmids: new Set() };
      byText.set(key, entry);
    }
    entry.copies++;
    if (row.label === "Adverse_Event") entry.positive = true;
    if (row.pmid !== undefined) entry.pmids.add(row.pmid);
  }
  const byCopies = new Map<number, DuplicateStructureRow>();
  for (const entry of byText.values()) {
    let line = byCopies.get(entry.copies);
    if (!line) {
      line = {
        copies: entry.copies,
        texts: 0,
        positive_texts: 0,
        negative_texts: 0,
        rows: 0,
        abstracts: 0,
      };
      byCopies.set(entry.copies, line);
    }
    line.texts++;
    if (entry.positive) line.positive_texts++;
    else line.negative_texts++;
    line.rows += entry.copies;
    line.abstracts += entry.pmids.size;
  }
  return [...byCopies.values()].sort((a, b) => a.copies - b.copies);
}
