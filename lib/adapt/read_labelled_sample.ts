/** Reads and checks the labelled sample `adapt` learns from. */
import { DataError } from "../core/mod.ts";
import { type Label, readRows, type Row } from "../data/mod.ts";

/** Fewest labelled rows `adapt` accepts. */
export const MINIMUM_SAMPLE_ROWS = 50;
/** Fewest rows of each label (one per cross-validation fold). */
export const MINIMUM_ROWS_PER_LABEL = 5;

/**
 * Reads a labelled sample (our JSONL schema, or CSV/JSONL with `text` and `label`) and checks that
 * `adapt` can learn from it and cross-validate on it.
 * @param path the user's labelled file
 * @returns its rows, in file order
 * @throws {DataError} naming the file (and line and field where there is one): unreadable rows, a
 *   missing or unknown label, fewer than 50 rows, one label only, fewer than 5 rows of a label
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const sample = await readLabelledSample("tests/fixtures/lay_language/lay_language.jsonl");
 * assert.equal(sample.length, 728);
 * await assert.rejects(readLabelledSample("tests/fixtures/data/user_rows.csv"), /fewer than 50 rows|50/);
 * ```
 */
export async function readLabelledSample(path: string): Promise<Row[]> {
  const rows = await readRows(path);
  if (rows.length < MINIMUM_SAMPLE_ROWS) {
    throw new DataError(
      { file: path },
      `${rows.length} labelled rows; adapt needs at least ${MINIMUM_SAMPLE_ROWS}`,
    );
  }
  const counts: Record<Label, number> = { Adverse_Event: 0, Not_AE: 0 };
  for (const row of rows) counts[row.label]++;
  for (
    const [label, other] of [["Adverse_Event", "Not_AE"], ["Not_AE", "Adverse_Event"]] as const
  ) {
    if (counts[label] === 0) {
      throw new DataError(
        { file: path, field: "label" },
        `every row is labelled ${other}; adapt needs rows of both Adverse_Event and Not_AE`,
      );
    }
    if (counts[label] < MINIMUM_ROWS_PER_LABEL) {
      throw new DataError(
        { file: path, field: "label" },
        `only ${
          counts[label]
        } ${label} rows; adapt needs at least ${MINIMUM_ROWS_PER_LABEL} of each ` +
          "label (one per cross-validation fold)",
      );
    }
  }
  return rows;
}
