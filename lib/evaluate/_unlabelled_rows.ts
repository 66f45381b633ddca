/** Private: reads rows to score (JSONL objects or CSV records with a `text` field; label not needed). */
import { readTextRows } from "../data/mod.ts";

/** One row to score. */
export interface _TextRow {
  /** The row's own id, else `line-<N>` (N the line its record starts on). */
  id: string;
  /** The sentence. */
  text: string;
  /** Every field of the row as read (JSONL values, or CSV strings by column name). */
  fields: Record<string, unknown>;
}

/**
 * Reads JSONL or CSV rows with a `text` into memory (the data stage's `readTextRows`, whose rules for
 * files, ids and problems it follows).
 */
export async function _readTextRows(path: string): Promise<_TextRow[]> {
  return (await readTextRows(path)).map(({ id, text, fields }) => ({ id, text, fields }));
}
