/**
 * The stages of the local study, one function each, in the order `runStudy` runs them: prepare →
 * baseline → augment → tune → tuned and tuned + synthetic → outside (with `data.outside`) → report →
 * serve + smoke test → cleanup. Each stage records its own run in the study's store (through `record` or
 * `recordRun`) and returns what the next stages need.
 */
import { AdeError } from "../core/mod.ts";
import { type PreparedDataset, readRows, type Row } from "../data/mod.ts";
import { createGenerator, type TextGenerator } from "../augment/mod.ts";
import { measureOutsideSources, type OutsideSummary } from "../adapt/mod.ts";
import type { EvaluationOutcome } from "../evaluate/mod.ts";
import { DEFAULT_HYPERPARAMETERS, parseHyperparameters } from "../models/mod.ts";
import {
  recordAugment,
  recordPrepareDataset,
  recordTrainAndEvaluate,
  recordTuningStudy,
} from "../record/mod.ts";
import {
  createLocalExecutor,
  loadSearchSpace,
  paramsFitSpace,
  projectOntoSpace,
} from "../tune/mod.ts";
import { comparisonMarkdown, loadComparison } from "../report/mod.ts";
import { cleanupRun } from "../cloud/mod.ts";
import { ExperimentStore, recordRun } from "../track/mod.ts";
import type { PipelineConfig } from "./config.ts";
import { generatorEndpointOptions } from "./_generator_options.ts";
import { prepareRunSplit, type RunFolder } from "./_run_folder.ts";
import type { StageRunner } from "./_stages.ts";
import { smokeTestEndpoint, type SmokeTestResult } from "./_smoke_test.ts";
import { recordModelEndpoint } from "./record_model_endpoint.ts";
import { recordWriteReport } from "./record_write_report.ts";
import { withRecordedGeneratorEndpoint } from "./with_recorded_generator_endpoint.ts";

/** What every stage of one study shares. */
export interface _LocalStudy extends RunFolder {
  /** The validated configuration. */
  config: PipelineConfig;
  /** The corpus (configured, else the default one). */
  source: string;
  /** Hide the stages' own progress output. */
  quiet: boolean;
  /** Runs one stage with its progress line. */
  stage: StageRunner;
  /** Aborting stops the tuning stage cleanly. */
  signal?: AbortSignal;
}

/** The prepared split and its rows. */
export interface _StudySplit {
  prepared: PreparedDataset;
  trainRows: Row[];
  testRows: Row[];
}

/** Resource types that cost while they exist: cleanup must leave none of them behind. */
const RUNNING_RESOURCE_TYPES = new Set([
  "local-endpoint",
  "endpoint",
  "training-job",
  "tuning-job",
]);

/** Prepares the configured split (a `prepare` run) and reads its rows. */
export async function _prepareStage(study: _LocalStudy): Promise<_StudySplit> {
  const prepared = await study.stage(
    "prepare: load, validate, de-duplicate, split",
    () => prepareRunSplit(study.config, study, study.quiet),
  );
  const m = prepared.manifest;
  study.log(
    `  ${m.train_rows} train / ${m.test_rows} test rows; text overlap ${m.text_overlap}, ` +
      `PubMed-id overlap ${m.pmid_overlap}`,
  );
  return {
    prepared,
    trainRows: await readRows(prepared.trainPath),
    testRows: await readRows(prepared.testPath),
  };
}

/** Fits `params` on `rows` and evaluates on the test rows: an `evaluate` run named `name`. */
export function _evaluateConfiguration(
  study: _LocalStudy,
  split: _StudySplit,
  name: string,
  rows: Row[],
  params: Record<string, string | number>,
): Promise<EvaluationOutcome> {
  return recordTrainAndEvaluate({
    name,
    trainRows: rows,
    testRows: split.testRows,
    hyperparameters: parseHyperparameters(params, name),
    seed: study.config.seed,
    outDir: `${study.runDir}/models/${name === "tuned+synthetic" ? "tuned-synthetic" : name}`,
    manifestHash: split.prepared.manifestHash,
    dataSource: { source: split.prepared.manifest.source, split: split.prepared.manifest.split },
  }, { storePath: study.storePath, runId: study.runId });
}

/**
 * The default hyperparameters, trained and evaluated; unless the configured split is the random one,
 * also on the reference study's random row split (`baseline (random split)`: the report sets the leaky
 * protocol's number beside the leak-free one).
 */
export async function _baselineStage(
  study: _LocalStudy,
  split: _StudySplit,
): Promise<EvaluationOutcome> {
  const { config } = study;
  const baseline = await study.stage(
    config.data.split === "random"
      ? "baseline: train default hyperparameters, evaluate on test"
      : "baseline: default hyperparameters on test, and on the reference study's random row split",
    async () => {
      const result = await _evaluateConfiguration(study, split, "baseline", split.trainRows, {
        ...DEFAULT_HYPERPARAMETERS,
      });
      if (config.data.split !== "random") await _randomSplitBaseline(study);
      return result;
    },
  );
  study.log(`  baseline F1 ${baseline.metrics.f1.toFixed(3)}`);
  return baseline;
}

/** The baseline on the random row split (`<run>/data-random/`, a `prepare` and an `evaluate` run). */
async function _randomSplitBaseline(study: _LocalStudy): Promise<void> {
  const { config, runDir } = study;
  const recording = { storePath: study.storePath, runId: study.runId };
  const random = await recordPrepareDataset({
    source: study.source,
    split: "random",
    seed: config.seed,
    testSize: config.data.test_size,
    out: `${runDir}/data-random`,
    quiet: study.quiet,
  }, recording);
  const leaky = await recordTrainAndEvaluate({
    name: "baseline (random split)",
    trainRows: await readRows(random.trainPath),
    testRows: await readRows(random.testPath),
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
    seed: config.seed,
    outDir: `${runDir}/models/baseline-random-split`,
    manifestHash: random.manifestHash,
    dataSource: { source: random.manifest.source, split: random.manifest.split },
  }, recording);
  study.log(`  random-split F1 ${leaky.metrics.f1.toFixed(3)} (test rows seen in training)`);
}

/**
 * Generates the synthetic AEs (an `augment` run; with a provisioned SageMaker generator, inside
 * `withGeneratorEndpoint`, which records and deletes the endpoint).
 * @returns the synthetic rows' file
 */
export async function _augmentStage(study: _LocalStudy, split: _StudySplit): Promise<string> {
  const { config, runId } = study;
  const syntheticPath = `${study.runDir}/augment/synthetic.jsonl`;
  const generate = (generator: TextGenerator) =>
    recordAugment({
      trainPath: split.prepared.trainPath,
      excludePaths: [split.prepared.testPath],
      corpusSource: study.source,
      generator,
      n: config.augment.n,
      shots: config.augment.shots,
      seed: config.seed,
      outPath: syntheticPath,
      quiet: study.quiet,
    }, { storePath: study.storePath, runId });
  const augmented = await study.stage(
    `augment: ${config.augment.n} synthetic AEs (${config.augment.generator})`,
    () => {
      if (config.augment.generator === "sagemaker" && config.augment.provision_generator) {
        return withRecordedGeneratorEndpoint(
          generatorEndpointOptions(config, runId),
          { storePath: study.storePath, runId },
          (endpointName) =>
            generate(createGenerator({
              generator: "sagemaker",
              endpoint: endpointName,
              region: config.sagemaker.region,
              seed: config.seed,
            })),
        );
      }
      return generate(createGenerator({
        generator: config.augment.generator,
        endpoint: config.augment.endpoint ?? undefined,
        region: config.sagemaker.region,
        seed: config.seed,
      }));
    },
  );
  const s = augmented.summary;
  study.log(
    `  ${s.accepted} accepted of ${s.generated} generated; rejected ${JSON.stringify(s.rejected)}`,
  );
  return syntheticPath;
}

/**
 * Tunes on grouped folds of the training rows (the untuned defaults are trial 1 when they fit the
 * space, so the best trial is never worse on validation than the baseline).
 * @returns the best configuration over the defaults
 * @throws {AdeError} when tuning was stopped or finished without a completed trial
 */
export async function _tuneStage(
  study: _LocalStudy,
  split: _StudySplit,
): Promise<Record<string, string | number>> {
  const { config } = study;
  let startsFromDefaults = false;
  const result = await study.stage(
    `tune: ${config.tune.strategy}, ${config.tune.max_trials} trials, ${config.tune.parallel} at once (grouped folds of train)`,
    async () => {
      const space = await loadSearchSpace(config.tune.space);
      const defaults = projectOntoSpace(space, DEFAULT_HYPERPARAMETERS);
      startsFromDefaults = paramsFitSpace(space, defaults).length === 0;
      return await recordTuningStudy({
        trainPath: split.prepared.trainPath,
        outDir: `${study.runDir}/tune`,
        space,
        executor: createLocalExecutor({ trialTimeoutSeconds: config.tune.trial_timeout_s }),
        initialTrials: startsFromDefaults ? [defaults] : [],
        strategy: config.tune.strategy,
        maxTrials: config.tune.max_trials,
        parallel: config.tune.parallel,
        seed: config.seed,
        signal: study.signal,
        quiet: study.quiet,
      }, { storePath: study.storePath, runId: study.runId });
    },
  );
  if (result.interrupted) throw new AdeError("stopped during tuning (outputs so far are kept)");
  const best = result.best;
  if (!best) {
    throw new AdeError(
      "tuning finished without a completed trial; see the trial logs in tune/trials/",
    );
  }
  const defaultsWon = startsFromDefaults && best.trial === 1;
  study.log(
    `  best trial ${best.trial}: validation F1 ${best.objective.toFixed(3)} ${
      JSON.stringify(best.params)
    }${
      defaultsWon
        ? " — the untuned defaults: no sampled configuration did better on validation"
        : ""
    }`,
  );
  return { ...DEFAULT_HYPERPARAMETERS, ...best.params };
}

/** The best configuration trained on the training rows, then on them plus the synthetic rows. */
export async function _tunedStages(
  study: _LocalStudy,
  split: _StudySplit,
  tunedParams: Record<string, string | number>,
  syntheticPath: string,
): Promise<{ tuned: EvaluationOutcome; tunedSynthetic: EvaluationOutcome }> {
  const tuned = await study.stage(
    "tuned: train the best configuration, evaluate on test",
    () => _evaluateConfiguration(study, split, "tuned", split.trainRows, tunedParams),
  );
  const syntheticRows = await readRows(syntheticPath);
  const tunedSynthetic = await study.stage(
    `tuned + synthetic: the best configuration on train + ${syntheticRows.length} synthetic rows`,
    () =>
      _evaluateConfiguration(
        study,
        split,
        "tuned+synthetic",
        [...split.trainRows, ...syntheticRows],
        tunedParams,
      ),
  );
  return { tuned, tunedSynthetic };
}

/** Per-source metrics, shift warning and adaptation of the tuned model on `outsidePath` (an `adapt` run). */
export function _outsideStage(
  study: _LocalStudy,
  split: _StudySplit,
  tuned: EvaluationOutcome,
  outsidePath: string,
): Promise<OutsideSummary> {
  const { runDir } = study;
  return study.stage(
    `outside: per-source metrics, shift warning and adaptation (${outsidePath})`,
    () =>
      recordRun(study.storePath, {
        kind: "adapt",
        runId: study.runId,
        name: "outside",
        params: { labelled: outsidePath, model_dir: tuned.modelDir, seed: study.config.seed },
      }, async () => {
        const summary = await measureOutsideSources({
          modelDir: tuned.modelDir,
          labelledPath: outsidePath,
          outDir: `${runDir}/outside`,
          trainPath: split.prepared.trainPath,
          seed: study.config.seed,
          onProgress: study.quiet ? undefined : (line) => study.log(`  ${line}`),
        });
        const metrics: Record<string, unknown> = {};
        for (const source of summary.sources) {
          metrics[`${source.source}.no_labels_f1`] = source.no_labels.f1;
          metrics[`${source.source}.shift_flagged`] = source.shift.flagged;
          if (source.adapted) metrics[`${source.source}.adapted_f1`] = source.adapted.held_out.f1;
        }
        return {
          value: summary,
          metrics,
          artifacts: { summary: `${runDir}/outside/outside.json` },
        };
      }),
  );
}

/** The report (a `report` run) and the comparison table of the three evaluations. */
export async function _reportStage(
  study: _LocalStudy,
  outside: OutsideSummary | undefined,
): Promise<{ htmlPath: string; markdownPath: string; comparisonTable: string }> {
  const { storePath, runId, runDir } = study;
  const seed = study.config.seed;
  const report = await study.stage(
    "report: comparison table, charts, reproducibility block",
    () =>
      recordWriteReport({
        storePath,
        outDir: `${runDir}/report`,
        runId,
        seed,
        ...(outside ? { outsideSummaryPath: `${runDir}/outside/outside.json` } : {}),
      }),
  );
  const store = await ExperimentStore.open(storePath);
  try {
    const comparisonTable = comparisonMarkdown(await loadComparison(store, { runId, seed }));
    return { htmlPath: report.htmlPath, markdownPath: report.markdownPath, comparisonTable };
  } finally {
    store.close();
  }
}

/** Serves `modelDir` on a local endpoint (a `serve` run), smoke-tests it on test rows, stops it. */
export async function _serveStage(
  study: _LocalStudy,
  split: _StudySplit,
  configuration: string,
  modelDir: string,
): Promise<SmokeTestResult> {
  const smokeTest = await study.stage(
    `serve: local endpoint with the ${configuration} model, smoke test`,
    async () => {
      const endpoint = await recordModelEndpoint({
        modelDir,
        hostname: study.config.serve.host,
        port: study.config.serve.port,
        log: () => {},
      }, { storePath: study.storePath, runId: study.runId });
      try {
        return await smokeTestEndpoint(
          endpoint.url,
          split.testRows.slice(0, 20).map((row) => row.text),
          modelDir,
        );
      } finally {
        await endpoint.stop();
      }
    },
  );
  study.log(`  ${smokeTest.summary}`);
  return smokeTest;
}

/**
 * Stops what the run started (its local endpoints); the run's folders are its results and stay.
 * @throws {AdeError} when something that costs is still running afterwards
 */
export async function _cleanupStage(study: _LocalStudy): Promise<void> {
  await study.stage("cleanup: stop what the run started", async () => {
    const cleanup = await cleanupRun({
      storePath: study.storePath,
      runId: study.runId,
      backend: "local",
      types: ["local-endpoint"],
    });
    const running = cleanup.remaining.filter((entry) =>
      RUNNING_RESOURCE_TYPES.has(entry.resource.type)
    );
    if (running.length > 0) {
      throw new AdeError(
        `still running after cleanup: ${
          running.map((e) => `${e.resource.type} ${e.resource.name}`).join(", ")
        }`,
      );
    }
    const stopped = cleanup.entries.filter((e) =>
      e.outcome === "stopped" || e.outcome === "removed"
    ).length;
    study.log(
      `  nothing of the run is running (${stopped} stopped now; results kept in ${study.runDir})`,
    );
  });
}
