/** Evaluate a saved model on a labelled file: `metrics.json`, predictions, and a store run. */
import { toJsonl, writeFilesAtomic } from "../core/fs.ts";
import { readRows } from "../data/mod.ts";
import { loadModel } from "../models/mod.ts";
import { recordRun } from "../track/mod.ts";
import { buildEvaluationReport } from "./evaluation_report.ts";
import type { EvaluationOutcome } from "./train_and_evaluate.ts";
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
}

/**
 * Scores `testPath` with the model in `modelDir`, writes the report (`metrics.json` keys) and
 * `{id, label, score, gold, pmid?}` predictions atomically, and records an `evaluate` run when a store is
 * given (artifacts `{model_dir, metrics, predictions}`; the manifest hash when `manifest.json` sits next to
 * the test file).
 * @param options model, test file, output path, name, bootstrap settings, store
 * @returns the report and paths
 * @throws {DataError} bad test file or model
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
    const report = buildEvaluationReport(rows.map((row) => row.label), scores, model.threshold, {
      seed,
      resamples: options.resamples,
      pmids: rows.map((row) => row.pmid),
    });
    const predictions = rows.map((row, index) => ({
      id: row.id,
      label: scores[index] >= model.threshold ? "Adverse_Event" : "Not_AE",
      score: scores[index],
      gold: row.label,
      ...(row.pmid !== undefined ? { pmid: row.pmid } : {}),
    }));
    await writeFilesAtomic([
      { path: options.metricsPath, data: JSON.stringify(report, null, 2) + "\n" },
      { path: predictionsPath, data: toJsonl(predictions) },
    ]);
    return {
      name,
      metrics: report,
      modelDir: options.modelDir,
      metricsPath: options.metricsPath,
      predictionsPath,
    };
  };
  if (!options.storePath) return await work();
  let recordId = "";
  const outcome = await recordRun(
    options.storePath,
    {
      kind: "evaluate",
      name,
      runId: options.runId,
      manifestHash: await _manifestHashNextTo(options.testPath),
      params: {
        model_dir: options.modelDir,
        test: options.testPath,
        seed,
        hyperparameters: model.hyperparameters,
      },
    },
    async (context) => {
      recordId = context.recordId;
      const result = await work();
      return {
        value: result,
        metrics: { ...result.metrics },
        artifacts: {
          model_dir: result.modelDir,
          metrics: result.metricsPath,
          predictions: result.predictionsPath,
        },
      };
    },
  );
  return { ...outcome, recordId };
}
