/** `augment` as a recorded `augment` run. */
import { augment, type AugmentOptions, type AugmentResult } from "../augment/mod.ts";
import { type Recorded, type Recording, recordRun } from "../track/mod.ts";

/**
 * Generates synthetic rows (see `augment`) as a run of kind `augment` named after the generator: the
 * inputs, generator, model and budget settings as params, the summary's counts as metrics, and the rows,
 * rejects and summary files as artifacts.
 * @param options what `augment` takes
 * @param recording the store and study run
 * @returns what `augment` returns, and the record id
 * @throws what `augment` throws (after recording the failure)
 * @example
 * ```ts ignore
 * await recordAugment({
 *   trainPath: "runs/data/train.jsonl", excludePaths: ["runs/data/test.jsonl"],
 *   generator: new OfflineGenerator(), n: 300, outPath: "runs/augment/synthetic.jsonl",
 * }, { storePath: "runs/ade.sqlite" });
 * ```
 */
export async function recordAugment(
  options: AugmentOptions,
  recording: Recording,
): Promise<Recorded<AugmentResult>> {
  return await recordRun(recording.storePath, {
    kind: "augment",
    runId: recording.runId,
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
  }, async ({ recordId }) => {
    const value = { ...await augment(options), recordId };
    const { summary } = value;
    return {
      value,
      metrics: {
        requested: summary.requested,
        generated: summary.generated,
        accepted: summary.accepted,
        rejected: summary.rejected,
        calls: summary.calls,
        failed_calls: summary.failed_calls,
        budget_exhausted: summary.budget_exhausted,
      },
      artifacts: {
        synthetic: value.outPath,
        rejects: value.rejectsPath,
        summary: value.summaryPath,
      },
    };
  });
}
