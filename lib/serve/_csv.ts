/** CSV quoting for the `text/csv` response format (private to lib/serve; parsing is `parseCsv` of lib/data). */

/**
 * Quotes one CSV field when it needs it (comma, quote, CR or LF), doubling inner quotes.
 * @param field the value
 * @returns the field as written in CSV
 */
export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
