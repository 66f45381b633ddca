/** The offline generator: new adverse-event sentences made by swapping drug and effect mentions. */
import { createRng, type Rng } from "../core/mod.ts";
import { normalizeText } from "../data/mod.ts";
import type { TextGenerator } from "./generator.ts";
import type { DecodingParameters } from "./decoding.ts";
import { validMentions } from "./_mentions.ts";
import type { Prompt, PromptExample } from "./prompt.ts";

/** Model name the offline generator writes into its rows. */
export const OFFLINE_MODEL = "mention-swap";

/** One span to replace in a sentence. */
interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * Builds new sentences from a prompt's training examples without a language model: each sentence is one
 * example with its drug, its effect, or both replaced by another example's mention (at the annotated
 * offsets; every occurrence of the replaced mention changes). A sentence is made only when the new mention
 * differs (normalised) from the old one, so every output differs from its source in at least one drug or
 * effect mention. Rows are marked `generator: "offline"`, `model: "mention-swap"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "../core/mod.ts";
 * import { readRows } from "../data/mod.ts";
 * import { DEFAULT_DECODING } from "./decoding.ts";
 * import { PromptExamplePool } from "./prompt.ts";
 * const pool = new PromptExamplePool(await readRows("tests/fixtures/data/ae_mentions.jsonl"));
 * const prompt = pool.buildPrompt(createRng(1), { shots: 5, requested: 3 });
 * const text = await new OfflineGenerator().generate(prompt, { ...DEFAULT_DECODING, seed: 7 });
 * assert.match(text, /^1\. /);
 * ```
 */
export class OfflineGenerator implements TextGenerator {
  readonly name = "offline" as const;
  readonly model = OFFLINE_MODEL;
  readonly isLanguageModel = false;

  /**
   * Returns `prompt.requested` numbered sentences (fewer when the examples offer no different mention).
   * @param prompt the prompt; only its examples are used
   * @param parameters only `seed` is used
   */
  generate(prompt: Prompt, parameters: DecodingParameters): Promise<string> {
    const rng = createRng(parameters.seed ?? 0);
    const lines: string[] = [];
    const examples = prompt.examples;
    for (let i = 0; i < prompt.requested && examples.length > 1; i++) {
      const source = examples[i % examples.length];
      const sentence = swapMentions(source, examples.filter((e) => e.id !== source.id), rng);
      if (sentence !== undefined) {
        lines.push(`${lines.length + 1}. ${sentence.replace(/\s+/g, " ")}`);
      }
    }
    return Promise.resolve(lines.join("\n"));
  }
}

/**
 * Swaps one or both mention kinds of `source` with a donor's mention.
 * @param source the example to rewrite
 * @param donors other examples to borrow mentions from
 * @param rng seeded choices
 * @returns the new sentence, or undefined when no donor has a different mention
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "../core/mod.ts";
 * import { readRows } from "../data/mod.ts";
 * import { PromptExamplePool } from "./prompt.ts";
 * const { examples } = new PromptExamplePool(await readRows("tests/fixtures/data/ae_mentions.jsonl"));
 * const sentence = swapMentions(examples[0], examples.slice(1), createRng(1));
 * assert.ok(sentence !== undefined && sentence !== examples[0].text);
 * ```
 */
export function swapMentions(
  source: PromptExample,
  donors: readonly PromptExample[],
  rng: Rng,
): string | undefined {
  if (donors.length === 0) return undefined;
  const roll = rng.next();
  const kindsToTry: Array<Array<"drugs" | "effects">> = roll < 1 / 3
    ? [["drugs"], ["effects"]]
    : roll < 2 / 3
    ? [["effects"], ["drugs"]]
    : [["drugs", "effects"], ["drugs"], ["effects"]];
  const firstDonor = rng.int(donors.length);
  for (const kinds of kindsToTry) {
    for (let offset = 0; offset < donors.length; offset++) {
      const donor = donors[(firstDonor + offset) % donors.length];
      const replacements: Replacement[] = [];
      for (const kind of kinds) {
        const planned = _plan(source, donor, kind, rng);
        if (planned) replacements.push(...planned);
      }
      if (replacements.length === 0) continue;
      return _apply(source.text, replacements);
    }
  }
  return undefined;
}

function _plan(
  source: PromptExample,
  donor: PromptExample,
  kind: "drugs" | "effects",
  rng: Rng,
): Replacement[] | undefined {
  const sourceMentions = validMentions(source.row, kind);
  const donorMentions = validMentions(donor.row, kind);
  if (sourceMentions.length === 0 || donorMentions.length === 0) return undefined;
  const old = sourceMentions[rng.int(sourceMentions.length)];
  const oldKey = normalizeText(old.text);
  const choices = donorMentions.filter((mention) => normalizeText(mention.text) !== oldKey);
  if (choices.length === 0) return undefined;
  const replacement = choices[rng.int(choices.length)];
  let newText = replacement.text;
  // A mention that opened the donor sentence loses its capital mid-sentence (unless it is an acronym).
  if (replacement.start === 0 && /^\p{Lu}\p{Ll}/u.test(newText)) {
    newText = newText[0].toLowerCase() + newText.slice(1);
  }
  const spans = new Map<number, Replacement>();
  for (const mention of sourceMentions) {
    if (normalizeText(mention.text) !== oldKey) continue;
    const text = mention.start === 0 ? newText[0].toUpperCase() + newText.slice(1) : newText;
    spans.set(mention.start, { start: mention.start, end: mention.end, text });
  }
  return [...spans.values()];
}

function _apply(text: string, replacements: Replacement[]): string | undefined {
  const sorted = [...replacements].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Replacement[] = [];
  for (const replacement of sorted) {
    const previous = kept[kept.length - 1];
    if (previous && replacement.start < previous.end) continue; // overlapping spans: keep the first
    kept.push(replacement);
  }
  let out = "";
  let cursor = 0;
  for (const replacement of kept) {
    out += text.slice(cursor, replacement.start) + replacement.text;
    cursor = replacement.end;
  }
  return out + text.slice(cursor);
}
