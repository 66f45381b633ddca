/**
 * The whole study on the local backend: prepare (grouped split) → baseline → augment → tune → tuned and
 * tuned + synthetic → report → serve the chosen model and smoke-test it → stop and clean up.
 */
import { defaultCorpusSource } from "../data/mod.ts";
import type { OutsideSummary } from "../adapt/mod.ts";
import type { EvaluationOutcome } from "../evaluate/mod.ts";
import type { PipelineConfig } from "./config.ts";
import { recordPipelineRun, runFolder } from "./_run_folder.ts";
import { createStageRunner, type StageLog } from "./_stages.ts";
import type { SmokeTestResult } from "./_smoke_test.ts";
import {
  _augmentStage,
  _baselineStage,
  _cleanupStage,
  type _LocalStudy,
  _outsideStage,
  _prepareStage,
  _reportStage,
  _serveStage,
  _tunedStages,
  _tuneStage,
} from "./_local_study_stages.ts";

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

/** Number of stages of the local study (one more with `data.outside`). */
const STAGE_COUNT = 9;

/**
 * Runs the whole study locally, one stage after another (see `_local_study_stages.ts`), as one
 * `pipeline` run of the store holding each stage's own run.
 * @param options configuration, output folder, run id
 * @returns paths, the comparison table and the smoke test
 * @throws {AdeError} naming the failed stage; earlier stages' outputs stay on disk and in the store
 * @example The whole study on the real corpus (not run as a doc test: about half a minute of training)
 * ```ts ignore
 * import { loadConfig } from "./mod.ts";
 * const { config } = await loadConfig(); // ade.config.json when present, else the defaults
 * const outcome = await runStudy({ config, outDir: "runs/study" });
 * console.log(outcome.comparisonTable);
 * ```
 */
export async function runStudy(options: StudyOptions): Promise<StudyOutcome> {
  const { config } = options;
  const folder = runFolder(options);
  const { runId, runDir, storePath, log } = folder;
  await Deno.mkdir(runDir, { recursive: true });
  log(`study ${runId}: outputs in ${runDir}, store ${storePath}`);
  const outsidePath = config.data.outside;
  const study: _LocalStudy = {
    ...folder,
    config,
    source: config.data.source ?? defaultCorpusSource(),
    quiet: options.quiet ?? false,
    stage: createStageRunner(STAGE_COUNT + (outsidePath ? 1 : 0), runDir, log),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return await recordPipelineRun(folder, "study", {
    config,
    config_file: options.configFile ?? null,
    backend: "local",
  }, async () => {
    const split = await _prepareStage(study);
    const baseline = await _baselineStage(study, split);
    const syntheticPath = await _augmentStage(study, split);
    const tunedParams = await _tuneStage(study, split);
    const { tuned, tunedSynthetic } = await _tunedStages(study, split, tunedParams, syntheticPath);
    const outside = outsidePath ? await _outsideStage(study, split, tuned, outsidePath) : undefined;
    const report = await _reportStage(study, outside);
    // The served model is the tuned one: it was chosen on validation folds of the training data only.
    // Picking between the three by their test scores would turn the test split into a selection set.
    const servedConfiguration = "tuned";
    const smokeTest = await _serveStage(study, split, servedConfiguration, tuned.modelDir);
    await _cleanupStage(study);
    const outcome: StudyOutcome = {
      runId,
      runDir,
      storePath,
      evaluations: [baseline, tuned, tunedSynthetic],
      comparisonTable: report.comparisonTable,
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
