/** How table cells read in notebooks: integers with thousands separators, other numbers rounded. */

/** What a column holds, as the table formats it. */
export type _ColumnKind = "integer" | "float" | "boolean" | "text";

/** A column to draw: its name, kind and values. */
export interface _TableColumn {
  name: string;
  kind: _ColumnKind;
  values: readonly unknown[];
}

const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * One cell as text: missing values as `—`; integers as `23,516`; other numbers with `decimals` decimals
 * and thousands separators (`0.712`, `1,234.500`), except non-zero values that would round to zero,
 * which keep three significant digits (`2.50e-5`), and `NaN` / `∞`.
 */
export function _formatCell(value: unknown, kind: _ColumnKind, decimals: number): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "bigint") return integerFormat.format(value);
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    if (kind === "integer" && Number.isInteger(value)) return integerFormat.format(value);
    if (value !== 0 && Math.abs(value) < 0.5 * 10 ** -decimals) return value.toExponential(2);
    return value.toLocaleString("en-US", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  }
  return String(value);
}

/** Escapes text for HTML content and attribute values. */
export function _escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** An HTML `<table>` of `columns` over the first `rows` rows, numbers right-aligned. */
export function _tableHtml(
  columns: readonly _TableColumn[],
  rows: number,
  decimals: number,
): string {
  const numeric = (column: _TableColumn) => column.kind === "integer" || column.kind === "float";
  const head = columns.map((column) =>
    `<th${numeric(column) ? ' style="text-align:right"' : ' style="text-align:left"'}>${
      _escapeHtml(column.name)
    }</th>`
  ).join("");
  const body: string[] = [];
  for (let row = 0; row < rows; row++) {
    body.push(
      `<tr>${
        columns.map((column) =>
          `<td style="text-align:${numeric(column) ? "right" : "left"}">${
            _escapeHtml(_formatCell(column.values[row], column.kind, decimals))
          }</td>`
        ).join("")
      }</tr>`,
    );
  }
  return `<table><thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

/** The same table as aligned plain text (numbers right-aligned). */
export function _tableText(
  columns: readonly _TableColumn[],
  rows: number,
  decimals: number,
): string {
  const cells = columns.map((column) => [
    column.name,
    ...Array.from(
      { length: rows },
      (_, row) => _formatCell(column.values[row], column.kind, decimals),
    ),
  ]);
  const widths = cells.map((column) => Math.max(...column.map((cell) => cell.length)));
  const lines: string[] = [];
  for (let line = 0; line <= rows; line++) {
    lines.push(
      cells.map((column, index) => {
        const numeric = columns[index].kind === "integer" || columns[index].kind === "float";
        return numeric && line > 0
          ? column[line].padStart(widths[index])
          : column[line].padEnd(widths[index]);
      }).join("  ").trimEnd(),
    );
    if (line === 0) lines.push(widths.map((width) => "-".repeat(width)).join("  "));
  }
  return lines.join("\n");
}
