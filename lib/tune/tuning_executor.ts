/**
 * The executor backends a study runs on, as two small interfaces. A {@link TrialExecutor} runs one trial the
 * study proposes (the local backend: a `train` process per trial); the study's loop does the rest (ask the
 * sampler, report intermediate values to the pruner, tell the hooks). A {@link SearchExecutor} hands the whole
 * search to a service whose own tuner proposes the trials (SageMaker): it submits, follows the job and
 * reports the trials it reads back. A new backend is one new executor.
 */
import type { PlannedRequest } from "../cloud/mod.ts";
import type { RunResource } from "../track/mod.ts";
import type { SearchSpace, TrialParams } from "./space.ts";
import type { TuningStrategy } from "./strategy.ts";
import type { BestTrial, TrialRecord } from "./trials.ts";

/** A study's settings, validated, as every executor sees them. */
export interface StudyDefinition {
  /** Training file (the training part of the split; the test split is never read). */
  trainPath: string;
  /** Output folder, without a trailing slash. */
  outDir: string;
  /** Search space. */
  space: SearchSpace;
  /** Strategy. */
  strategy: TuningStrategy;
  /** Total trials in the study, resumed ones included. */
  maxTrials: number;
  /** Trials at once. */
  parallel: number;
  /** Study seed (validation split, sampler, `RandomSeed`). */
  seed: number;
  /** Metric regex; its first group is the objective. */
  metricRegex: string;
  /** Folds of the grouped validation split; fold 0 is the validation part. */
  folds: number;
  /** Study run id (tags, S3 prefix, and the run a tracker files the study under). */
  runId: string;
}

/** The grouped validation split written for the study (`OUT/folds/`). */
export interface ValidationFolds {
  /** The fold's training part. */
  trainPath: string;
  /** The fold's validation part (never the held-out test split). */
  validationPath: string;
}

/** One trial the study asks a {@link TrialExecutor} to run. */
export interface TrialRun {
  /** Trial number, from 1. */
  trial: number;
  /** The searched values. */
  params: TrialParams;
  /** Everything the trainer receives: searched + static values (+ the full resource under Hyperband). */
  hyperparameters: TrialParams;
  /** Hyperband: print an intermediate objective every this many resource units. */
  checkpointEvery?: number;
  /**
   * Reports the `step`-th intermediate objective to the pruner.
   * @returns true when the trial should stop now
   */
  report(step: number, value: number): boolean;
  /** Why a stopped trial was stopped (`stopped by hyperband at step N (bracket B)`). */
  stopReason(step: number): string;
  /** Aborted when the study stops: the trial must end at once. */
  signal: AbortSignal;
  /** Extra arguments for the trial's command (the study's `trialArgs`; the local default command appends them). */
  extraArgs?: string[];
}

/** A trial as a {@link TrialExecutor} returns it. */
export interface FinishedTrial {
  /** The row of `trials.jsonl`. */
  record: TrialRecord;
  /** The hyperparameters it ran with. */
  hyperparameters: TrialParams;
  /** Its log. */
  logPath: string;
}

/** What every executor backend has. */
export interface ExecutorBackend {
  /** Backend name (`local`, `sagemaker`). */
  readonly backend: string;
  /**
   * Checks the study against what the backend accepts, before anything is written.
   * @returns warnings for the user
   * @throws {UsageError} a study the backend cannot run
   * @throws {PreflightError} a request that breaks a service rule
   */
  check(definition: StudyDefinition): Promise<string[]>;
  /** How the study names itself to a tracker (`TuningStudyHooks.started`), and what it created first. */
  describeRun(definition: StudyDefinition): StudyDescription;
}

/** A study as a tracker sees it: a name, its parameters, and the resources it holds from the start. */
export interface StudyDescription {
  /** Run name, e.g. `bayesian:local`. */
  name: string;
  /** The study's parameters (strategy, space, budget, …). */
  params: Record<string, unknown>;
  /** Resources that exist once the study starts (e.g. the local study folder). */
  resources?: RunResource[];
}

/** Runs the trials the study proposes, one call per trial. */
export interface TrialExecutor extends ExecutorBackend {
  /** How the study drives this executor. */
  readonly kind: "trials";
  /**
   * Runs one trial to its end, reporting its intermediate objectives through `run.report`.
   * @returns its record; a trial that fails is a record with status `Failed`, not an exception
   */
  runTrial(
    run: TrialRun,
    definition: StudyDefinition,
    folds: ValidationFolds,
  ): Promise<FinishedTrial>;
}

/** What a {@link SearchExecutor} gets from the study. */
export interface SearchContext {
  /** The study. */
  definition: StudyDefinition;
  /** The validation split to send. */
  folds: ValidationFolds;
  /** Aborting asks the service to stop its search. */
  signal: AbortSignal;
  /**
   * Replaces the trials table with the trials the service reports (written at once) and shows progress.
   * @param trials finished trials
   * @param status the service's status of the search
   * @returns the best trial so far
   */
  sync(trials: TrialRecord[], status: string): Promise<BestTrial | undefined>;
  /** Reports a resource the search created (S3 prefix, tuning job) the moment it exists. */
  addResource(resource: RunResource): void;
}

/** How a {@link SearchExecutor}'s search ended. */
export interface SearchOutcome {
  /** The service's final status (absent for a dry run). */
  status?: string;
  /** Request files written (dry run). */
  requestFiles: string[];
  /** The requests sent or, in a dry run, planned (bodies described). */
  requests: PlannedRequest[];
}

/** Hands the whole search to a service whose own tuner samples and stops trials. */
export interface SearchExecutor extends ExecutorBackend {
  /** How the study drives this executor. */
  readonly kind: "search";
  /** Only plan: write the requests, send nothing (the study tells its hooks nothing). */
  readonly dryRun: boolean;
  /**
   * Runs (or plans) the search and reports its trials through `context.sync`.
   * @returns the final status and the requests
   */
  runSearch(context: SearchContext): Promise<SearchOutcome>;
}

/** An executor backend. */
export type TuningExecutor = TrialExecutor | SearchExecutor;
