/** The three-way comparison (baseline, tuned, tuned + synthetic) read from the experiment store. */
import { AdeError, exists, readTextStrict } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import { type EvaluatedPrediction, readPredictions } from "../evaluate/mod.ts";
import {
  bootstrapF1Interval,
  mcnemarExact,
  type OperatingPoint,
  operatingPoints,
  pairedBootstrapF1Difference,
  smallSampleWarning,
} from "../metrics/mod.ts";
import type { ExperimentStore, RunRecord } from "../track/mod.ts";
import { _resolveArtifactPath } from "./_artifact_path.ts";

/** The configurations of the comparison, in table order. */
const COMPARISON_CONFIGURATIONS = ["baseline", "tuned", "tuned+synthetic"] as const;

/** One configuration name of the study (`baseline`, `tuned`, `tuned+synthetic`). */
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
  /** Gold `Adverse_Event` rows of the test set. */
  positives: number;
  /**
   * Operating points at the model's threshold and at recall 0.90 / 0.95 / 0.99 (stored by `evaluate`; for
   * older runs computed here from the predictions).
   */
  operating_points: OperatingPoint[];
  /** How the operating points' intervals were made. */
  operating_points_ci: { method: string; resamples: number; level: number };
  /** Plain warnings (e.g. under 30 adverse events in the test set). */
  warnings: string[];
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
  /** Which configuration: the evaluate run's name (`baseline`, `tuned`, … or any name given to `--runs`). */
  configuration: string;
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
  /** Rows present: the study's configurations in order, or the runs asked for, the reference first. */
  entries: ComparisonEntry[];
  /** Configurations without a completed evaluate run. */
  missing: string[];
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
  /**
   * Compare these evaluate runs instead of `baseline`, `tuned` and `tuned+synthetic`: names (the newest
   * completed run of that name, of `runId` when given) or store record ids. The first is the reference
   * the others are compared with.
   */
  runs?: readonly string[];
  /** Bootstrap seed (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
}

/**
 * The newest study run id with a completed evaluate run named `baseline`, or undefined.
 * @param store open store
 * @returns run id
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * const store = await ExperimentStore.open(`${await Deno.makeTempDir()}/ade.sqlite`);
 * assert.equal(latestComparisonRunId(store), undefined); // no baseline evaluation yet
 * store.close();
 * ```
 */
export function latestComparisonRunId(store: ExperimentStore): string | undefined {
  const baselines = store.listRuns({ kind: "evaluate", name: "baseline", status: "completed" });
  return baselines.at(-1)?.runId;
}

/**
 * Reads the evaluate runs `baseline`, `tuned` and `tuned+synthetic` of one study run — or, with `runs`,
 * any evaluate runs the store holds, the first being the reference — their metrics (operating points
 * included) and predictions, and compares each with the reference on the same test rows (paired bootstrap
 * of the F1 difference, McNemar's exact test). A study configuration that has no completed run is listed
 * in `missing` with a note; several runs of one name: the newest completed one counts.
 * @param store open store
 * @param options run id or runs, bootstrap seed and resamples
 * @returns the comparison
 * @throws {AdeError} when the store has no baseline run (or none for `runId`), or a run of `runs` is not
 * in the store: the message says how to make it
 * @throws {DataError} when a predictions file is malformed or the configurations were tested on different rows
 * @example A store without a baseline evaluation (with runs: see the module example)
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * await assert.rejects(loadComparison(store), /no completed evaluate run named "baseline"/);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadComparison(
  store: ExperimentStore,
  options: LoadComparisonOptions = {},
): Promise<Comparison> {
  const seed = options.seed ?? 42;
  const resamples = options.resamples ?? 2000;
  const chosen = options.runs && options.runs.length > 0
    ? _namedRuns(store, options.runs, options.runId)
    : _studyRuns(store, options.runId);
  const entries: ComparisonEntry[] = [];
  for (const { configuration, run } of chosen.found) {
    const predictions = await _readPredictions(run, store.path);
    const metrics = await _readMetrics(run, store.path, predictions, seed, resamples);
    entries.push({ configuration, run, metrics, predictions });
  }
  const { runId, missing } = chosen;
  const notes: string[] = [];
  const reference = chosen.reference;
  const baseline = entries.find((entry) => entry.configuration === reference);
  if (!baseline) {
    notes.push(
      `No "${reference}" evaluate run in run ${runId}: the paired differences cannot be computed.`,
    );
  } else {
    for (const entry of entries) {
      if (entry === baseline) continue;
      entry.predictions = _alignTo(baseline, entry);
      entry.versusBaseline = _versusBaseline(baseline, entry, seed, resamples);
    }
    const grouped = baseline.predictions.every((row) => row.pmid !== undefined);
    if (entries.length > 1) {
      notes.push(
        `Paired F1 differences: ${resamples} bootstrap resamples (seed ${seed}) ${
          grouped ? "of whole PubMed abstracts" : "of rows"
        }; McNemar's exact test on correct/incorrect per test row.`,
      );
    }
  }
  for (const configuration of missing) {
    notes.push(
      `"${configuration}" has no completed evaluate run in run ${runId}, so its row is missing.`,
    );
  }
  return { runId, entries, missing, notes, seed, resamples };
}

/** The study's configurations of one run id (default: the newest with a baseline). */
function _studyRuns(store: ExperimentStore, requestedRunId: string | undefined) {
  const runId = requestedRunId ?? latestComparisonRunId(store);
  if (runId === undefined) {
    throw new AdeError(
      `no completed evaluate run named "baseline" in ${store.path}. Make the study's runs with ` +
        "`deno task pipeline` (or notebooks 02–05, or `deno task ade evaluate --model DIR --test FILE " +
        "--out metrics.json --name baseline --store DB`), or compare evaluate runs the store holds " +
        `with --runs A,B,C${_evaluateRunList(store)}`,
    );
  }
  if (store.listRuns({ runId }).length === 0) {
    throw new AdeError(`no runs with run id "${runId}" in ${store.path}`);
  }
  const evaluations = store.listRuns({ runId, kind: "evaluate", status: "completed" });
  const found: Array<{ configuration: string; run: RunRecord }> = [];
  const missing: string[] = [];
  for (const configuration of COMPARISON_CONFIGURATIONS) {
    const run = evaluations.filter((candidate) => candidate.name === configuration).at(-1);
    if (run) found.push({ configuration, run });
    else missing.push(configuration);
  }
  return { runId, found, missing, reference: "baseline" };
}

/** The evaluate runs named (or identified) in `runs`, the first being the reference. */
function _namedRuns(
  store: ExperimentStore,
  runs: readonly string[],
  runId: string | undefined,
) {
  const evaluations = store.listRuns({ kind: "evaluate", status: "completed" });
  const found: Array<{ configuration: string; run: RunRecord }> = [];
  for (const wanted of runs) {
    const byName = evaluations.filter((run) => run.name === wanted);
    const run = evaluations.find((candidate) => candidate.id === wanted) ??
      byName.filter((candidate) => candidate.runId === runId).at(-1) ?? byName.at(-1);
    if (!run) {
      throw new AdeError(
        `no completed evaluate run named "${wanted}" (or with that record id) in ${store.path}. ` +
          "Make one with `deno task ade evaluate --model DIR --test FILE --out metrics.json " +
          `--name ${JSON.stringify(wanted)} --store ${store.path}`,
      );
    }
    if (found.some((entry) => entry.configuration === run.name)) {
      throw new AdeError(`--runs names "${wanted}" twice`);
    }
    found.push({ configuration: run.name, run });
  }
  return {
    runId: found[0].run.runId,
    found,
    missing: [] as string[],
    reference: found[0].configuration,
  };
}

/** `; evaluate runs in the store: a, b, c` (or that there are none). */
function _evaluateRunList(store: ExperimentStore): string {
  const names = [
    ...new Set(store.listRuns({ kind: "evaluate", status: "completed" }).map((run) => run.name)),
  ];
  return names.length === 0
    ? " (the store holds no completed evaluate run yet)"
    : ` (completed evaluate runs in the store: ${names.map((name) => `"${name}"`).join(", ")})`;
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
  const positives = confusion.tp + confusion.fn;
  const storedPoints = Array.isArray(source.operating_points) &&
      typeof source.operating_points_ci === "object" && source.operating_points_ci !== null
    ? {
      points: source.operating_points as OperatingPoint[],
      ci: source.operating_points_ci as { method: string; resamples: number; level: number },
    }
    : undefined;
  let points = storedPoints;
  if (!points) {
    const groups = _groups(predictions);
    const computed = operatingPoints(
      gold,
      predictions.map((row) => row.score),
      _number(source.threshold) ?? 0.5,
      { seed, resamples, ...(groups ? { groups } : {}) },
    );
    points = {
      points: computed.points,
      ci: { method: computed.method, resamples: computed.resamples, level: computed.level },
    };
  }
  const storedWarnings = Array.isArray(source.warnings)
    ? (source.warnings as unknown[]).filter((w): w is string => typeof w === "string")
    : undefined;
  const warning = smallSampleWarning(positives, "the test set");
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
    positives,
    operating_points: points.points,
    operating_points_ci: points.ci,
    warnings: storedWarnings ?? (warning ? [warning] : []),
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
