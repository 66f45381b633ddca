/** Turns a generator's raw text into candidate sentences. */
import { normalizeText } from "../data/mod.ts";
import type { Prompt } from "./prompt.ts";

const LIST_MARKER = /^\s*(?:(?:\(?\d{1,3}[.):\]](?!\d)|[-*•·–—>]+(?=\s)|#+)\s*)+/u;
const LABEL_PREFIX = /^\s*(?:new\s+)?(?:sentence|example)\s*\d*\s*[:.-]\s*/iu;
const QUOTES = /^[\s"'“”‘’«»`]+|[\s"'“”‘’«»`]+$/gu;

/**
 * Splits generated text into candidate sentences: one per non-blank line, with list numbering, bullets,
 * `Sentence 3:` labels and surrounding quotes stripped. A prompt echoed at the start is removed, and lines
 * that repeat the prompt's instructions are dropped. A line that is empty after stripping stays as `""`
 * (the screen rejects it as `empty`); a text with no line at all gives one `""`.
 * @param generated raw generator output
 * @param prompt the prompt it answered (to drop an echo)
 * @returns candidate sentences in order
 * @example parseCandidates('1. "Rash after penicillin."\n2) Fever.') // ["Rash after penicillin.", "Fever."]
 */
export function parseCandidates(generated: string, prompt?: Prompt): string[] {
  let text = generated.replace(/\r\n?/g, "\n");
  if (prompt && text.startsWith(prompt.text)) text = text.slice(prompt.text.length);
  const instructionLines = new Set<string>();
  if (prompt) {
    const exampleKeys = new Set(prompt.examples.map((example) => normalizeText(example.text)));
    for (const line of prompt.text.split("\n")) {
      const key = normalizeText(_strip(line));
      if (key !== "" && !exampleKeys.has(key)) instructionLines.add(key);
    }
  }
  const candidates: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || /^\s*(?:assistant|user)\s*:\s*$/iu.test(line)) continue;
    const candidate = _strip(line);
    if (candidate !== "" && instructionLines.has(normalizeText(candidate))) continue;
    candidates.push(candidate);
  }
  return candidates.length > 0 ? candidates : [""];
}

function _strip(line: string): string {
  let value = line.trim();
  value = value.replace(/^(?:assistant|user)\s*:\s*/iu, "");
  value = value.replace(LIST_MARKER, "");
  value = value.replace(LABEL_PREFIX, "");
  value = value.replace(QUOTES, "");
  return value.trim();
}
