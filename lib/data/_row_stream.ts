/** Private: the row stream behind every file reader (labelled rows, rows to score). */
import { DataError } from "../core/mod.ts";
import { _IdSet } from "./_id_set.ts";
import { _ProblemLog } from "./_problem_log.ts";
import { _describe } from "./_row_fields.ts";
import { _openRecords } from "./_source_records.ts";
import type { SourceReport } from "./_text_source.ts";
import type { Reject } from "./types.ts";

/** Rows of a file as they are read, with what reading found out. */
export interface RowStream<T> extends AsyncIterable<T> {
  /** Rows skipped as invalid (only with `skipInvalid`; complete once the rows are read). */
  readonly rejects: readonly Reject[];
  /** Notes on how the file was read (complete once the rows are read). */
  readonly notes: readonly string[];
  /** Share of the file read so far, 0 to 1. */
  readonly progress: number;
}

/**
 * A row stream over records read by `_openRecords`: builds each row, checks ids, collects problems and,
 * at the end, fails with all of them unless they are skipped.
 * @param path the file
 * @param required the columns a CSV header needs
 * @param skipInvalid skip bad rows as rejects instead of failing
 * @param build makes the row of one record (throwing a DataError for a bad one)
 * @returns the stream
 */
export function _rowStream<T extends { id: string }>(
  path: string,
  required: readonly string[],
  skipInvalid: boolean,
  build: (fields: Record<string, unknown>, location: { file: string; line: number }) => T,
): RowStream<T> {
  const problems = new _ProblemLog(skipInvalid);
  let report: SourceReport | undefined;
  async function* rows(): AsyncGenerator<T> {
    const opened = await _openRecords(path, { required, problems });
    report = opened.report;
    const ids = new _IdSet();
    for await (const record of opened.records) {
      const row = problems.attempt(() => {
        const built = build(record.fields, { file: path, line: record.line });
        const earlier = ids.add(built.id, record.line);
        if (earlier !== undefined) {
          throw new DataError(
            { file: path, line: record.line, field: "id" },
            `id ${_describe(built.id)} already used on line ${earlier}`,
          );
        }
        return built;
      });
      // Once the read is bound to fail, keep checking rows but hand none on.
      if (row !== undefined && !problems.failed) yield row;
    }
    problems.throwIfFailed();
  }
  return {
    [Symbol.asyncIterator]: () => rows(),
    get rejects() {
      return problems.sorted();
    },
    get notes() {
      return report?.notes ?? [];
    },
    get progress() {
      return report && report.totalBytes > 0
        ? Math.min(1, report.bytesRead / report.totalBytes)
        : 0;
    },
  };
}
