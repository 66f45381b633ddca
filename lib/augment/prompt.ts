/** Few-shot prompts: training adverse-event sentences, chosen with a seed and spread over different drugs. */
import { AdeError, type Rng } from "../core/mod.ts";
import { normalizeText, type Row } from "../data/mod.ts";
import { hasSwappableMentions, validMentions } from "./_mentions.ts";
import { DEFAULT_TEMPLATE, renderTemplate } from "./prompt_template.ts";

/** A training row that can appear in a prompt, plus the drug used to spread examples. */
export interface PromptExample {
  /** Row id in the training file. */
  id: string;
  /** The sentence, verbatim. */
  text: string;
  /** The row itself (mentions are used by the offline generator). */
  row: Row;
  /** Normalised main drug, or `""` when the row has no drug mention. */
  drugKey: string;
}

/** A rendered prompt: its text and the training rows it shows. */
export interface Prompt {
  /** The prompt text sent to a language model. */
  text: string;
  /** The examples, in the order they appear. */
  examples: PromptExample[];
  /** Number of new sentences the prompt asks for. */
  requested: number;
}

/**
 * The training adverse-event sentences prompts may show. It holds only rows of the training file, and
 * {@link PromptExamplePool.buildPrompt} refuses any example that is not one of them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "../core/mod.ts";
 * import { readRows } from "../data/mod.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const pool = new PromptExamplePool(rows, { excludeTexts: [rows[0].text] });
 * const prompt = pool.buildPrompt(createRng(1), { shots: 3, requested: 5 });
 * assert.equal(prompt.examples.length, 3);
 * assert.ok(prompt.examples.every((example) => example.id !== rows[0].id));
 * ```
 */
export class PromptExamplePool {
  /** Usable examples (training positives not also present in an excluded file). */
  readonly examples: readonly PromptExample[];
  /** Training positives left out because their text is also in an excluded file. */
  readonly skippedAsExcluded: number;
  readonly #trainTextsById: Map<string, string>;

  /**
   * @param trainRows every row of the training file
   * @param options `excludeTexts`: sentences (e.g. the test split) whose normalised text must never enter a
   *   prompt; `requireMentions`: keep only rows with valid drug and effect mentions (offline generator)
   * @throws {AdeError} when no usable adverse-event row remains
   */
  constructor(
    trainRows: readonly Row[],
    options: { excludeTexts?: Iterable<string>; requireMentions?: boolean } = {},
  ) {
    const excluded = new Set<string>();
    for (const text of options.excludeTexts ?? []) excluded.add(normalizeText(text));
    this.#trainTextsById = new Map(trainRows.map((row) => [row.id, row.text]));
    const examples: PromptExample[] = [];
    let skipped = 0;
    for (const row of trainRows) {
      if (row.label !== "Adverse_Event") continue;
      if (excluded.has(normalizeText(row.text))) {
        skipped++;
        continue;
      }
      if (options.requireMentions && !hasSwappableMentions(row)) continue;
      const drug = validMentions(row, "drugs")[0];
      examples.push({
        id: row.id,
        text: row.text,
        row,
        drugKey: drug ? normalizeText(drug.text) : "",
      });
    }
    if (examples.length === 0) {
      throw new AdeError(
        options.requireMentions
          ? "no training Adverse_Event row with drug and effect mentions (the offline generator needs them)"
          : "no training Adverse_Event row to use as a prompt example",
      );
    }
    this.examples = examples;
    this.skippedAsExcluded = skipped;
  }

  /**
   * Picks `shots` examples with `rng`, preferring a different drug for each, and renders the template.
   * @param rng seeded random source
   * @param options `shots` examples (default 5), `requested` new sentences (default 5), `template`
   * @returns the prompt
   * @throws {AdeError} if an example is not a training row (a programming error: never expected)
   */
  buildPrompt(
    rng: Rng,
    options: { shots?: number; requested?: number; template?: string } = {},
  ): Prompt {
    const shots = options.shots ?? 5;
    const requested = options.requested ?? 5;
    const examples = this.#pick(rng, shots);
    for (const example of examples) {
      // Only training data ever enters a prompt: the id and the verbatim text must be a training row's.
      if (this.#trainTextsById.get(example.id) !== example.text) {
        throw new AdeError(`prompt example ${example.id} is not a row of the training file`);
      }
    }
    return {
      text: renderTemplate(options.template ?? DEFAULT_TEMPLATE, {
        examples: examples.map((example, i) => `${i + 1}. ${example.text}`).join("\n"),
        shots: String(examples.length),
        n: String(requested),
      }),
      examples,
      requested,
    };
  }

  #pick(rng: Rng, shots: number): PromptExample[] {
    const count = Math.min(shots, this.examples.length);
    const chosen: PromptExample[] = [];
    const usedDrugs = new Set<string>();
    const usedIds = new Set<string>();
    // Rejection sampling first (fast on a large pool), then a shuffled scan for what is left.
    for (let attempt = 0; attempt < count * 20 && chosen.length < count; attempt++) {
      const candidate = this.examples[rng.int(this.examples.length)];
      if (usedIds.has(candidate.id)) continue;
      if (candidate.drugKey !== "" && usedDrugs.has(candidate.drugKey)) continue;
      chosen.push(candidate);
      usedIds.add(candidate.id);
      usedDrugs.add(candidate.drugKey);
    }
    if (chosen.length < count) {
      const order = rng.shuffle([...this.examples.keys()]);
      for (const allowRepeatDrug of [false, true]) {
        for (const index of order) {
          if (chosen.length >= count) break;
          const candidate = this.examples[index];
          if (usedIds.has(candidate.id)) continue;
          if (!allowRepeatDrug && candidate.drugKey !== "" && usedDrugs.has(candidate.drugKey)) {
            continue;
          }
          chosen.push(candidate);
          usedIds.add(candidate.id);
          usedDrugs.add(candidate.drugKey);
        }
      }
    }
    return chosen;
  }
}
