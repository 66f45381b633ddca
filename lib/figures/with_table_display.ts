/** Polars frames that render in notebooks as readable tables: rounded numbers, key columns first. */
import type pl from "nodejs-polars";
import {
  type _ColumnKind,
  _escapeHtml,
  _formatCell,
  type _TableColumn,
  _tableHtml,
  _tableText,
} from "./_table_cells.ts";

/** How a frame renders in a notebook. */
export interface TableDisplayOptions {
  /**
   * Columns shown in the table, in this order (names the frame lacks are skipped); the full table with
   * every column follows in a collapsed `<details>` block. Default: every column, no block.
   */
  keyColumns?: readonly string[];
  /** Decimals of non-integer numbers (default 3). */
  decimals?: number;
  /** Most rows shown (default 50); the table says how many there are. */
  maxRows?: number;
}

/** The kind of a Polars column, from its data type. */
function _columnKind(dtype: unknown): _ColumnKind {
  const name = String(dtype);
  if (/U?Int\d+/.test(name)) return "integer";
  if (/Float\d+|Decimal/.test(name)) return "float";
  if (/Bool/.test(name)) return "boolean";
  return "text";
}

/**
 * Makes `frame` render in Deno's Jupyter kernel as a readable table instead of Polars' raw values:
 * integers with thousands separators (`23,516`), other numbers rounded (`0.712`), missing values as `—`,
 * at most `maxRows` rows, and, with `keyColumns`, those columns first and the full table on demand
 * (`<details>`). The bundle has `text/html` and an aligned `text/plain`. The frame itself is unchanged
 * (same columns, same values) and is returned for chaining; frames derived from it render as Polars'.
 * @param frame the frame (its display is replaced)
 * @param options key columns, decimals, rows shown
 * @returns `frame`
 * @example
 * ```ts
 * import pl from "nodejs-polars";
 * const frame = withTableDisplay(pl.DataFrame({ split: ["grouped"], f1: [0.71234], rows: [23516] }));
 * const bundle = (frame as unknown as Record<symbol, () => Record<string, string>>)[
 *   Symbol.for("Jupyter.display")
 * ]();
 * console.log(bundle["text/plain"].includes("0.712")); // true
 * ```
 */
export function withTableDisplay(
  frame: pl.DataFrame,
  options: TableDisplayOptions = {},
): pl.DataFrame {
  Object.defineProperty(frame, Symbol.for("Jupyter.display"), {
    value: () => _tableBundle(frame, options),
    configurable: true,
    enumerable: false,
  });
  return frame;
}

/** The MIME bundle of `frame` as {@link withTableDisplay} draws it. */
function _tableBundle(frame: pl.DataFrame, options: TableDisplayOptions): Record<string, string> {
  const decimals = options.decimals ?? 3;
  const shown = Math.min(frame.height, options.maxRows ?? 50);
  const columns: _TableColumn[] = frame.columns.map((name, index) => ({
    name,
    kind: _columnKind(frame.dtypes[index]),
    values: frame.getColumn(name).head(shown).toArray(),
  }));
  const byName = new Map(columns.map((column) => [column.name, column]));
  const key = options.keyColumns
    ? options.keyColumns.flatMap((name) => byName.get(name) ?? [])
    : columns;
  const rest = columns.filter((column) => !key.includes(column));
  const ordered = [...key, ...rest];
  const rowsNote = shown < frame.height
    ? `<p>First ${_formatCell(shown, "integer", 0)} of ${
      _formatCell(frame.height, "integer", 0)
    } rows.</p>`
    : "";
  const details = rest.length > 0
    ? `<details><summary style="display:list-item;cursor:pointer">Show all ${columns.length} columns (adds ${
      _escapeHtml(rest.map((column) => column.name).join(", "))
    })</summary>${_tableHtml(ordered, shown, decimals)}</details>`
    : "";
  const textNote = shown < frame.height ? `\n(first ${shown} of ${frame.height} rows)` : "";
  const textRest = rest.length > 0
    ? `\n(${rest.length} more columns: ${rest.map((column) => column.name).join(", ")})`
    : "";
  return {
    "text/html": `<div class="ade-table">${
      _tableHtml(key, shown, decimals)
    }${rowsNote}${details}</div>`,
    "text/plain": `${_tableText(key, shown, decimals)}${textNote}${textRest}`,
  };
}
