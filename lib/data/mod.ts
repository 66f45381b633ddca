/**
 * The data layer: load ADE Corpus V2 (raw files, the Hugging Face parquet export, or the user's CSV/JSONL),
 * validate it, de-duplicate it, and split it without leakage (whole PubMed abstracts on one side); read
 * the row files back (streaming, any size: `streamLabelledRows`, `streamTextRows` for rows to score),
 * make grouped cross-validation folds, and parse CSV (the project's one parser). Every reader takes files
 * as users' tools leave them (byte-order marks, any line breaks, UTF-16, Windows-1252, gzip, `;`/tab CSV,
 * header case) and reads them as the clean file, reports every bad line with file, line and field, and
 * gives a row without an id of its own the id `line-<N>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupedStratifiedKFold, readRows } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const lines = ["id,text,label,pmid"];
 * for (let i = 0; i < 12; i++) {
 *   lines.push(`r${i},"Sentence ${i}, with a comma.",${i % 3 === 0 ? 1 : 0},p${Math.floor(i / 2)}`);
 * }
 * await Deno.writeTextFile(`${dir}/rows.csv`, lines.join("\n") + "\n");
 * const rows = await readRows(`${dir}/rows.csv`);
 * assert.equal(rows[0].label, "Adverse_Event");
 * const folds = groupedStratifiedKFold(rows, 3, 42);
 * assert.equal(folds.length, 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export type { Label, Manifest, Mention, Reject, Row, SplitKind } from "./types.ts";
export { normalizeText } from "./normalize.ts";
export { defaultCorpusSource } from "./default_source.ts";
export { isPublicCorpusSource } from "./public_corpus_source.ts";
export { type LoadedSource, loadSource, type LoadSourceOptions } from "./load_source.ts";
export {
  type LabelledFile,
  readLabelledFile,
  type ReadLabelledFileOptions,
  readRows,
  type RowStream,
  streamLabelledRows,
} from "./read_rows.ts";
export { readTextRows, streamTextRows, type TextRow } from "./read_text_rows.ts";
export { type CsvRecord, CsvSyntaxError, parseCsv, type ParseCsvOptions } from "./parse_csv.ts";
export { formatCsv } from "./format_csv.ts";
export { type SplitOptions, type SplitResult, splitRows } from "./split_rows.ts";
export { type Fold, groupedStratifiedKFold } from "./grouped_kfold.ts";
export { prepareDataset, type PreparedDataset, type PrepareOptions } from "./prepare_dataset.ts";
export {
  classBalance,
  type ClassBalanceRow,
  duplicateStructure,
  type DuplicateStructureRow,
} from "./corpus_summary.ts";
export { compareSplitLeakage, type SplitLeakageRow } from "./compare_splits.ts";
