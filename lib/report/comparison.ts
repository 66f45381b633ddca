/** The three-way comparison (baseline, tuned, tuned + synthetic) read from the experiment store. */
import { AdeError, exists, readTextStrict } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import { type EvaluatedPrediction, readPredictions } from "../evaluate/mod.ts";
import { bootstrapF1Interval, mcnemarExact, pairedBootstrapF1Difference } from "../metrics/mod.ts";
import type { ExperimentStore, RunRecord } from "../track/mod.ts";
import { _resolveArtifactPath } from "./_artifact_path.ts";

/** The configurations of the comparison, in table order. */
const COMPARISON_CONFIGURATIONS = ["baseline", "tuned", "tuned+synthetic"] as const;

/** One configuration name. */
export type ComparisonConfiguration = typeof COMPARISON_CONFIGURATIONS[number];

/** An interval with how it was obtained. */
export interface Interval {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
  /** e.g. `bootstrap-percentile-pmid-cluster`. */
  method: string;
  /** Bootstrap resamples. */
  resamples: number;
}

/** The metrics of one configuration as the table shows them. */
export interface ComparisonMetrics {
  /** Test rows. */
  n: number;
  /** Precision of the AE class. */
  precision: number;
  /** Recall of the AE class. */
  recall: number;
  /** F1 of the AE class. */
  f1: number;
  /** 95% interval of F1. */
  f1_ci: Interval;
  /** ROC-AUC. */
  roc_auc: number;
  /** PR-AUC (average precision). */
  pr_auc: number;
  /** Decision threshold on the score. */
  threshold: number;
  /** Confusion counts of the AE class. */
  confusion: { tp: number; fp: number; fn: number; tn: number };
}

/** The paired comparison of one configuration with the baseline on the same test rows. */
export interface VersusBaseline {
  /** F1(configuration) − F1(baseline). */
  difference: number;
  /** 95% paired-bootstrap interval of the difference. */
  low: number;
  /** Upper bound. */
  high: number;
  /** Bootstrap method. */
  method: string;
  /** Bootstrap resamples. */
  resamples: number;
  /** McNemar's exact test on correct/incorrect: `b` = only baseline right, `c` = only this one right. */
  mcnemar: { b: number; c: number; pValue: number };
}

/** One row of the comparison. */
export interface ComparisonEntry {
  /** Which configuration. */
  configuration: ComparisonConfiguration;
  /** The stored evaluate run. */
  run: RunRecord;
  /** Its metrics (stored values; an interval missing from the store is computed from the predictions). */
  metrics: ComparisonMetrics;
  /** Its predictions, aligned to the baseline's row order. */
  predictions: EvaluatedPrediction[];
  /** Absent for the baseline. */
  versusBaseline?: VersusBaseline;
}

/** The comparison of one study run. */
export interface Comparison {
  /** Study run id. */
  runId: string;
  /** Rows present, in {@link COMPARISON_CONFIGURATIONS} order. */
  entries: ComparisonEntry[];
  /** Configurations without a completed evaluate run. */
  missing: ComparisonConfiguration[];
  /** Remarks for the reader (missing rows, how intervals were computed). */
  notes: string[];
  /** Bootstrap seed used for the paired comparisons. */
  seed: number;
  /** Bootstrap resamples used for the paired comparisons. */
  resamples: number;
}

/** Options of {@link loadComparison}. */
export interface LoadComparisonOptions {
  /** Study run id; default: the newest run id that has a completed `baseline` evaluate run. */
  runId?: string;
  /** Bootstrap seed (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
}

/**
 * The newest study run id with a completed evaluate run named `baseline`, or undefined.
 * @param store open store
 * @returns run id
 * @example const runId = latestComparisonRunId(store);
 */
export function latestComparisonRunId(store: ExperimentStore): string | undefined {
  const baselines = store.listRuns({ kind: "evaluate", name: "baseline", status: "completed" });
  return baselines.at(-1)?.runId;
}

/**
 * Reads the evaluate runs `baseline`, `tuned` and `tuned+synthetic` of one study run, their metrics and
 * predictions, and compares each with the baseline on the same test rows (paired bootstrap of the F1
 * difference, McNemar's exact test). A configuration that has no completed run is listed in `missing`
 * with a note; several runs of one configuration: the newest completed one counts.
 * @param store open store
 * @param options run id, bootstrap seed and resamples
 * @returns the comparison
 * @throws {AdeError} when the store has no baseline run (or none for `runId`)
 * @throws {DataError} when a predictions file is malformed or the configurations were tested on different rows
 * @example
 * ```ts
 * const comparison = await loadComparison(store, { seed: 42 });
 * comparison.entries.map((entry) => entry.metrics.f1);
 * ```
 */
export async function loadComparison(
  store: ExperimentStore,
  options: LoadComparisonOptions = {},
): Promise<Comparison> {
  const seed = options.seed ?? 42;
  const resamples = options.resamples ?? 2000;
  const runId = options.runId ?? latestComparisonRunId(store);
  if (runId === undefined) {
    throw new AdeError(
      `no completed evaluate run named "baseline" in ${store.path}; ` +
        `run the baseline evaluation first (e.g. notebook 02 or ensureComparisonRuns())`,
    );
  }
  const evaluations = store.listRuns({ runId, kind: "evaluate", status: "completed" });
  if (store.listRuns({ runId }).length === 0) {
    throw new AdeError(`no runs with run id "${runId}" in ${store.path}`);
  }
  const entries: ComparisonEntry[] = [];
  const missing: ComparisonConfiguration[] = [];
  const notes: string[] = [];
  for (const configuration of COMPARISON_CONFIGURATIONS) {
    const run = evaluations.filter((candidate) => candidate.name === configuration).at(-1);
    if (!run) {
      missing.push(configuration);
      continue;
    }
    const predictions = await _readPredictions(run, store.path);
    const metrics = await _readMetrics(run, store.path, predictions, seed, resamples);
    entries.push({ configuration, run, metrics, predictions });
  }
  const baseline = entries.find((entry) => entry.configuration === "baseline");
  if (!baseline) {
    notes.push(
      `No "baseline" evaluate run in run ${runId}: the paired differences cannot be computed.`,
    );
  } else {
    for (const entry of entries) {
      if (entry === baseline) continue;
      entry.predictions = _alignTo(baseline, entry);
      entry.versusBaseline = _versusBaseline(baseline, entry, seed, resamples);
    }
    const grouped = baseline.predictions.every((row) => row.pmid !== undefined);
    notes.push(
      `Paired F1 differences: ${resamples} bootstrap resamples (seed ${seed}) ${
        grouped ? "of whole PubMed abstracts" : "of rows"
      }; McNemar's exact test on correct/incorrect per test row.`,
    );
  }
  for (const configuration of missing) {
    notes.push(
      `"${configuration}" has no completed evaluate run in run ${runId}, so its row is missing.`,
    );
  }
  return { runId, entries, missing, notes, seed, resamples };
}

async function _readPredictions(
  run: RunRecord,
  storePath: string,
): Promise<EvaluatedPrediction[]> {
  const stored = run.artifacts.predictions;
  if (!stored) {
    throw new AdeError(
      `evaluate run ${run.id} ("${run.name}") has no "predictions" artifact in the store`,
    );
  }
  const file = await _resolveArtifactPath(stored, storePath);
  if (!(await exists(file))) {
    throw new AdeError(
      `predictions of evaluate run ${run.id} ("${run.name}") not found: ${stored}`,
    );
  }
  return await readPredictions(file);
}

function _number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

async function _readMetrics(
  run: RunRecord,
  storePath: string,
  predictions: readonly EvaluatedPrediction[],
  seed: number,
  resamples: number,
): Promise<ComparisonMetrics> {
  let source: Record<string, unknown> = run.metrics;
  if (_number(source.f1) === undefined && run.artifacts.metrics) {
    const file = await _resolveArtifactPath(run.artifacts.metrics, storePath);
    source = JSON.parse(await readTextStrict(file));
  }
  const values: Record<string, number> = {};
  for (const name of ["precision", "recall", "f1"] as const) {
    const value = _number(source[name]);
    if (value === undefined) {
      throw new AdeError(`evaluate run ${run.id} ("${run.name}") has no numeric metric "${name}"`);
    }
    values[name] = value;
  }
  // AUCs are null when one class is absent from the test rows.
  for (const name of ["roc_auc", "pr_auc"] as const) values[name] = _number(source[name]) ?? NaN;
  const gold = predictions.map((row) => row.gold);
  const predicted = predictions.map((row) => row.label === "Adverse_Event");
  // The paired comparisons resample whole abstracts when every row has a PubMed id: show the F1
  // interval computed the same way (evaluate stores it as f1_ci_pmid), else the row interval.
  const storedCi =
    (_groups(predictions) && _isInterval(source.f1_ci_pmid) ? source.f1_ci_pmid : source.f1_ci) as
      | Partial<Interval>
      | undefined;
  let f1Ci: Interval;
  if (_isInterval(storedCi)) {
    f1Ci = {
      low: storedCi.low,
      high: storedCi.high,
      method: String(storedCi.method ?? "stored"),
      resamples: _number(storedCi.resamples) ?? 0,
    };
  } else {
    const groups = _groups(predictions);
    f1Ci = bootstrapF1Interval(gold, predicted, { seed, resamples, ...(groups ? { groups } : {}) });
  }
  const storedConfusion = source.confusion as Record<string, unknown> | undefined;
  const confusion = storedConfusion && _number(storedConfusion.tp) !== undefined
    ? {
      tp: _number(storedConfusion.tp)!,
      fp: _number(storedConfusion.fp) ?? 0,
      fn: _number(storedConfusion.fn) ?? 0,
      tn: _number(storedConfusion.tn) ?? 0,
    }
    : _confusion(gold, predicted);
  return {
    n: _number(source.n) ?? predictions.length,
    precision: values.precision,
    recall: values.recall,
    f1: values.f1,
    f1_ci: f1Ci,
    roc_auc: values.roc_auc,
    pr_auc: values.pr_auc,
    threshold: _number(source.threshold) ?? Number.NaN,
    confusion,
  };
}

function _isInterval(value: unknown): value is Interval {
  if (typeof value !== "object" || value === null) return false;
  const { low, high } = value as Record<string, unknown>;
  return _number(low) !== undefined && _number(high) !== undefined;
}

function _confusion(gold: readonly Label[], predicted: readonly boolean[]) {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  gold.forEach((label, index) => {
    const positive = label === "Adverse_Event";
    if (predicted[index]) positive ? counts.tp++ : counts.fp++;
    else positive ? counts.fn++ : counts.tn++;
  });
  return counts;
}

function _groups(predictions: readonly EvaluatedPrediction[]): string[] | undefined {
  return predictions.every((row) => row.pmid !== undefined)
    ? predictions.map((row) => row.pmid!)
    : undefined;
}

/** `entry`'s predictions in the baseline's order; the two must cover the same rows with the same gold. */
function _alignTo(baseline: ComparisonEntry, entry: ComparisonEntry): EvaluatedPrediction[] {
  const byId = new Map(entry.predictions.map((row) => [row.id, row]));
  const differ = (detail: string) =>
    new AdeError(
      `"${entry.configuration}" (run ${entry.run.id}) was not evaluated on the same test rows as ` +
        `"baseline" (run ${baseline.run.id}): ${detail}; paired comparisons need one test set`,
    );
  if (byId.size !== baseline.predictions.length) {
    throw differ(`${byId.size} rows vs ${baseline.predictions.length}`);
  }
  return baseline.predictions.map((reference) => {
    const row = byId.get(reference.id);
    if (!row) throw differ(`row id "${reference.id}" is missing`);
    if (row.gold !== reference.gold) {
      throw differ(`row id "${reference.id}" has another gold label`);
    }
    return row;
  });
}

function _versusBaseline(
  baseline: ComparisonEntry,
  entry: ComparisonEntry,
  seed: number,
  resamples: number,
): VersusBaseline {
  const gold = baseline.predictions.map((row) => row.gold);
  const predictedBaseline = baseline.predictions.map((row) => row.label === "Adverse_Event");
  const predictedEntry = entry.predictions.map((row) => row.label === "Adverse_Event");
  const groups = _groups(baseline.predictions);
  const paired = pairedBootstrapF1Difference(gold, predictedBaseline, predictedEntry, {
    seed,
    resamples,
    ...(groups ? { groups } : {}),
  });
  const mcnemar = mcnemarExact(gold, predictedBaseline, predictedEntry);
  return {
    difference: paired.difference,
    low: paired.low,
    high: paired.high,
    method: paired.method,
    resamples: paired.resamples,
    mcnemar: { b: mcnemar.b, c: mcnemar.c, pValue: mcnemar.pValue },
  };
}
