/** Turns plain records into a Polars DataFrame with integer columns kept as integers. */
import pl from "nodejs-polars";
import { type TableDisplayOptions, withTableDisplay } from "./with_table_display.ts";

/** A table cell: number, text, boolean or missing. */
type RecordValue = number | string | boolean | null | undefined;

/**
 * Builds a Polars DataFrame from records (column order from the first record). Numeric columns whose values
 * are all integers become `Int64`, other numeric columns `Float64`, booleans `Bool`, the rest `Utf8`.
 * In Deno's Jupyter kernel the frame renders as a readable table ({@link withTableDisplay}: integers
 * with thousands separators, other numbers with 3 decimals, optional key columns first).
 * @param records rows of plain values, e.g. the output of {@link classBalance}
 * @param display how the table renders in a notebook (key columns, decimals, rows shown)
 * @returns the frame
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const frame = recordsFrame([{ split: "grouped", text_overlap: 0 }, { split: "random", text_overlap: 12 }]);
 * assert.deepEqual(frame.getColumn("text_overlap").toArray(), [0, 12]);
 * ```
 */
export function recordsFrame<T extends object>(
  records: readonly T[],
  display: TableDisplayOptions = {},
): pl.DataFrame {
  if (records.length === 0) return withTableDisplay(pl.DataFrame([]), display);
  const columns = Object.keys(records[0]);
  return withTableDisplay(
    pl.DataFrame(columns.map((name) => {
      const values = records.map((record) => (record as Record<string, RecordValue>)[name] ?? null);
      const present = values.filter((value) => value !== null);
      if (present.length > 0 && present.every((value) => typeof value === "number")) {
        const integral = present.every((value) => Number.isSafeInteger(value));
        return pl.Series(name, values as Array<number | null>, integral ? pl.Int64 : pl.Float64);
      }
      if (present.length > 0 && present.every((value) => typeof value === "boolean")) {
        return pl.Series(name, values as Array<boolean | null>, pl.Bool);
      }
      return pl.Series(name, values.map((value) => value === null ? null : String(value)), pl.Utf8);
    })),
    display,
  );
}
