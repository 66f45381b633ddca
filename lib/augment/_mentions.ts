/** Drug and effect mentions whose offsets can be trusted (used to spread prompts and by the offline generator). */
import type { Row } from "../data/mod.ts";

/**
 * The mentions of one kind whose offsets point at exactly their text in the sentence (others are ignored,
 * so a row with stale offsets can never corrupt a generated sentence).
 * @param row a training row with `drugs` / `effects`
 * @param kind `drugs` or `effects`
 * @returns the valid mentions, in the row's order
 * @example validMentions({ id: "1", text: "Rash after aspirin.", label: "Adverse_Event",
 *   drugs: [{ text: "aspirin", start: 11, end: 18 }] }, "drugs").length === 1
 */
export function validMentions(
  row: Row,
  kind: "drugs" | "effects",
): Array<{ text: string; start: number; end: number }> {
  const mentions = row[kind];
  if (!Array.isArray(mentions)) return [];
  return mentions.filter((mention) =>
    typeof mention?.text === "string" && Number.isInteger(mention.start) &&
    Number.isInteger(mention.end) && mention.start >= 0 && mention.end > mention.start &&
    row.text.slice(mention.start, mention.end) === mention.text
  );
}

/**
 * True when a row has at least one valid drug and one valid effect mention (what the offline generator needs).
 * @param row a training row
 * @returns whether both kinds have a valid mention
 * @example hasSwappableMentions({ id: "1", text: "x", label: "Not_AE" }) === false
 */
export function hasSwappableMentions(row: Row): boolean {
  return validMentions(row, "drugs").length > 0 && validMentions(row, "effects").length > 0;
}
