/**
 * Recorded stages: the one layer that writes the work of `data`, `evaluate`, `augment` and `tune` to the
 * experiment store. Those stages return results and record nothing; each function here runs one of them
 * as one run of the store (`recordRun` of `track`: started, then completed with its metrics and
 * artifacts, or failed with the error; a tuning study through its hooks, trial by trial), with the run
 * kinds, params, metrics and artifacts that `ade runs`, the report and `cleanup` read. The CLI verbs, the
 * pipeline and the notebooks call these.
 *
 * @example Prepare a split as a recorded `prepare` run
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { recordPrepareDataset } from "./mod.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const lines = Array.from({ length: 20 }, (_, i) =>
 *   JSON.stringify({
 *     id: `r${i}`,
 *     text: `sentence number ${i} about a drug`,
 *     label: i % 2 ? "Adverse_Event" : "Not_AE",
 *   }));
 * await Deno.writeTextFile(`${dir}/rows.jsonl`, lines.join("\n") + "\n");
 * const prepared = await recordPrepareDataset(
 *   { source: `${dir}/rows.jsonl`, split: "random", seed: 1, testSize: 0.25, out: `${dir}/data`, quiet: true },
 *   { storePath: `${dir}/ade.sqlite`, runId: "demo" },
 * );
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * const [run] = store.listRuns({ runId: "demo" });
 * assert.equal(run.kind, "prepare");
 * assert.equal(run.manifestHash, prepared.manifestHash);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export { recordPrepareDataset } from "./record_prepare_dataset.ts";
export {
  recordTrainAndEvaluate,
  type RecordTrainAndEvaluateOptions,
} from "./record_train_and_evaluate.ts";
export { recordEvaluateModelFile } from "./record_evaluate_model_file.ts";
export { recordTrainModel, type RecordTrainModelOptions } from "./record_train_model.ts";
export { recordAugment } from "./record_augment.ts";
export { type RecordedTuningStudy, recordTuningStudy } from "./record_tuning_study.ts";
