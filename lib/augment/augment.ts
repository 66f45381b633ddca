/** `augment()`: prompt a generator until enough screened synthetic adverse-event sentences are accepted. */
import { createProgress, createRng, toJsonl, UsageError, writeFilesAtomic } from "../core/mod.ts";
import { type Label, loadSource, normalizeText, readRows, type Row } from "../data/mod.ts";
import type { TextGenerator } from "./generator.ts";
import { parseCandidates } from "./_parse_candidates.ts";
import { type DecodingParameters, DEFAULT_DECODING } from "./decoding.ts";
import { type Prompt, PromptExamplePool } from "./prompt.ts";
import {
  CandidateScreen,
  type ProtectedSentences,
  REJECT_REASONS,
  type RejectReason,
  type ScreenMatch,
} from "./screen.ts";

/** One accepted synthetic row, as written to the output file. */
export interface SyntheticRow {
  /** `syn-<seed>-<number>`. */
  id: string;
  /** The generated sentence. */
  text: string;
  /** Always `Adverse_Event`. */
  label: Label;
  /** Always `synthetic`. */
  source: "synthetic";
  /** Generator name (`offline`, `tgi`, `openai`, `sagemaker`). */
  generator: string;
  /** Model name (`mention-swap` for the offline generator). */
  model: string;
  /** Ids of the training rows shown in the prompt. */
  prompt_example_ids: string[];
  /** Seed of the call that produced it (prompt choice and decoding). */
  seed: number;
}

/** One rejected candidate, as written to `FILE.rejects.jsonl`. */
export interface RejectedCandidate {
  /** The candidate text. */
  text: string;
  /** Why it was rejected. */
  reason: RejectReason;
  /** What it matched (contamination, echo, duplicate). */
  match?: ScreenMatch;
  /** Index of the generator call. */
  call: number;
  /** Ids of the training rows shown in the prompt. */
  prompt_example_ids: string[];
}

/** The run summary, written to `FILE.summary.json`. */
export interface AugmentSummary {
  /** Accepted rows wanted (`--n`). */
  requested: number;
  /** Candidates parsed from generator output and screened. */
  generated: number;
  /** Accepted rows written. */
  accepted: number;
  /** Rejected candidates by reason (every reason listed, zeros included). */
  rejected: Record<RejectReason, number>;
  /** Candidates left unscreened because enough rows were accepted. */
  unused: number;
  /** Generator calls made, failed calls, and the budget. */
  calls: number;
  failed_calls: number;
  max_calls: number;
  /** True when the call budget ran out before `requested` rows were accepted. */
  budget_exhausted: boolean;
  /** Failed calls: index and message (no sentence text). */
  failures: Array<{ call: number; error: string }>;
  generator: string;
  model: string;
  seed: number;
  shots: number;
  per_call: number;
  threshold: number;
  min_chars: number;
  max_chars: number;
  decoding: Omit<DecodingParameters, "seed">;
  train: string;
  exclude: string[];
  corpus: string | null;
  /** Sentences the contamination index holds (distinct, normalised). */
  protected_sentences: number;
  /** Training positives never shown in a prompt because their text is also in an excluded file. */
  prompt_examples_skipped_as_excluded: number;
  /** Training positives usable as prompt examples. */
  prompt_examples_available: number;
}

/** Options of {@link augment}. */
export interface AugmentOptions {
  /** Training JSONL/CSV: the only source of prompt examples. */
  trainPath: string;
  /** Files whose sentences must never be reproduced (the test split). At least one. */
  excludePaths: string[];
  /** Corpus source (`loadSource`): its sentences outside the training split are protected too. */
  corpusSource?: string;
  /** The generator. */
  generator: TextGenerator;
  /** Accepted rows wanted. */
  n: number;
  /** Examples per prompt (default 5). */
  shots?: number;
  /** New sentences asked for per call (default 5). */
  perCall?: number;
  /** Seed of every random choice (default 42). */
  seed?: number;
  /** Output JSONL; rejects and summary go next to it. */
  outPath: string;
  /** Prompt template (default {@link DEFAULT_TEMPLATE}). */
  template?: string;
  /** Decoding overrides. */
  decoding?: Partial<DecodingParameters>;
  /** Call budget (default `3 * ceil(n / perCall) + 10`). */
  maxCalls?: number;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Near-duplicate threshold (default 0.8). */
  threshold?: number;
  /** Length bounds in characters (defaults 20 and 600). */
  minChars?: number;
  maxChars?: number;
  /** No progress output. */
  quiet?: boolean;
}

/** What {@link augment} returns. */
export interface AugmentResult {
  /** Accepted rows, in output order. */
  rows: SyntheticRow[];
  /** Rejected candidates. */
  rejects: RejectedCandidate[];
  /** The summary. */
  summary: AugmentSummary;
  /** Written files. */
  outPath: string;
  rejectsPath: string;
  summaryPath: string;
}

/**
 * Paths of the side files of an output file: `FILE.rejects.jsonl` and `FILE.summary.json`, where `FILE` is
 * the output path without `.jsonl`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(augmentSidePaths("out/syn.jsonl").rejectsPath, "out/syn.rejects.jsonl");
 * ```
 */
export function augmentSidePaths(outPath: string): { rejectsPath: string; summaryPath: string } {
  const stem = outPath.replace(/\.jsonl$/i, "");
  return { rejectsPath: `${stem}.rejects.jsonl`, summaryPath: `${stem}.summary.json` };
}

/**
 * Generates synthetic adverse-event rows: builds seeded few-shot prompts from training positives only,
 * calls the generator (concurrently, within a call budget; a failed call is counted, not fatal), parses
 * and screens every candidate, and writes the accepted rows, the rejects and a summary atomically. Same
 * seed and the offline generator give byte-identical output. Logs carry counts only, never sentences.
 * @param options inputs, generator, budget, output
 * @returns rows, rejects, summary and paths
 * @throws {UsageError} bad options; {@link DataError} unreadable input files
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OfflineGenerator } from "./offline_generator.ts";
 * const dir = await Deno.makeTempDir();
 * const test = { id: "t1", text: "Severe rash appeared after penicillin.", label: "Adverse_Event" };
 * await Deno.writeTextFile(`${dir}/test.jsonl`, JSON.stringify(test) + "\n");
 * const result = await augment({
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   excludePaths: [`${dir}/test.jsonl`],
 *   generator: new OfflineGenerator(),
 *   n: 4,
 *   seed: 42,
 *   outPath: `${dir}/synthetic.jsonl`,
 *   quiet: true,
 * });
 * assert.equal(result.rows.length, result.summary.accepted);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function augment(options: AugmentOptions): Promise<AugmentResult> {
  _validate(options);
  return await _augment(options);
}

function _validate(options: AugmentOptions): void {
  if (options.excludePaths.length === 0) {
    throw new UsageError("augment: at least one --exclude file (the test split) is required");
  }
  if (!Number.isInteger(options.n) || options.n < 1) {
    throw new UsageError("augment: --n must be an integer ≥ 1");
  }
  const shots = options.shots ?? 5;
  if (!Number.isInteger(shots) || shots < 1) {
    throw new UsageError("augment: --shots must be an integer ≥ 1");
  }
  const perCall = options.perCall ?? 5;
  if (!Number.isInteger(perCall) || perCall < 1) {
    throw new UsageError("augment: --per-call must be an integer ≥ 1");
  }
  const threshold = options.threshold ?? 0.8;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new UsageError("augment: --threshold must be in (0, 1]");
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError("augment: --concurrency must be an integer ≥ 1");
  }
  if (
    options.maxCalls !== undefined && (!Number.isInteger(options.maxCalls) || options.maxCalls < 1)
  ) {
    throw new UsageError("augment: --max-calls must be an integer ≥ 1");
  }
}

async function _augment(options: AugmentOptions): Promise<AugmentResult> {
  const shots = options.shots ?? 5;
  const perCall = options.perCall ?? 5;
  const seed = options.seed ?? 42;
  const concurrency = options.concurrency ?? 4;
  const maxCalls = options.maxCalls ?? 3 * Math.ceil(options.n / perCall) + 10;
  const decoding: DecodingParameters = { ...DEFAULT_DECODING, ...options.decoding };
  const generator = options.generator;

  const trainRows = await readRows(options.trainPath);
  const trainKeys = new Set(trainRows.map((row) => normalizeText(row.text)));
  const protectedSets: ProtectedSentences[] = [];
  const excludeTexts: string[] = [];
  for (const path of options.excludePaths) {
    const rows = await readRows(path);
    protectedSets.push({ origin: `exclude:${path}`, rows });
    for (const row of rows) excludeTexts.push(row.text);
  }
  if (options.corpusSource) {
    const corpus = await loadSource(options.corpusSource, { skipInvalid: true });
    const outsideTraining = corpus.rows.filter((row: Row) =>
      !trainKeys.has(normalizeText(row.text))
    );
    protectedSets.push({ origin: `corpus:${options.corpusSource}`, rows: outsideTraining });
  }
  const screen = new CandidateScreen({
    trainRows,
    protectedSets,
    threshold: options.threshold,
    minChars: options.minChars,
    maxChars: options.maxChars,
    index: { seed },
  });
  const pool = new PromptExamplePool(trainRows, {
    excludeTexts,
    requireMentions: !generator.isLanguageModel,
  });

  const rows: SyntheticRow[] = [];
  const rejects: RejectedCandidate[] = [];
  const rejected = Object.fromEntries(REJECT_REASONS.map((reason) => [reason, 0])) as Record<
    RejectReason,
    number
  >;
  const failures: Array<{ call: number; error: string }> = [];
  let generated = 0;
  let unused = 0;
  let calls = 0;
  const seeds = createRng(seed);
  const progress = createProgress("augment", options.n, { silent: options.quiet });

  while (rows.length < options.n && calls < maxCalls) {
    // Size the next round by the yield so far (accepted rows per call), so that a low acceptance rate
    // still uses the allowed concurrency; the rows do not depend on round sizes (seeds follow call order).
    const acceptedPerCall = calls > 0 ? rows.length / calls : perCall;
    const wanted = acceptedPerCall > 0
      ? Math.ceil((options.n - rows.length) / acceptedPerCall)
      : concurrency;
    const roundSize = Math.min(concurrency, maxCalls - calls, Math.max(1, wanted));
    const round: Array<{ call: number; callSeed: number; prompt: Prompt }> = [];
    for (let i = 0; i < roundSize; i++) {
      const callSeed = seeds.int(2 ** 31);
      const prompt = pool.buildPrompt(createRng(callSeed), {
        shots,
        requested: perCall,
        template: options.template,
      });
      round.push({ call: calls + i, callSeed, prompt });
    }
    calls += roundSize;
    const outcomes = await Promise.allSettled(
      round.map(({ prompt, callSeed }) =>
        generator.generate(prompt, { ...decoding, seed: callSeed })
      ),
    );
    for (let i = 0; i < round.length; i++) {
      const { call, callSeed, prompt } = round[i];
      const outcome = outcomes[i];
      if (outcome.status === "rejected") {
        const reason = outcome.reason;
        failures.push({ call, error: reason instanceof Error ? reason.message : String(reason) });
        continue;
      }
      const exampleIds = prompt.examples.map((example) => example.id);
      const candidates = parseCandidates(outcome.value, prompt);
      for (const candidate of candidates) {
        if (rows.length >= options.n) {
          unused++;
          continue;
        }
        generated++;
        const id = `syn-${seed}-${String(rows.length + 1).padStart(5, "0")}`;
        const verdict = screen.check(candidate, {
          examples: prompt.examples,
          checkEcho: generator.isLanguageModel,
          id,
        });
        if (verdict.accepted) {
          rows.push({
            id,
            text: candidate,
            label: "Adverse_Event",
            source: "synthetic",
            generator: generator.name,
            model: generator.model,
            prompt_example_ids: exampleIds,
            seed: callSeed,
          });
        } else {
          rejected[verdict.reason]++;
          rejects.push({
            text: candidate,
            reason: verdict.reason,
            ...(verdict.match ? { match: verdict.match } : {}),
            call,
            prompt_example_ids: exampleIds,
          });
        }
      }
    }
    progress.update(rows.length, `${calls} calls, ${failures.length} failed`);
  }
  const budgetExhausted = rows.length < options.n;
  progress.finish(
    budgetExhausted
      ? `call budget of ${maxCalls} used up with ${rows.length}/${options.n} accepted`
      : `${rows.length} accepted`,
  );
  const { seed: _unusedSeed, ...decodingWithoutSeed } = decoding;
  const summary: AugmentSummary = {
    requested: options.n,
    generated,
    accepted: rows.length,
    rejected,
    unused,
    calls,
    failed_calls: failures.length,
    max_calls: maxCalls,
    budget_exhausted: budgetExhausted,
    failures,
    generator: generator.name,
    model: generator.model,
    seed,
    shots,
    per_call: perCall,
    threshold: screen.threshold,
    min_chars: screen.minChars,
    max_chars: screen.maxChars,
    decoding: decodingWithoutSeed,
    train: options.trainPath,
    exclude: options.excludePaths,
    corpus: options.corpusSource ?? null,
    protected_sentences: screen.protectedCount,
    prompt_examples_skipped_as_excluded: pool.skippedAsExcluded,
    prompt_examples_available: pool.examples.length,
  };
  const { rejectsPath, summaryPath } = augmentSidePaths(options.outPath);
  await writeFilesAtomic([
    { path: options.outPath, data: toJsonl(rows) },
    { path: rejectsPath, data: toJsonl(rejects) },
    { path: summaryPath, data: JSON.stringify(summary, null, 2) + "\n" },
  ]);
  return { rows, rejects, summary, outPath: options.outPath, rejectsPath, summaryPath };
}
