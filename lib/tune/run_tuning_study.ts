/**
 * The study: one loop for every backend. It validates the settings, lets the executor check them, opens the
 * study folder (fresh or resumed) with its grouped validation split inside the training file, and then
 * either runs the trials it proposes itself (ask the sampler, run a trial on the executor, report to the
 * pruner, tell the hooks) or hands the search to a service's own tuner and keeps the trials it reads back.
 * Both write `OUT/trials.jsonl` and `OUT/best.json` and return the same result. The study records nothing
 * itself: it tells its {@link TuningStudyHooks} what happens (the experiment store's `recordTuningStudy` of
 * `record` is one such tracker).
 */
import type { PlannedRequest } from "../cloud/mod.ts";
import { UsageError } from "../core/mod.ts";
import { newRunId, type RunResource } from "../track/mod.ts";
import { createLocalExecutor } from "./local_executor.ts";
import { compileMetricRegex, DEFAULT_METRIC_REGEX } from "./objective_log.ts";
import type { SearchSpace, TrialParams } from "./space.ts";
import { TUNING_STRATEGIES, type TuningStrategy } from "./strategy.ts";
import { type BestTrial, bestTrial, INTERRUPTED, type TrialRecord } from "./trials.ts";
import type {
  FinishedTrial,
  SearchExecutor,
  StudyDefinition,
  StudyDescription,
  TrialExecutor,
  TuningExecutor,
} from "./tuning_executor.ts";
import { createStudyProgress } from "./_study_progress.ts";
import { openStudyStorage, type StudyStorage } from "./_study_storage.ts";
import { plannedTrialCount, planTrialQueue, runTrialLoop } from "./_trial_loop.ts";
import { prepareTrialSearch, type TrialSearch } from "./_trial_search.ts";

/** Options of {@link runTuningStudy}: the same for every backend. */
export interface TuningStudyOptions {
  /** Training file (the training part of the split; the test split is never read). */
  trainPath: string;
  /** Output folder. */
  outDir: string;
  /** Search space. */
  space: SearchSpace;
  /** Where the trials run (default {@link createLocalExecutor}`()`). */
  executor?: TuningExecutor;
  /** Strategy (default `bayesian`). */
  strategy?: TuningStrategy;
  /** Total trials in the study, resumed ones included (default 8). */
  maxTrials?: number;
  /** Trials at once (default 1). */
  parallel?: number;
  /** Study seed: validation split, sampler, SageMaker's `RandomSeed` (default 42). */
  seed?: number;
  /** Metric regex (default {@link DEFAULT_METRIC_REGEX}). */
  metricRegex?: string;
  /** Folds of the grouped validation split; fold 0 is the validation part (default 5). */
  folds?: number;
  /** Continue the study in `outDir` (executors that run single trials). */
  resume?: boolean;
  /**
   * Configurations a fresh study evaluates first, as trials 1, 2, … (e.g. the model's defaults, so that the
   * best trial is never worse on validation than the untuned model); they count against `maxTrials`.
   * A service that samples itself does not take them.
   */
  initialTrials?: TrialParams[];
  /** Earlier tuning folder whose completed trials seed the sampler (the study's own sampler). */
  warmStartDir?: string;
  /** Study run id (tags, S3 prefix, what a tracker files the study under; default a new id). */
  runId?: string;
  /** Told what the study does as it happens: start, resources, each finished trial, the end (none for a dry run). */
  hooks?: TuningStudyHooks;
  /**
   * Extra arguments for the command of each trial the study runs itself, by trial number (the local
   * executor appends them to its default `ade train` command).
   */
  trialArgs?: (trial: number) => string[];
  /** Aborting stops the study: running trials are killed and recorded as Stopped (a service is asked to stop). */
  signal?: AbortSignal;
  /** Called after each trial the study runs (for live displays). */
  onTrial?: (trial: TrialRecord, best: BestTrial | undefined) => void;
  /** No progress lines on stderr. */
  quiet?: boolean;
}

/** The study as it starts: its run id, output folder, name and parameters (see `ExecutorBackend.describeRun`). */
export interface StudyStart extends Omit<StudyDescription, "resources"> {
  /** Study run id. */
  runId: string;
  /** Output folder, without a trailing slash (`trials.jsonl`, `best.json` go there). */
  outDir: string;
}

/** How a study ended, as its hooks are told. */
export interface StudyEnd {
  /** `completed`; `stopped` (interrupted, or a service's search stopped); `failed` (a service's search failed). */
  status: "completed" | "stopped" | "failed";
  /** Best completed trial. */
  best: BestTrial | undefined;
  /** Every trial of the study (resumed ones included). */
  trials: TrialRecord[];
}

/**
 * What a study tells a tracker, each at the moment it happens, so that a study killed half-way has told
 * everything up to then. Nothing is told for a dry run, nor for settings refused before the study starts.
 */
export interface TuningStudyHooks {
  /** The study starts (awaited before any trial runs). */
  started?(start: StudyStart): Promise<void> | void;
  /** The study created a resource (its folder, an S3 prefix, a tuning job). */
  resourceCreated?(resource: RunResource): void;
  /** A trial the study ran itself ended (completed, failed or stopped); a service's trials are not told. */
  trialFinished?(finished: FinishedTrial): void;
  /** The study ended (after `trials.jsonl` and `best.json` were written). */
  finished?(end: StudyEnd): void;
  /** The study failed with `error` after it started (thrown on afterwards). */
  failed?(error: unknown): void;
}

/** What {@link runTuningStudy} returns, whatever the backend. */
export interface TuningStudyResult {
  /** Backend that ran the study. */
  backend: string;
  /** Every trial, by number (empty for a dry run). */
  trials: TrialRecord[];
  /** Best completed trial. */
  best: BestTrial | undefined;
  /** True when the study was interrupted and can be continued with `resume`. */
  interrupted: boolean;
  /** True when the backend only planned (a dry run): nothing ran. */
  dryRun: boolean;
  /** The output folder. */
  outDir: string;
  /** Study run id. */
  runId: string;
  /** Things the user should know (e.g. a volume key left out). */
  warnings: string[];
  /** A service's final status of its search (e.g. `Completed`); absent when the study ran the trials. */
  status?: string;
  /** Request files written by a dry run. */
  requestFiles: string[];
  /** Requests sent to a service or, in a dry run, planned. */
  requests: PlannedRequest[];
}

/**
 * Runs a tuning study and writes `OUT/trials.jsonl` and `OUT/best.json` (plus `OUT/folds/`; locally also
 * `OUT/trials/<n>/log.txt` and `OUT/study.json`).
 * @param options data, space, strategy, budget, parallelism, executor, resume, warm start, hooks
 * @returns the trials, the best trial and what the backend reported
 * @throws {UsageError} bad options, or a resume whose settings differ from the stored study
 * @throws {PreflightError} a SageMaker request that breaks a service rule (nothing is sent)
 * @throws {DataError} an unreadable training file
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLocalExecutor } from "./local_executor.ts";
 * import { localSpace } from "./space.ts";
 * const outDir = await Deno.makeTempDir();
 * const result = await runTuningStudy({
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   outDir,
 *   space: localSpace(),
 *   maxTrials: 2,
 *   quiet: true,
 *   // Each trial prints its objective (`ade train` by default; here a constant).
 *   executor: createLocalExecutor({ trialCommand: () => ({ command: "echo", args: ["f1: 0.5"] }) }),
 * });
 * assert.equal(result.best?.objective, 0.5);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function runTuningStudy(options: TuningStudyOptions): Promise<TuningStudyResult> {
  const definition = resolveStudyDefinition(options);
  const executor = options.executor ?? createLocalExecutor();
  const warnings = await executor.check(definition);
  const search = executor.kind === "trials" ? await prepareTrialSearch(definition, options) : null;
  const storage = await openStudyStorage(definition, {
    resume: options.resume === true,
    resumable: executor.kind === "trials",
    backend: executor.backend,
  });
  const dryRun = executor.kind === "search" && executor.dryRun;
  const hooks = dryRun ? {} : options.hooks ?? {};
  await _tellStarted(hooks, definition, executor.describeRun(definition));
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener("abort", abort);
  try {
    const result = executor.kind === "trials"
      ? await _runTrials(executor, search!, definition, storage, hooks, controller, options)
      : await _runSearch(executor, definition, storage, hooks, controller.signal, options.quiet);
    return { ...result, warnings, backend: executor.backend, outDir: definition.outDir, dryRun };
  } catch (error) {
    controller.abort();
    hooks.failed?.(error);
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
}

/**
 * Validates the options every backend shares and fills in the defaults.
 * @param options the study's options
 * @returns the definition executors see
 * @throws {UsageError} an unknown strategy, a budget or parallelism below 1, a regex that does not compile
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { localSpace } from "./mod.ts";
 * const options = { trainPath: "train.jsonl", outDir: "runs/tune", space: localSpace() };
 * const definition = resolveStudyDefinition({ ...options, runId: "study-1" });
 * assert.equal(definition.strategy, "bayesian");
 * assert.equal(definition.maxTrials, 8);
 * assert.throws(() => resolveStudyDefinition({ ...options, parallel: 0 }), /parallel/);
 * ```
 */
export function resolveStudyDefinition(options: TuningStudyOptions): StudyDefinition {
  const strategy = options.strategy ?? "bayesian";
  if (!TUNING_STRATEGIES.includes(strategy)) {
    throw new UsageError(`--strategy must be one of ${TUNING_STRATEGIES.join(", ")}`);
  }
  const maxTrials = options.maxTrials ?? 8;
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(maxTrials) || maxTrials < 1) {
    throw new UsageError("--max-trials must be an integer ≥ 1");
  }
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new UsageError("--parallel must be an integer ≥ 1");
  }
  const metricRegex = options.metricRegex ?? DEFAULT_METRIC_REGEX;
  try {
    compileMetricRegex(metricRegex);
  } catch (error) {
    throw new UsageError(`--metric-regex does not compile: ${(error as Error).message}`);
  }
  return {
    trainPath: options.trainPath,
    outDir: options.outDir.replace(/\/$/, ""),
    space: options.space,
    strategy,
    maxTrials,
    parallel,
    seed: options.seed ?? 42,
    metricRegex,
    folds: options.folds ?? 5,
    runId: options.runId ?? newRunId("tune"),
  };
}

/** Tells the hooks the study started, then the resources it holds from the start. */
async function _tellStarted(
  hooks: TuningStudyHooks,
  definition: StudyDefinition,
  description: StudyDescription,
): Promise<void> {
  const { resources, ...named } = description;
  await hooks.started?.({ ...named, runId: definition.runId, outDir: definition.outDir });
  for (const resource of resources ?? []) hooks.resourceCreated?.(resource);
}

type _StudyOutcome = Omit<TuningStudyResult, "warnings" | "backend" | "outDir" | "dryRun">;

/** The study proposes, the executor runs, the study keeps the trials and tells the hooks. */
async function _runTrials(
  executor: TrialExecutor,
  search: TrialSearch,
  definition: StudyDefinition,
  storage: StudyStorage,
  hooks: TuningStudyHooks,
  controller: AbortController,
  options: TuningStudyOptions,
): Promise<_StudyOutcome> {
  const { signal } = controller;
  const queue = planTrialQueue(storage.earlier, search.initialTrials);
  const total = plannedTrialCount(definition, search, queue, options.resume === true);
  const trials = [...queue.kept];
  const progress = createStudyProgress("tune", total, options.quiet);
  progress.start(trials);
  const recordTrial = async (finished: FinishedTrial) => {
    trials.push(finished.record);
    hooks.trialFinished?.(finished);
    await storage.save(trials);
    if (finished.record.error !== INTERRUPTED) progress.trialDone(trials);
    options.onTrial?.(finished.record, bestTrial(trials));
  };
  await runTrialLoop({
    definition,
    folds: storage.folds,
    executor,
    search,
    queue,
    total,
    trials: () => trials,
    record: recordTrial,
    ...(options.trialArgs ? { trialArgs: options.trialArgs } : {}),
    signal,
    abort: () => controller.abort(),
  });
  const interrupted = signal.aborted;
  const best = await storage.save(trials);
  progress.finish(trials, { interrupted });
  hooks.finished?.({ status: interrupted ? "stopped" : "completed", best, trials });
  return {
    trials: [...trials].sort((a, b) => a.trial - b.trial),
    best,
    interrupted,
    runId: definition.runId,
    requestFiles: [],
    requests: [],
  };
}

/** The service proposes and runs; the study keeps what it reports. */
async function _runSearch(
  executor: SearchExecutor,
  definition: StudyDefinition,
  storage: StudyStorage,
  hooks: TuningStudyHooks,
  signal: AbortSignal,
  quiet?: boolean,
): Promise<_StudyOutcome> {
  let trials: TrialRecord[] = [];
  const progress = createStudyProgress(
    `tune:${executor.backend}`,
    definition.maxTrials,
    quiet,
  );
  const outcome = await executor.runSearch({
    definition,
    folds: storage.folds,
    signal,
    async sync(reported, status) {
      trials = [...reported].sort((a, b) => a.trial - b.trial);
      const best = await storage.save(trials);
      progress.synced(trials, status);
      return best;
    },
    addResource: (resource) => hooks.resourceCreated?.(resource),
  });
  const best = outcome.status === undefined ? undefined : await storage.save(trials);
  progress.finish(trials, { interrupted: false, status: outcome.status });
  const status = outcome.status;
  hooks.finished?.({
    status: status === "Completed" ? "completed" : status === "Stopped" ? "stopped" : "failed",
    best,
    trials,
  });
  return {
    trials,
    best,
    interrupted: false,
    runId: definition.runId,
    status,
    requestFiles: outcome.requestFiles,
    requests: outcome.requests,
  };
}
