/** Creates the evaluate runs the comparison needs (baseline, tuned, tuned + synthetic) when missing. */
import { resolve } from "node:path";
import { exists, readTextStrict } from "../core/mod.ts";
import { defaultCorpusSource, readRows, type Row } from "../data/mod.ts";
import {
  DEFAULT_HYPERPARAMETERS,
  type ModelHyperparameters,
  parseHyperparameters,
} from "../models/mod.ts";
import { OfflineGenerator } from "../augment/mod.ts";
import { recordAugment, recordPrepareDataset, recordTrainAndEvaluate } from "../record/mod.ts";
import { ExperimentStore, manifestHashOf, newRunId } from "../track/mod.ts";
import type { ComparisonConfiguration } from "./comparison.ts";

/** Options of {@link ensureComparisonRuns}. */
export interface EnsureComparisonRunsOptions {
  /** Experiment store. */
  storePath: string;
  /** Split folder with `train.jsonl`, `test.jsonl`, `manifest.json` (prepared with the grouped split if missing). */
  dataDir: string;
  /** Models and evaluation outputs go to `OUT/<configuration>/`. */
  outDir: string;
  /** Study run id; default: the newest run id whose baseline used this split, else a new one. */
  runId?: string;
  /** Tuning result `best.json` (`{trial, params, objective}`); default hyperparameters when absent. */
  bestParamsPath?: string;
  /** Synthetic AE rows (augment output); generated offline here when absent. */
  syntheticPath?: string;
  /** Accepted synthetic rows to generate when `syntheticPath` does not exist (default 300). */
  syntheticCount?: number;
  /** Seed of fitting, bootstrap and generation (default 42). */
  seed?: number;
  /** Bootstrap resamples of each evaluation (default evaluate's). */
  resamples?: number;
  /** No progress output. */
  quiet?: boolean;
}

/** What {@link ensureComparisonRuns} did. */
export interface ComparisonRunsResult {
  /** The study run id holding the three evaluate runs. */
  runId: string;
  /** Configurations trained and evaluated now. */
  created: ComparisonConfiguration[];
  /** Configurations already in the store (left as they were). */
  reused: ComparisonConfiguration[];
  /** What was assumed or generated (fallbacks), for the reader. */
  notes: string[];
}

/**
 * Makes sure one study run holds the completed evaluate runs `baseline` (default hyperparameters),
 * `tuned` (the best trial's hyperparameters from `best.json`) and `tuned+synthetic` (the same
 * hyperparameters, trained on the training split plus the synthetic AE rows), all on the same test split.
 * Existing runs are reused; missing ones are trained with {@link trainAndEvaluate}. Missing inputs fall
 * back (split prepared from the corpus, default hyperparameters, synthetic rows from the offline
 * generator) and each fallback is reported in `notes`.
 * @param options store, data, outputs, tuning and augmentation results, seed
 * @returns the run id, what was created or reused, and notes
 * @throws {DataError} on malformed data files; {@link UsageError} on an invalid best.json
 * @example On a split of 24 invented rows, without a tuning result (minutes on the corpus's split)
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareDataset } from "../data/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 24 }, (_, i) => JSON.stringify({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" : "Adverse_Event",
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * await Deno.writeTextFile(`${dir}/rows.jsonl`, rows.join("\n") + "\n");
 * const synthetic = { id: "s0", pmid: "synthetic", label: "Adverse_Event", text: "Hives after drug 3." };
 * await Deno.writeTextFile(`${dir}/synthetic.jsonl`, JSON.stringify(synthetic) + "\n");
 * await prepareDataset({ source: `${dir}/rows.jsonl`, split: "grouped", seed: 42, testSize: 0.25, out: `${dir}/data`, quiet: true });
 * const options = {
 *   storePath: `${dir}/ade.sqlite`, dataDir: `${dir}/data`, outDir: `${dir}/compare`,
 *   syntheticPath: `${dir}/synthetic.jsonl`, resamples: 200, quiet: true,
 * };
 * const first = await ensureComparisonRuns(options);
 * assert.deepEqual(first.created, ["baseline", "tuned", "tuned+synthetic"]);
 * assert.ok(first.notes.some((note) => note.startsWith("No tuning result"))); // tuned = the defaults
 * const again = await ensureComparisonRuns(options);
 * assert.deepEqual([again.runId, again.created.length, again.reused.length], [first.runId, 0, 3]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function ensureComparisonRuns(
  options: EnsureComparisonRunsOptions,
): Promise<ComparisonRunsResult> {
  const seed = options.seed ?? 42;
  const notes: string[] = [];
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);
  const storePath = resolve(options.storePath);
  const trainPath = `${dataDir}/train.jsonl`;
  const testPath = `${dataDir}/test.jsonl`;
  const manifestPath = `${dataDir}/manifest.json`;
  if (!(await exists(manifestPath)) || !(await exists(trainPath)) || !(await exists(testPath))) {
    await recordPrepareDataset({
      source: defaultCorpusSource(),
      split: "grouped",
      seed,
      testSize: 0.2,
      out: dataDir,
      quiet: options.quiet,
    }, { storePath, runId: options.runId });
    notes.push(`No split in ${options.dataDir}: prepared the grouped split (seed ${seed}) there.`);
  }
  const manifestHash = await manifestHashOf(manifestPath);
  const manifest = JSON.parse(await readTextStrict(manifestPath)) as {
    source?: unknown;
    split?: unknown;
  };
  const dataSource = {
    source: typeof manifest.source === "string" ? manifest.source : null,
    split: typeof manifest.split === "string" ? manifest.split : null,
  };

  const store = await ExperimentStore.open(storePath);
  let runId: string;
  const existing = new Set<string>();
  try {
    runId = options.runId ??
      store.listRuns({ kind: "evaluate", name: "baseline", status: "completed" })
        .filter((run) => run.manifestHash === manifestHash).at(-1)?.runId ??
      newRunId("study");
    for (const run of store.listRuns({ runId, kind: "evaluate", status: "completed" })) {
      existing.add(run.name);
    }
  } finally {
    store.close();
  }

  const created: ComparisonConfiguration[] = [];
  const reused: ComparisonConfiguration[] = [];
  let rows: { train: Row[]; test: Row[] } | undefined;
  const loadRows = async () => (rows ??= {
    train: await readRows(trainPath),
    test: await readRows(testPath),
  });
  const evaluate = async (
    name: ComparisonConfiguration,
    hyperparameters: ModelHyperparameters,
    extraTrainRows: Row[] = [],
  ) => {
    const { train, test } = await loadRows();
    await recordTrainAndEvaluate({
      name,
      trainRows: [...train, ...extraTrainRows],
      testRows: test,
      hyperparameters,
      seed,
      outDir: `${outDir}/${name}`,
      manifestHash,
      dataSource,
      ...(options.resamples ? { resamples: options.resamples } : {}),
    }, { storePath, runId });
    created.push(name);
  };

  if (existing.has("baseline")) reused.push("baseline");
  else await evaluate("baseline", { ...DEFAULT_HYPERPARAMETERS });

  const tunedHyperparameters = await _bestHyperparameters(options.bestParamsPath, notes);
  if (existing.has("tuned")) reused.push("tuned");
  else await evaluate("tuned", tunedHyperparameters);

  if (existing.has("tuned+synthetic")) reused.push("tuned+synthetic");
  else {
    const syntheticPath = resolve(options.syntheticPath ?? `${outDir}/synthetic.jsonl`);
    if (!(await exists(syntheticPath))) {
      const result = await recordAugment({
        trainPath,
        excludePaths: [testPath],
        generator: new OfflineGenerator(),
        n: options.syntheticCount ?? 300,
        seed,
        outPath: syntheticPath,
        quiet: options.quiet ?? true,
      }, { storePath, runId });
      notes.push(
        `No synthetic rows at ${
          options.syntheticPath ?? syntheticPath
        }: generated ${result.rows.length} with the offline (mention-swap) generator.`,
      );
    }
    const synthetic = await readRows(syntheticPath);
    await evaluate("tuned+synthetic", tunedHyperparameters, synthetic);
    notes.push(
      `tuned+synthetic: trained on the training split plus ${synthetic.length} synthetic rows.`,
    );
  }
  return { runId, created, reused, notes };
}

async function _bestHyperparameters(
  bestParamsPath: string | undefined,
  notes: string[],
): Promise<ModelHyperparameters> {
  if (bestParamsPath && (await exists(bestParamsPath))) {
    const best = JSON.parse(await readTextStrict(bestParamsPath)) as {
      trial?: number;
      params?: Record<string, string | number | boolean>;
      objective?: number;
    } | null;
    if (best && best.params) {
      notes.push(
        `tuned: hyperparameters of trial ${
          best.trial ?? "?"
        } from ${bestParamsPath} (validation objective ${best.objective ?? "?"}).`,
      );
      return parseHyperparameters(best.params, bestParamsPath);
    }
    notes.push(
      `${bestParamsPath} holds no completed trial: "tuned" uses the default hyperparameters.`,
    );
  } else {
    notes.push(
      `No tuning result${
        bestParamsPath ? ` at ${bestParamsPath}` : ""
      }: "tuned" uses the default hyperparameters, so it can only equal the baseline.`,
    );
  }
  return { ...DEFAULT_HYPERPARAMETERS };
}

/**
 * What {@link ensureComparisonRuns} did, as markdown: the run id, what was trained or reused, the notes.
 * @param result its result
 * @returns markdown
 * @example Of `ensureComparisonRuns`'s result (in a notebook, wrap it in `markdownDisplay`)
 * ```ts
 * import assert from "node:assert/strict";
 * const markdown = comparisonRunsMarkdown({
 *   runId: "study-1", created: ["tuned+synthetic"], reused: ["baseline", "tuned"],
 *   notes: ["tuned+synthetic: trained on the training split plus 300 synthetic rows."],
 * });
 * assert.ok(markdown.startsWith("Run id `study-1` — trained now: tuned+synthetic; reused from the store: baseline, tuned."));
 * ```
 */
export function comparisonRunsMarkdown(result: ComparisonRunsResult): string {
  return `Run id \`${result.runId}\` — trained now: ${result.created.join(", ") || "none"}; ` +
    `reused from the store: ${result.reused.join(", ") || "none"}.\n\n` +
    result.notes.map((note) => `- ${note}`).join("\n") + "\n";
}
