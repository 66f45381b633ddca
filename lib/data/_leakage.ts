/** Measures how much of a test set is already in its training set. */
import { type GroupableRow, rowPmids } from "./_groups.ts";
import { normalizeText } from "./normalize.ts";
import type { Label } from "./types.ts";

/** Leakage counts, with the manifest's key names. */
export interface Leakage {
  /** Test rows whose normalised text also occurs in train. */
  text_overlap: number;
  /** Test rows with a PubMed id (any of `pmids`) that also occurs in train. */
  pmid_overlap: number;
  /** Fraction of test positives whose normalised text occurs in train (0 when there are none). */
  test_positive_text_in_train: number;
}

/**
 * Counts test rows that share a normalised text or a PubMed id with the training rows.
 * @param trainRows training rows
 * @param testRows test rows
 * @returns the three leakage numbers of the manifest
 * @example measureLeakage(trainRows, testRows).text_overlap === 0
 */
export function measureLeakage(
  trainRows: readonly (GroupableRow & { label: Label })[],
  testRows: readonly (GroupableRow & { label: Label })[],
): Leakage {
  const trainTexts = new Set<string>();
  const trainPmids = new Set<string>();
  for (const row of trainRows) {
    trainTexts.add(normalizeText(row.text));
    for (const pmid of rowPmids(row)) trainPmids.add(pmid);
  }
  let textOverlap = 0, pmidOverlap = 0, testPositive = 0, testPositiveLeaked = 0;
  for (const row of testRows) {
    const leaked = trainTexts.has(normalizeText(row.text));
    if (leaked) textOverlap++;
    if (rowPmids(row).some((pmid) => trainPmids.has(pmid))) pmidOverlap++;
    if (row.label === "Adverse_Event") {
      testPositive++;
      if (leaked) testPositiveLeaked++;
    }
  }
  return {
    text_overlap: textOverlap,
    pmid_overlap: pmidOverlap,
    test_positive_text_in_train: testPositive === 0 ? 0 : testPositiveLeaked / testPositive,
  };
}
