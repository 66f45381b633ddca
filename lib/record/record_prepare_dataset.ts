/** `prepareDataset` as a recorded `prepare` run: the split's parameters, manifest numbers and files. */
import {
  type Manifest,
  prepareDataset,
  type PreparedDataset,
  type PrepareOptions,
} from "../data/mod.ts";
import { type Recorded, type Recording, recordRun } from "../track/mod.ts";

/**
 * Prepares the split (see `prepareDataset`) and records it as a run of kind `prepare`: the split's
 * settings as params, the manifest's numbers as metrics, its hash as the manifest hash and the files
 * written as artifacts; a failed attempt is recorded as failed and its error thrown.
 * @param options what `prepareDataset` takes
 * @param recording the store and study run
 * @returns what `prepareDataset` returns, and the record id
 * @throws what `prepareDataset` throws (after recording the failure)
 * @example
 * ```ts ignore
 * const prepared = await recordPrepareDataset(
 *   { source: defaultCorpusSource(), split: "grouped", seed: 42, testSize: 0.2, out: "runs/data" },
 *   { storePath: "runs/ade.sqlite" },
 * );
 * ```
 */
export async function recordPrepareDataset(
  options: PrepareOptions,
  recording: Recording,
): Promise<Recorded<PreparedDataset>> {
  return await recordRun(recording.storePath, {
    kind: "prepare",
    runId: recording.runId,
    params: _prepareParams(options),
  }, async ({ recordId }) => {
    const prepared = { ...await prepareDataset(options), recordId };
    const artifacts: Record<string, string> = {
      train: prepared.trainPath,
      test: prepared.testPath,
      manifest: prepared.manifestPath,
    };
    if (prepared.validationPath) artifacts.validation = prepared.validationPath;
    if (prepared.rejectsPath) artifacts.rejects = prepared.rejectsPath;
    return {
      value: prepared,
      metrics: _manifestMetrics(prepared.manifest),
      artifacts,
      manifestHash: prepared.manifestHash,
    };
  });
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
