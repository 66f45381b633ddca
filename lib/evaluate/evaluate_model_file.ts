/** Evaluate a saved model on a labelled file: `metrics.json`, predictions, and a store run. */
import { DataError } from "../core/mod.ts";
import { readRows } from "../data/mod.ts";
import { loadModel } from "../models/mod.ts";
import { buildEvaluationReport, buildGroupedEvaluationReport } from "../metrics/mod.ts";
import { _recordEvaluation, _writeEvaluationFiles } from "./_evaluation_outputs.ts";
import type { EvaluationOutcome } from "./evaluation_outcome.ts";
import { _manifestHashNextTo, _predictionsPathFor } from "./_paths.ts";

/** Options for {@link evaluateModelFile}. */
export interface EvaluateModelFileOptions {
  /** Folder of a saved model. */
  modelDir: string;
  /** Labelled rows (our JSONL schema, or CSV/JSONL with `text` and `label`). */
  testPath: string;
  /** Where `metrics.json` goes; predictions go to `<metricsPath without .json>.predictions.jsonl`. */
  metricsPath: string;
  /** Name of the evaluation (default `evaluate`). */
  name?: string;
  /** Bootstrap seed (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** Experiment store; when given a run of kind `evaluate` is recorded. */
  storePath?: string;
  /** Study run id for the store record. */
  runId?: string;
  /** Also report every value of this row field (e.g. `source`) under `by` in `metrics.json`. */
  by?: string;
}

/**
 * Scores `testPath` with the model in `modelDir`, writes the report (`metrics.json` keys; with `by`, one
 * report per value of that field under `by`, each with the small-sample warning under 30 AEs) and
 * `{id, label, score, gold, pmid?}` predictions atomically, and records an `evaluate` run when a store is
 * given (artifacts `{model_dir, metrics, predictions}`; the manifest hash when `manifest.json` sits next to
 * the test file).
 * @param options model, test file, output path, name, bootstrap settings, store
 * @returns the report and paths
 * @throws {DataError} bad test file or model, a `by` field no row has
 * @example
 * ```ts
 * const outcome = await evaluateModelFile({
 *   modelDir: "runs/model", testPath: "runs/data/test.jsonl", metricsPath: "runs/metrics.json",
 * });
 * ```
 */
export async function evaluateModelFile(
  options: EvaluateModelFileOptions,
): Promise<EvaluationOutcome> {
  const name = options.name ?? "evaluate";
  const seed = options.seed ?? 42;
  const predictionsPath = _predictionsPathFor(options.metricsPath);
  const model = await loadModel(options.modelDir);
  const work = async (): Promise<EvaluationOutcome> => {
    const rows = await readRows(options.testPath);
    if (rows.length === 0) throw new RangeError(`${options.testPath}: no rows to evaluate`);
    const scores = model.scores(rows.map((row) => row.text));
    const gold = rows.map((row) => row.label);
    const reportOptions = {
      seed,
      resamples: options.resamples,
      pmids: rows.map((row) => row.pmid),
    };
    const by = options.by;
    if (by !== undefined && !rows.some((row) => row[by] !== undefined && row[by] !== "")) {
      throw new DataError(
        { file: options.testPath, field: by },
        `no row has a "${by}" field to group by`,
      );
    }
    const report = by === undefined
      ? buildEvaluationReport(gold, scores, model.threshold, reportOptions)
      : buildGroupedEvaluationReport(
        gold,
        scores,
        model.threshold,
        by,
        rows.map((row) => row[by]),
        reportOptions,
      );
    await _writeEvaluationFiles(
      rows,
      scores,
      model.threshold,
      report,
      options.metricsPath,
      predictionsPath,
    );
    return {
      name,
      metrics: report,
      modelDir: options.modelDir,
      metricsPath: options.metricsPath,
      predictionsPath,
    };
  };
  return await _recordEvaluation(options.storePath, {
    name,
    runId: options.runId,
    manifestHash: await _manifestHashNextTo(options.testPath),
    params: {
      model_dir: options.modelDir,
      test: options.testPath,
      seed,
      hyperparameters: model.hyperparameters,
      ...(options.by !== undefined ? { by: options.by } : {}),
    },
  }, work);
}
