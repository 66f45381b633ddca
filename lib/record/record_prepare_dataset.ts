/** `prepareDataset` as a recorded `prepare` run: the split's parameters, manifest numbers and files. */
import {
  type Manifest,
  prepareDataset,
  type PreparedDataset,
  type PrepareOptions,
} from "../data/mod.ts";
import type { Recorded, Recording } from "../track/mod.ts";
import { _recordStage } from "./_record_stage.ts";

/**
 * Prepares the split (see `prepareDataset`) and records it as a run of kind `prepare`: the split's
 * settings as params, the manifest's numbers as metrics, its hash as the manifest hash and the files
 * written as artifacts; a failed attempt is recorded as failed and its error thrown.
 * @param options what `prepareDataset` takes
 * @param recording the store and study run
 * @returns what `prepareDataset` returns, and the record id
 * @throws what `prepareDataset` throws (after recording the failure)
 * @example A random split of the fixture's twelve sentences (the module's example splits rows of its own)
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const prepared = await recordPrepareDataset({
 *   source: "tests/fixtures/data/ae_mentions.jsonl",
 *   split: "random",
 *   seed: 1,
 *   testSize: 0.25,
 *   out: `${dir}/data`,
 *   quiet: true,
 * }, { storePath: `${dir}/ade.sqlite` });
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * const run = store.getRun(prepared.recordId)!;
 * assert.equal(run.metrics.train_rows, prepared.manifest.train_rows);
 * assert.equal(run.artifacts.test, prepared.testPath);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function recordPrepareDataset(
  options: PrepareOptions,
  recording: Recording,
): Promise<Recorded<PreparedDataset>> {
  return _recordStage(
    recording,
    { kind: "prepare", params: _prepareParams(options) },
    () => prepareDataset(options),
    (prepared) => {
      const artifacts: Record<string, string> = {
        train: prepared.trainPath,
        test: prepared.testPath,
        manifest: prepared.manifestPath,
      };
      if (prepared.validationPath) artifacts.validation = prepared.validationPath;
      if (prepared.rejectsPath) artifacts.rejects = prepared.rejectsPath;
      return {
        metrics: _manifestMetrics(prepared.manifest),
        artifacts,
        manifestHash: prepared.manifestHash,
      };
    },
  );
}

/** The run's params: the split's settings (the output folder without a trailing slash). */
function _prepareParams(options: PrepareOptions): Record<string, unknown> {
  const out = options.out.endsWith("/") && options.out.length > 1
    ? options.out.slice(0, -1)
    : options.out;
  return {
    source: options.source,
    split: options.split,
    seed: options.seed,
    test_size: options.testSize,
    out,
    skip_invalid: options.skipInvalid ?? false,
    ...(options.validationSize !== undefined ? { validation_size: options.validationSize } : {}),
  };
}

/** Numeric manifest fields, as store metrics. */
function _manifestMetrics(manifest: Manifest): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (typeof value === "number" && key !== "version") metrics[key] = value;
  }
  return metrics;
}
