/** `augment` as a recorded `augment` run. */
import { augment, type AugmentOptions, type AugmentResult } from "../augment/mod.ts";
import type { Recorded, Recording } from "../track/mod.ts";
import { _recordStage } from "./_record_stage.ts";

/**
 * Generates synthetic rows (see `augment`) as a run of kind `augment` named after the generator: the
 * inputs, generator, model and budget settings as params, the summary's counts as metrics, and the rows,
 * rejects and summary files as artifacts.
 * @param options what `augment` takes
 * @param recording the store and study run
 * @returns what `augment` returns, and the record id
 * @throws what `augment` throws (after recording the failure)
 * @example Three offline (mention-swap) rows from the fixture's adverse events
 * ```ts
 * import assert from "node:assert/strict";
 * import { OfflineGenerator } from "../augment/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const result = await recordAugment({
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   excludePaths: ["tests/fixtures/data/user_rows.jsonl"], // the test split: never copied
 *   generator: new OfflineGenerator(),
 *   n: 3,
 *   outPath: `${dir}/synthetic.jsonl`,
 *   quiet: true,
 * }, { storePath: `${dir}/ade.sqlite` });
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * assert.equal(store.getRun(result.recordId)?.metrics.accepted, result.rows.length);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function recordAugment(
  options: AugmentOptions,
  recording: Recording,
): Promise<Recorded<AugmentResult>> {
  return _recordStage(
    recording,
    {
      kind: "augment",
      name: options.generator.name,
      params: {
        train: options.trainPath,
        exclude: options.excludePaths,
        corpus: options.corpusSource ?? null,
        generator: options.generator.name,
        model: options.generator.model,
        n: options.n,
        shots: options.shots ?? 5,
        per_call: options.perCall ?? 5,
        seed: options.seed ?? 42,
        max_calls: options.maxCalls ?? null,
        concurrency: options.concurrency ?? 4,
        threshold: options.threshold ?? 0.8,
      },
    },
    () => augment(options),
    ({ summary, outPath, rejectsPath, summaryPath }) => ({
      metrics: {
        requested: summary.requested,
        generated: summary.generated,
        accepted: summary.accepted,
        rejected: summary.rejected,
        calls: summary.calls,
        failed_calls: summary.failed_calls,
        budget_exhausted: summary.budget_exhausted,
      },
      artifacts: { synthetic: outPath, rejects: rejectsPath, summary: summaryPath },
    }),
  );
}
