/** Merges rows whose normalised texts are equal. */
import { normalizeText } from "./normalize.ts";
import type { Mention, Row } from "./types.ts";

/** De-duplicated rows and what merging did. */
export interface Deduplication {
  /** One row per normalised text, in order of first appearance. */
  rows: Row[];
  /** Distinct normalised texts (= `rows.length`). */
  uniqueTexts: number;
  /** Rows merged into an earlier row. */
  duplicatesRemoved: number;
  /** Normalised texts seen with both labels (kept as `Adverse_Event`). */
  labelConflicts: number;
}

function _mergeMentions(
  into: Mention[] | undefined,
  from: Mention[] | undefined,
): Mention[] | undefined {
  if (!from || from.length === 0) return into;
  const merged = into ? [...into] : [];
  for (const mention of from) {
    const known = merged.some((m) =>
      m.start === mention.start && m.end === mention.end && m.text === mention.text
    );
    if (!known) merged.push(mention);
  }
  return merged;
}

/**
 * Merges rows with the same normalised text (NFKC, lower-case, whitespace collapsed) into the first of them:
 * it keeps the first row's id and text, becomes `Adverse_Event` when any copy is, gathers the mentions of
 * copies with the identical text, and lists every PubMed id in `pmids` when there are several (`pmid` stays
 * the first).
 * @param rows raw rows
 * @returns merged rows and counts
 * @example const { rows, duplicatesRemoved } = deduplicateRows(rawRows);
 */
export function deduplicateRows(rows: readonly Row[]): Deduplication {
  const byText = new Map<string, { row: Row; labels: Set<string>; pmids: string[] }>();
  for (const row of rows) {
    const key = normalizeText(row.text);
    const entry = byText.get(key);
    if (!entry) {
      byText.set(key, {
        row: { ...row },
        labels: new Set([row.label]),
        pmids: row.pmid !== undefined ? [row.pmid] : [],
      });
      continue;
    }
    entry.labels.add(row.label);
    if (row.label === "Adverse_Event") entry.row.label = "Adverse_Event";
    if (row.pmid !== undefined && !entry.pmids.includes(row.pmid)) entry.pmids.push(row.pmid);
    if (row.text === entry.row.text) {
      const drugs = _mergeMentions(entry.row.drugs, row.drugs);
      const effects = _mergeMentions(entry.row.effects, row.effects);
      if (drugs) entry.row.drugs = drugs;
      if (effects) entry.row.effects = effects;
    }
  }
  const merged: Row[] = [];
  let labelConflicts = 0;
  for (const entry of byText.values()) {
    if (entry.labels.size > 1) labelConflicts++;
    if (entry.pmids.length > 1) entry.row.pmids = entry.pmids;
    merged.push(entry.row);
  }
  return {
    rows: merged,
    uniqueTexts: merged.length,
    duplicatesRemoved: rows.length - merged.length,
    labelConflicts,
  };
}
