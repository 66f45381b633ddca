/** Private: the drug and effect mention texts of a row, for the model's corpus evidence. */
import type { Row } from "../data/mod.ts";

/** The row's mention texts (empty lists when the row carries none, e.g. the user's own CSV). */
export function _mentionsOf(row: Row): { effects: string[]; drugs: string[] } {
  return {
    effects: (row.effects ?? []).map((mention) => mention.text),
    drugs: (row.drugs ?? []).map((mention) => mention.text),
  };
}
