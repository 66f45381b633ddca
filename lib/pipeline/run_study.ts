/**
 * The whole study on the local backend: prepare (grouped split) → baseline → augment → tune → tuned and
 * tuned + synthetic → report → serve the chosen model and smoke-test it → stop and clean up.
 */
import { AdeError } from "../core/mod.ts";
import { defaultCorpusSource, prepareDataset, readRows, type Row } from "../data/mod.ts";
import { augment, createGenerator, type TextGenerator } from "../augment/mod.ts";
import { measureOutsideSources, type OutsideSummary } from "../adapt/mod.ts";
import { type EvaluationOutcome, trainAndEvaluate } from "../evaluate/mod.ts";
import { DEFAULT_HYPERPARAMETERS, parseHyperparameters } from "../models/mod.ts";
import {
  createLocalExecutor,
  loadSearchSpace,
  paramsFitSpace,
  projectOntoSpace,
  runTuningStudy,
} from "../tune/mod.ts";
import { comparisonMarkdown, loadComparison, writeReport } from "../report/mod.ts";
import { startModelEndpoint } from "../serve/mod.ts";
import { cleanupRun, withGeneratorEndpoint } from "../cloud/mod.ts";
import { ExperimentStore, recordRun } from "../track/mod.ts";
import type { PipelineConfig } from "./config.ts";
import { generatorEndpointOptions } from "./_generator_options.ts";
import { runFolder } from "./_run_folder.ts";
import { createStageRunner, type StageLog } from "./_stages.ts";
import { smokeTestEndpoint, type SmokeTestResult } from "./_smoke_test.ts";

/** Options of {@link runStudy}. */
export interface StudyOptions {
  /** The validated configuration. */
  config: PipelineConfig;
  /** The file it came from (recorded), null for defaults. */
  configFile?: string | null;
  /** Put everything (store included) under this folder instead of `runs/<run-id>/` + `runs/ade.sqlite`. */
  outDir?: string;
  /** Study run id (default: a new one). */
  runId?: string;
  /** Stage lines go here (default stderr). */
  log?: StageLog;
  /** Hide the stages' own progress output. */
  quiet?: boolean;
  /** Aborting stops the tuning stage cleanly. */
  signal?: AbortSignal;
}

/** What {@link runStudy} produced. */
export interface StudyOutcome {
  /** Study run id (tags, store, folder). */
  runId: string;
  /** Folder holding every output. */
  runDir: string;
  /** The experiment store. */
  storePath: string;
  /** The three evaluations. */
  evaluations: EvaluationOutcome[];
  /** Markdown comparison table (with CIs, paired differences, McNemar p). */
  comparisonTable: string;
  /** `report.html`. */
  reportHtmlPath: string;
  /** `report.md`. */
  reportMarkdownPath: string;
  /** Configuration served in the smoke test. */
  servedConfiguration: string;
  /** Smoke test of the served model. */
  smokeTest: SmokeTestResult;
  /** Per-source results when `data.outside` named a labelled file (`outside/outside.json`). */
  outside?: OutsideSummary;
}

/** Resource types that cost while they exist: cleanup must leave none of them behind. */
const RUNNING_RESOURCE_TYPES = new Set([
  "local-endpoint",
  "endpoint",
  "training-job",
  "tuning-job",
]);

/** Number of stages of the local study (one more with `data.outside`). */
const STAGE_COUNT = 9;

/**
 * Runs the whole study locally.
 * @param options configuration, output folder, run id
 * @returns paths, the comparison table and the smoke test
 * @throws {AdeError} naming the failed stage; earlier stages' outputs stay on disk and in the store
 * @example const outcome = await runStudy({ config: DEFAULT_CONFIG });
 */
export async function runStudy(options: StudyOptions): Promise<StudyOutcome> {
  const { config } = options;
  const { runId, runDir, storePath, log } = runFolder(options);
  const quiet = options.quiet ?? false;
  const seed = config.seed;
  const source = config.data.source ?? defaultCorpusSource();
  await Deno.mkdir(runDir, { recursive: true });
  log(`study ${runId}: outputs in ${runDir}, store ${storePath}`);

  return await recordRun(storePath, {
    kind: "pipeline",
    runId,
    name: "study",
    params: { config, config_file: options.configFile ?? null, backend: "local" },
  }, async () => {
    const outsidePath = config.data.outside;
    const stage = createStageRunner(STAGE_COUNT + (outsidePath ? 1 : 0), runDir, log);

    const prepared = await stage(
      "prepare: load, validate, de-duplicate, split",
      () =>
        prepareDataset({
          source,
          split: config.data.split,
          seed,
          testSize: config.data.test_size,
          out: `${runDir}/data`,
          storePath,
          runId,
          quiet,
        }),
    );
    const m = prepared.manifest;
    log(
      `  ${m.train_rows} train / ${m.test_rows} test rows; text overlap ${m.text_overlap}, ` +
        `PubMed-id overlap ${m.pmid_overlap}`,
    );
    const trainRows = await readRows(prepared.trainPath);
    const testRows = await readRows(prepared.testPath);
    const manifestHash = prepared.manifestHash;

    const evaluate = (name: string, rows: Row[], params: Record<string, string | number>) =>
      trainAndEvaluate({
        name,
        trainRows: rows,
        testRows,
        hyperparameters: parseHyperparameters(params, name),
        seed,
        outDir: `${runDir}/models/${name === "tuned+synthetic" ? "tuned-synthetic" : name}`,
        storePath,
        runId,
        manifestHash,
        dataSource: { source: m.source, split: m.split },
      });

    const baseline = await stage(
      config.data.split === "random"
        ? "baseline: train default hyperparameters, evaluate on test"
        : "baseline: default hyperparameters on test, and on the reference study's random row split",
      async () => {
        const result = await evaluate("baseline", trainRows, { ...DEFAULT_HYPERPARAMETERS });
        // The report sets the leaky protocol's number beside the leak-free one.
        if (config.data.split !== "random") {
          const random = await prepareDataset({
            source,
            split: "random",
            seed,
            testSize: config.data.test_size,
            out: `${runDir}/data-random`,
            storePath,
            runId,
            quiet,
          });
          const leaky = await trainAndEvaluate({
            name: "baseline (random split)",
            trainRows: await readRows(random.trainPath),
            testRows: await readRows(random.testPath),
            hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
            seed,
            outDir: `${runDir}/models/baseline-random-split`,
            storePath,
            runId,
            manifestHash: random.manifestHash,
            dataSource: { source: random.manifest.source, split: random.manifest.split },
          });
          log(`  random-split F1 ${leaky.metrics.f1.toFixed(3)} (test rows seen in training)`);
        }
        return result;
      },
    );
    log(`  baseline F1 ${baseline.metrics.f1.toFixed(3)}`);

    const syntheticPath = `${runDir}/augment/synthetic.jsonl`;
    const augmented = await stage(
      `augment: ${config.augment.n} synthetic AEs (${config.augment.generator})`,
      () => {
        const generate = (generator: TextGenerator) =>
          augment({
            trainPath: prepared.trainPath,
            excludePaths: [prepared.testPath],
            corpusSource: source,
            generator,
            n: config.augment.n,
            shots: config.augment.shots,
            seed,
            outPath: syntheticPath,
            storePath,
            runId,
            quiet,
          });
        if (config.augment.generator === "sagemaker" && config.augment.provision_generator) {
          return withGeneratorEndpoint(
            { ...generatorEndpointOptions(config, runId), storePath },
            (endpointName) =>
              generate(
                createGenerator({
                  generator: "sagemaker",
                  endpoint: endpointName,
                  region: config.sagemaker.region,
                  seed,
                }),
              ),
          );
        }
        return generate(createGenerator({
          generator: config.augment.generator,
          endpoint: config.augment.endpoint ?? undefined,
          region: config.sagemaker.region,
          seed,
        }));
      },
    );
    const s = augmented.summary;
    log(
      `  ${s.accepted} accepted of ${s.generated} generated; rejected ${
        JSON.stringify(s.rejected)
      }`,
    );

    let startsFromDefaults = false;
    const study = await stage(
      `tune: ${config.tune.strategy}, ${config.tune.max_trials} trials, ${config.tune.parallel} at once (grouped folds of train)`,
      async () => {
        const space = await loadSearchSpace(config.tune.space);
        // The untuned defaults are trial 1, so the best trial is never worse on validation than the baseline.
        const defaults = projectOntoSpace(space, DEFAULT_HYPERPARAMETERS);
        startsFromDefaults = paramsFitSpace(space, defaults).length === 0;
        return await runTuningStudy({
          trainPath: prepared.trainPath,
          outDir: `${runDir}/tune`,
          space,
          executor: createLocalExecutor({ trialTimeoutSeconds: config.tune.trial_timeout_s }),
          initialTrials: startsFromDefaults ? [defaults] : [],
          strategy: config.tune.strategy,
          maxTrials: config.tune.max_trials,
          parallel: config.tune.parallel,
          seed,
          storePath,
          runId,
          signal: options.signal,
          quiet,
        });
      },
    );
    if (study.interrupted) throw new AdeError("stopped during tuning (outputs so far are kept)");
    if (!study.best) {
      throw new AdeError(
        "tuning finished without a completed trial; see the trial logs in tune/trials/",
      );
    }
    const defaultsWon = startsFromDefaults && study.best.trial === 1;
    log(
      `  best trial ${study.best.trial}: validation F1 ${study.best.objective.toFixed(3)} ${
        JSON.stringify(study.best.params)
      }${
        defaultsWon
          ? " — the untuned defaults: no sampled configuration did better on validation"
          : ""
      }`,
    );
    const tunedParams = { ...DEFAULT_HYPERPARAMETERS, ...study.best.params };

    const tuned = await stage(
      "tuned: train the best configuration, evaluate on test",
      () => evaluate("tuned", trainRows, tunedParams),
    );
    const syntheticRows = await readRows(syntheticPath);
    const tunedSynthetic = await stage(
      `tuned + synthetic: the best configuration on train + ${syntheticRows.length} synthetic rows`,
      () => evaluate("tuned+synthetic", [...trainRows, ...syntheticRows], tunedParams),
    );

    let outside: OutsideSummary | undefined;
    if (outsidePath) {
      outside = await stage(
        `outside: per-source metrics, shift warning and adaptation (${outsidePath})`,
        () =>
          recordRun(storePath, {
            kind: "adapt",
            runId,
            name: "outside",
            params: { labelled: outsidePath, model_dir: tuned.modelDir, seed },
          }, async () => {
            const summary = await measureOutsideSources({
              modelDir: tuned.modelDir,
              labelledPath: outsidePath,
              outDir: `${runDir}/outside`,
              trainPath: prepared.trainPath,
              seed,
              onProgress: quiet ? undefined : (line) => log(`  ${line}`),
            });
            const metrics: Record<string, unknown> = {};
            for (const source of summary.sources) {
              metrics[`${source.source}.no_labels_f1`] = source.no_labels.f1;
              metrics[`${source.source}.shift_flagged`] = source.shift.flagged;
              if (source.adapted) {
                metrics[`${source.source}.adapted_f1`] = source.adapted.held_out.f1;
              }
            }
            return {
              value: summary,
              metrics,
              artifacts: { summary: `${runDir}/outside/outside.json` },
            };
          }),
      );
    }

    const report = await stage(
      "report: comparison table, charts, reproducibility block",
      () =>
        writeReport({
          storePath,
          outDir: `${runDir}/report`,
          runId,
          seed,
          ...(outside ? { outsideSummaryPath: `${runDir}/outside/outside.json` } : {}),
        }),
    );
    const store = await ExperimentStore.open(storePath);
    let comparisonTable: string;
    try {
      comparisonTable = comparisonMarkdown(await loadComparison(store, { runId, seed }));
    } finally {
      store.close();
    }

    // The served model is the tuned one: it was chosen on validation folds of the training data only.
    // Picking between the three by their test scores would turn the test split into a selection set.
    const servedConfiguration = "tuned";
    const smokeTest = await stage(
      `serve: local endpoint with the ${servedConfiguration} model, smoke test`,
      async () => {
        const endpoint = await startModelEndpoint({
          modelDir: tuned.modelDir,
          hostname: config.serve.host,
          port: config.serve.port,
          storePath,
          runId,
          log: () => {},
        });
        try {
          return await smokeTestEndpoint(
            endpoint.url,
            testRows.slice(0, 20).map((row) => row.text),
            tuned.modelDir,
          );
        } finally {
          await endpoint.stop();
        }
      },
    );
    log(`  ${smokeTest.summary}`);

    await stage("cleanup: stop what the run started", async () => {
      // Only what runs is stopped: the run's folders (data, models, tuning logs, report) are its results.
      const cleanup = await cleanupRun({
        storePath,
        runId,
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
      log(`  nothing of the run is running (${stopped} stopped now; results kept in ${runDir})`);
    });

    const outcome: StudyOutcome = {
      runId,
      runDir,
      storePath,
      evaluations: [baseline, tuned, tunedSynthetic],
      comparisonTable,
      reportHtmlPath: report.htmlPath,
      reportMarkdownPath: report.markdownPath,
      servedConfiguration,
      smokeTest,
      ...(outside ? { outside } : {}),
    };
    return {
      value: outcome,
      metrics: Object.fromEntries(outcome.evaluations.map((e) => [`${e.name}_f1`, e.metrics.f1])),
      artifacts: { run_dir: runDir, report_html: report.htmlPath, report_md: report.markdownPath },
    };
  });
}
