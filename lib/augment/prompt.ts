/** Few-shot prompts: training adverse-event sentences, chosen with a seed and spread over different drugs. */
import { AdeError, UsageError } from "../core/errors.ts";
import { readTextStrict } from "../core/fs.ts";
import type { Rng } from "../core/random.ts";
import type { Row } from "../data/types.ts";
import { normalizeText } from "../data/normalize.ts";

/** Decoding settings sent with every generation request. */
export interface DecodingParameters {
  /** Sampling temperature (> 0). */
  temperature: number;
  /** Nucleus sampling mass in (0, 1]. */
  top_p: number;
  /** Upper bound of generated tokens per call. */
  max_new_tokens: number;
  /** Stop sequences (TGI accepts at most 4). */
  stop: string[];
  /** Sampling seed of this call, when the server supports one. */
  seed?: number;
}

/** Defaults for instruction-tuned Falcon models (7B/40B-instruct): sampled, varied, about 5 sentences. */
export const DEFAULT_DECODING: Readonly<DecodingParameters> = Object.freeze({
  temperature: 0.9,
  top_p: 0.95,
  max_new_tokens: 400,
  stop: ["\nUser:", "\n\n\n"],
});

/**
 * The default instruction template for Falcon-7B/40B-instruct (Falcon's `User:` / `Assistant:` turns).
 * Placeholders: `{{examples}}` (the numbered example sentences, verbatim), `{{shots}}` (how many examples)
 * and `{{n}}` (how many new sentences to ask for).
 */
export const DEFAULT_TEMPLATE =
  `User: Here are {{shots}} sentences from published medical case reports. Each one describes an adverse drug event: a patient had an adverse effect caused by a drug.

{{examples}}

Write {{n}} new sentences in the same style. Each must name a drug and an adverse effect it caused. Use other drugs and other effects than the examples. Write one sentence per line, numbered, and nothing else.
Assistant:
`;

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
 * const pool = new PromptExamplePool(trainRows, { excludeTexts: testTexts });
 * const prompt = pool.buildPrompt(createRng(1), { shots: 5, requested: 5 });
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

/**
 * Fills `{{name}}` placeholders. Unknown placeholders are an error, so a typo in a template file is caught.
 * @param template text with placeholders
 * @param values placeholder values
 * @returns the filled text
 * @throws {UsageError} on a placeholder with no value, or a template without `{{examples}}`
 * @example renderTemplate("{{n}} new", { n: "5", examples: "" }) // throws: no {{examples}}
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  if (!template.includes("{{examples}}")) {
    throw new UsageError("the prompt template must contain {{examples}}");
  }
  return template.replace(/\{\{\s*([A-Za-z_]+)\s*\}\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new UsageError(
        `unknown placeholder {{${name}}} in the prompt template (known: ${
          Object.keys(values).map((key) => `{{${key}}}`).join(", ")
        })`,
      );
    }
    return value;
  });
}

/**
 * Reads a prompt template file and checks its placeholders.
 * @param path template file (UTF-8)
 * @returns the template text
 * @throws {DataError} missing or unreadable file; {@link UsageError} for bad placeholders
 * @example const template = await readPromptTemplate("prompts/falcon.txt");
 */
export async function readPromptTemplate(path: string): Promise<string> {
  const template = await readTextStrict(path);
  renderTemplate(template, { examples: "", shots: "5", n: "5" });
  return template;
}

/** Mentions of one kind whose offsets point at their text in the sentence. */
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

/** True when a row has at least one valid drug and one valid effect mention. */
export function hasSwappableMentions(row: Row): boolean {
  return validMentions(row, "drugs").length > 0 && validMentions(row, "effects").length > 0;
}
