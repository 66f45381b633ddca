/**
 * The local tuning loop: one grouped validation split inside the training file (never the test split), then
 * trials of `ade train` as subprocesses, `parallel` at a time, proposed by the chosen sampler, with
 * per-trial timeouts, Hyperband stopping, resume, warm start, Ctrl-C handling and the store records.
 */
import {
  AdeError,
  createProgress,
  exists,
  readJsonl,
  sha256File,
  UsageError,
  writeJsonAtomic,
  writeJsonl,
} from "../core/mod.ts";
import { groupedStratifiedKFold, readRows } from "../data/mod.ts";
import { ExperimentStore } from "../track/mod.ts";
import { createBayesianSampler } from "./bayesian_sampler.ts";
import { createGridSampler } from "./grid_sampler.ts";
import { createHyperbandPruner, type TrialPruner } from "./hyperband.ts";
import { runTrialProcess, type TrialCommand } from "./local_executor.ts";
import { compileMetricRegex, DEFAULT_METRIC_REGEX, parseObjectiveLog } from "./objective_log.ts";
import { createRandomSampler } from "./random_sampler.ts";
import { closestName } from "./tuning_job_preflight.ts";
import type { ObservedTrial, Sampler } from "./sampler.ts";
import { paramsFitSpace, paramsToHpArgs, type SearchSpace, type TrialParams } from "./space.ts";
import {
  type BestTrial,
  bestTrial,
  readTrials,
  type TrialRecord,
  writeTrialsTable,
} from "./trials.ts";

/** Search strategies (SageMaker's names, lower case). */
export type TuningStrategy = "random" | "grid" | "bayesian" | "hyperband";

/** Every strategy name. */
export const TUNING_STRATEGIES: readonly TuningStrategy[] = [
  "random",
  "grid",
  "bayesian",
  "hyperband",
];

/** What a trial's command builder receives. */
export interface TrialContext {
  /** Trial number. */
  trial: number;
  /** All hyperparameters of the trial (searched + static + resource). */
  hyperparameters: TrialParams;
  /** Fold training file. */
  trainPath: string;
  /** Fold validation file. */
  validationPath: string;
  /** Folder for the trial's model. */
  modelDir: string;
  /** Study seed. */
  seed: number;
  /** Hyperband: print an intermediate objective every this many resource units (`--checkpoint-every`). */
  checkpointEvery?: number;
}

/** Options of {@link runLocalStudy}. */
export interface LocalStudyOptions {
  /** Training file (the training part of the split; the test split is never read). */
  trainPath: string;
  /** Output folder. */
  outDir: string;
  /** Search space. */
  space: SearchSpace;
  /** Strategy (default `bayesian`). */
  strategy?: TuningStrategy;
  /** Total trials in the study, resumed ones included (default 8). */
  maxTrials?: number;
  /** Trials at once (default 1). */
  parallel?: number;
  /** Study seed (default 42). */
  seed?: number;
  /** Metric regex (default {@link DEFAULT_METRIC_REGEX}). */
  metricRegex?: string;
  /** Continue the study in `outDir`. */
  resume?: boolean;
  /**
   * Configurations a fresh study evaluates first, as trials 1, 2, … (e.g. the model's defaults, so that the
   * best trial is never worse on validation than the untuned model); they count against `maxTrials`.
   */
  initialTrials?: TrialParams[];
  /** Earlier tuning folder whose completed trials seed the sampler. */
  warmStartDir?: string;
  /** Per-trial time limit in seconds (default 900; 0 = none). */
  trialTimeoutSeconds?: number;
  /** Folds of the grouped split; fold 0 is the validation part (default 5). */
  folds?: number;
  /** Experiment store; when given, a `tune` run and one `tune-trial` run per trial are recorded. */
  storePath?: string;
  /** Study run id for the store. */
  runId?: string;
  /** Aborting stops the study: running trials are killed and recorded as Stopped. */
  signal?: AbortSignal;
  /** Builds the trial's command (default: `deno run -A lib/cli/main.ts train ...`). */
  trialCommand?: (context: TrialContext) => TrialCommand;
  /** Called after each trial finishes (for live displays). */
  onTrial?: (trial: TrialRecord, best: BestTrial | undefined) => void;
  /** No progress lines on stderr. */
  quiet?: boolean;
  /**
   * Names the trial command accepts; every searched, static and resource name must be one of them
   * (default: the local models' `HYPERPARAMETER_NAMES` when `trialCommand` is not given; none otherwise).
   */
  hyperparameterNames?: readonly string[];
}

/** What {@link runLocalStudy} returns. */
export interface StudyResult {
  /** Every trial, by number. */
  trials: TrialRecord[];
  /** Best completed trial. */
  best: BestTrial | undefined;
  /** True when the study was interrupted (Ctrl-C / abort). */
  interrupted: boolean;
  /** The output folder. */
  outDir: string;
}

/** Settings stored in `OUT/study.json`; a resumed study must use the same ones. */
interface _StudySettings {
  strategy: TuningStrategy;
  space: SearchSpace;
  seed: number;
  metricRegex: string;
  trainPath: string;
  trainSha256: string;
  folds: number;
}

const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const INTERRUPTED = "interrupted";

/**
 * The default trial command: `deno run -A lib/cli/main.ts train --train F --validation V --model-dir D
 * --hp k=v ... --seed N`, run with this process's Deno binary.
 * @param context the trial
 * @returns command and arguments
 * @example const { command, args } = defaultTrialCommand(context);
 */
export function defaultTrialCommand(context: TrialContext): TrialCommand {
  return {
    command: Deno.execPath(),
    args: [
      "run",
      "-A",
      `${REPO_ROOT}/lib/cli/main.ts`,
      "train",
      "--train",
      context.trainPath,
      "--validation",
      context.validationPath,
      "--model-dir",
      context.modelDir,
      ...paramsToHpArgs(context.hyperparameters).flatMap((hp) => ["--hp", hp]),
      "--seed",
      String(context.seed),
      ...(context.checkpointEvery ? ["--checkpoint-every", String(context.checkpointEvery)] : []),
    ],
    cwd: REPO_ROOT,
  };
}

/**
 * Random trials before the Bayesian sampler uses its model: 3 for small budgets, a sixth of larger ones,
 * at most 10. With fewer than 3 points TPE's l(x)/g(x) ratio pushes proposals away from the single worst
 * point towards the range ends; 3 did best on the synthetic objective of tests/tune for budgets of 6–20.
 * @param maxTrials the study's budget
 * @returns the number of random start-up trials
 * @example bayesianStartupTrials(8) // 3
 */
export function bayesianStartupTrials(maxTrials: number): number {
  return Math.min(10, Math.max(3, Math.ceil(maxTrials / 6)));
}

/**
 * Creates the sampler for a strategy.
 * @param strategy strategy name
 * @param space search space
 * @param seed study seed
 * @param maxTrials the study's budget (sets the Bayesian sampler's random start-up trials)
 * @returns the sampler (Hyperband draws at random; its pruner does the rest)
 * @example createSampler("bayesian", localSpace(), 42, 8).suggest(1, [])
 */
export function createSampler(
  strategy: TuningStrategy,
  space: SearchSpace,
  seed: number,
  maxTrials = 15,
): Sampler {
  switch (strategy) {
    case "random":
      return createRandomSampler(space, seed);
    case "grid":
      return createGridSampler(space);
    case "bayesian":
      return createBayesianSampler(space, seed, {
        startupTrials: bayesianStartupTrials(maxTrials),
      });
    case "hyperband":
      return { ...createRandomSampler(space, seed), name: "hyperband" };
  }
}

/**
 * Writes (or, when resuming, reuses) the grouped validation split: fold 0 of a grouped stratified K-fold of
 * the training file, as `OUT/folds/train.jsonl` and `OUT/folds/validation.jsonl`.
 * @returns the two paths and row counts
 */
async function _writeFolds(
  trainPath: string,
  outDir: string,
  folds: number,
  seed: number,
): Promise<
  { trainPath: string; validationPath: string; trainRows: number; validationRows: number }
> {
  const rows = await readRows(trainPath);
  const [fold] = groupedStratifiedKFold(rows, folds, seed);
  const foldTrain = fold.train.map((i) => rows[i]);
  const foldValidation = fold.validation.map((i) => rows[i]);
  const paths = {
    trainPath: `${outDir}/folds/train.jsonl`,
    validationPath: `${outDir}/folds/validation.jsonl`,
  };
  await writeJsonl(paths.trainPath, foldTrain);
  await writeJsonl(paths.validationPath, foldValidation);
  return { ...paths, trainRows: foldTrain.length, validationRows: foldValidation.length };
}

/** The last lines of a log, for a failed trial's `error`. */
async function _logTail(path: string, lines = 15, chars = 2000): Promise<string> {
  try {
    const text = (await Deno.readTextFile(path)).trimEnd();
    return text.split("\n").slice(-lines).join("\n").slice(-chars);
  } catch {
    return "";
  }
}

/** Trials of an earlier tuning folder that can seed the sampler (completed, inside this space). */
async function _warmStartTrials(dir: string, space: SearchSpace): Promise<ObservedTrial[]> {
  const path = `${dir}/trials.jsonl`;
  if (!(await exists(path))) {
    throw new UsageError(`--warm-start: ${path} not found (expected an earlier tuning folder)`);
  }
  const earlier = await readTrials(path);
  return earlier
    .filter((t) => t.status === "Completed" && t.objective !== null)
    .filter((t) => paramsFitSpace(space, t.params).length === 0)
    .map((t, index) => ({ trial: -(index + 1), params: t.params, objective: t.objective }));
}

/**
 * Runs a local tuning study and writes `OUT/trials.jsonl`, `OUT/trials/<n>/log.txt`, `OUT/best.json`
 * (plus `OUT/study.json` and `OUT/folds/`).
 * @param options data, space, strategy, budget, parallelism, resume, warm start, store
 * @returns the trials table and the best trial
 * @throws {UsageError} bad options, or a resume whose settings differ from the stored study
 * @throws {DataError} unreadable training file
 * @example
 * ```ts
 * const result = await runLocalStudy({
 *   trainPath: "runs/data/train.jsonl", outDir: "runs/tune", space: localSpace(), strategy: "bayesian", maxTrials: 8,
 * });
 * console.log(result.best);
 * ```
 */
export async function runLocalStudy(options: LocalStudyOptions): Promise<StudyResult> {
  const strategy = options.strategy ?? "bayesian";
  if (!TUNING_STRATEGIES.includes(strategy)) {
    throw new UsageError(`--strategy must be one of ${TUNING_STRATEGIES.join(", ")}`);
  }
  const maxTrials = options.maxTrials ?? 8;
  const parallel = options.parallel ?? 1;
  const seed = options.seed ?? 42;
  const metricRegex = options.metricRegex ?? DEFAULT_METRIC_REGEX;
  const folds = options.folds ?? 5;
  const outDir = options.outDir.replace(/\/$/, "");
  if (!Number.isInteger(maxTrials) || maxTrials < 1) {
    throw new UsageError("--max-trials must be an integer ≥ 1");
  }
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new UsageError("--parallel must be an integer ≥ 1");
  }
  try {
    compileMetricRegex(metricRegex);
  } catch (error) {
    throw new UsageError(`--metric-regex does not compile: ${(error as Error).message}`);
  }
  const validNames = options.hyperparameterNames ??
    (options.trialCommand ? undefined : (await import("../models/mod.ts")).HYPERPARAMETER_NAMES);
  if (validNames) checkHyperparameterNames(options.space, validNames);
  const studyPath = `${outDir}/study.json`;
  const settings: _StudySettings = {
    strategy,
    space: options.space,
    seed,
    metricRegex,
    trainPath: options.trainPath,
    trainSha256: await sha256File(options.trainPath).catch(() => {
      throw new UsageError(`--train: cannot read ${options.trainPath}`);
    }),
    folds,
  };
  let trials: TrialRecord[] = [];
  let foldPaths: { trainPath: string; validationPath: string };
  if (options.resume) {
    if (!(await exists(studyPath))) {
      throw new UsageError(`--resume: ${studyPath} not found (no study to continue)`);
    }
    const stored = JSON.parse(await Deno.readTextFile(studyPath)) as _StudySettings;
    for (const key of ["strategy", "seed", "metricRegex", "trainSha256", "folds"] as const) {
      if (JSON.stringify(stored[key]) !== JSON.stringify(settings[key])) {
        throw new UsageError(
          `--resume: ${key} differs from the stored study (${JSON.stringify(stored[key])} there, ` +
            `${JSON.stringify(settings[key])} now)`,
        );
      }
    }
    if (JSON.stringify(stored.space.parameters) !== JSON.stringify(settings.space.parameters)) {
      throw new UsageError(`--resume: the search space differs from the stored study's`);
    }
    foldPaths = {
      trainPath: `${outDir}/folds/train.jsonl`,
      validationPath: `${outDir}/folds/validation.jsonl`,
    };
    if (!(await exists(foldPaths.trainPath)) || !(await exists(foldPaths.validationPath))) {
      foldPaths = await _writeFolds(options.trainPath, outDir, folds, seed);
    }
    trials = await readTrials(`${outDir}/trials.jsonl`);
  } else {
    if (await exists(`${outDir}/trials.jsonl`)) {
      throw new UsageError(
        `${outDir} already holds a study (trials.jsonl); use --resume to continue it or another --out`,
      );
    }
    foldPaths = await _writeFolds(options.trainPath, outDir, folds, seed);
    await writeJsonAtomic(studyPath, settings);
  }
  const warmStart = options.warmStartDir
    ? await _warmStartTrials(options.warmStartDir, options.space)
    : [];
  const sampler = createSampler(strategy, options.space, seed, maxTrials);
  const resource = options.space.resource;
  if (strategy === "hyperband" && !resource) {
    throw new UsageError("hyperband needs a space with a `resource` (e.g. max_iter)");
  }
  // Hyperband: about 10 intermediate reports per full trial; the pruner counts reports.
  const checkpointEvery = strategy === "hyperband" && resource
    ? Math.max(1, Math.round(resource.max / 10))
    : undefined;
  const pruner: TrialPruner | undefined = strategy === "hyperband" && resource
    ? createHyperbandPruner({
      maxResource: Math.ceil(resource.max / checkpointEvery!),
      minResource: Math.max(1, Math.round((resource.min ?? 1) / checkpointEvery!)),
    })
    : undefined;
  // Interrupted trials of a resumed study run again with the same numbers and values.
  const requeue = trials.filter((t) => t.status === "Stopped" && t.error === INTERRUPTED);
  trials = trials.filter((t) => !requeue.includes(t));
  const queue: Array<{ trial: number; params: TrialParams }> = requeue.map((t) => ({
    trial: t.trial,
    params: t.params,
  }));
  let nextNumber = trials.reduce((max, t) => Math.max(max, t.trial), 0);
  for (const t of requeue) nextNumber = Math.max(nextNumber, t.trial);
  // A fresh study first evaluates the given configurations (e.g. the model's defaults), then samples.
  if (nextNumber === 0) {
    for (const params of options.initialTrials ?? []) {
      const problems = paramsFitSpace(options.space, params);
      if (problems.length > 0) {
        throw new UsageError(
          `initial trial ${JSON.stringify(params)} does not fit the space: ${problems.join("; ")}`,
        );
      }
      queue.push({ trial: ++nextNumber, params });
    }
  }
  const total = Math.min(maxTrials, sampler.capacity + (options.resume ? trials.length : 0));

  let store: ExperimentStore | undefined;
  let tuneRecordId: string | undefined;
  let runId: string | undefined;
  if (options.storePath) {
    store = await ExperimentStore.open(options.storePath);
    tuneRecordId = store.startRun({
      kind: "tune",
      runId: options.runId,
      name: `${strategy}:${options.space.name}`,
      params: { strategy, space: options.space.name, budget: maxTrials, parallel, seed },
    });
    runId = store.getRun(tuneRecordId)!.runId;
    store.addResource(tuneRecordId, { type: "local-dir", name: outDir });
  }

  const progress = createProgress("tune", total, { silent: options.quiet });
  const bestNote = () => {
    const best = bestTrial(trials);
    return best ? `best ${best.objective.toFixed(4)} (trial ${best.trial})` : "no result yet";
  };
  progress.update(trials.length, bestNote());
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener("abort", onOuterAbort);
  let interrupted = false;
  let tableWrite = Promise.resolve<BestTrial | undefined>(undefined);
  const saveTable = () => {
    const snapshot = [...trials];
    tableWrite = tableWrite.then(() => writeTrialsTable(outDir, snapshot));
    return tableWrite;
  };

  // Proposals must not depend on which running trial happens to finish first: trial n sees exactly the
  // trials numbered up to n − parallel (waiting for them when needed), so a study is reproducible for a seed
  // at any --parallel.
  const observed = (visibleUpTo: number): ObservedTrial[] => [
    ...warmStart,
    ...trials.filter((t) => t.trial <= visibleUpTo).map((t) => ({
      trial: t.trial,
      params: t.params,
      objective: t.status === "Completed" ? t.objective : null,
    })),
  ];
  const runningNumbers = new Set<number>();

  // Trials run with the repository as working directory: give them absolute paths.
  const absolute = (path: string) => path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  const runOne = async (trial: number, params: TrialParams): Promise<void> => {
    const trialDir = `${outDir}/trials/${trial}`;
    await Deno.mkdir(trialDir, { recursive: true });
    const hyperparameters: TrialParams = { ...(options.space.static ?? {}), ...params };
    if (pruner && resource) hyperparameters[resource.name] = resource.max;
    const context: TrialContext = {
      trial,
      hyperparameters,
      trainPath: absolute(foldPaths.trainPath),
      validationPath: absolute(foldPaths.validationPath),
      modelDir: absolute(`${trialDir}/model`),
      seed,
      ...(checkpointEvery ? { checkpointEvery } : {}),
    };
    const command = (options.trialCommand ?? defaultTrialCommand)(context);
    if (!options.trialCommand && options.storePath) {
      command.args.push("--store", absolute(options.storePath), "--name", `tune-trial-${trial}`);
      if (runId) command.args.push("--run-id", runId);
    }
    const logPath = `${trialDir}/log.txt`;
    let result;
    try {
      result = await runTrialProcess(command, {
        logPath,
        metricRegex,
        timeoutSeconds: options.trialTimeoutSeconds ?? 900,
        signal: controller.signal,
        onMetric: pruner ? (value, index) => pruner.report(trial, index, value) : undefined,
      });
    } catch (error) {
      await Deno.writeTextFile(
        logPath,
        `could not start the trial: ${(error as Error).message}\n`,
        {
          append: true,
        },
      );
      result = { outcome: "exited" as const, code: -1, seconds: 0 };
    }
    const log = await Deno.readTextFile(logPath).catch(() => "");
    const parsed = parseObjectiveLog(log, metricRegex);
    const record: TrialRecord = {
      trial,
      params,
      status: "Completed",
      objective: parsed.final,
      seconds: Number(result.seconds.toFixed(2)),
      intermediate: parsed.intermediate,
    };
    if (parsed.finalLine !== null) record.objective_line = parsed.finalLine;
    if (result.outcome === "aborted") {
      record.status = "Stopped";
      record.error = INTERRUPTED;
    } else if (result.outcome === "stopped") {
      record.status = "Stopped";
      record.error = `stopped by hyperband at step ${parsed.intermediate.length + 1} ` +
        `(bracket ${pruner?.bracketOf(trial)})`;
    } else if (result.outcome === "timeout") {
      record.status = "Failed";
      record.error = `timed out after ${options.trialTimeoutSeconds ?? 900} s\n${await _logTail(
        logPath,
      )}`;
    } else if (result.code !== 0) {
      record.status = "Failed";
      record.error = `exit code ${result.code}\n${await _logTail(logPath)}`;
    } else if (parsed.final === null) {
      record.status = "Failed";
      record.error = `no line matched the metric regex ${metricRegex}\n${await _logTail(logPath)}`;
    }
    trials.push(record);
    if (store && runId) {
      const trialRecordId = store.startRun({
        kind: "tune-trial",
        runId,
        name: `trial-${trial}`,
        params: hyperparameters,
      });
      store.finishRun(trialRecordId, {
        status: record.status === "Completed"
          ? "completed"
          : record.status === "Failed"
          ? "failed"
          : "stopped",
        metrics: { objective: record.objective, intermediate: record.intermediate ?? [] },
        artifacts: { log: logPath },
        error: record.error ?? null,
      });
    }
    await saveTable();
    if (record.error !== INTERRUPTED) progress.tick(1, bestNote());
    options.onTrial?.(record, bestTrial(trials));
  };

  const running = new Set<Promise<void>>();
  let launched = trials.length;
  try {
    while (!controller.signal.aborted) {
      while (running.size < parallel && launched < total && !controller.signal.aborted) {
        let next = queue.shift();
        if (!next) {
          nextNumber++;
          const visibleUpTo = nextNumber - parallel;
          while ([...runningNumbers].some((number) => number <= visibleUpTo)) {
            await Promise.race(running);
          }
          if (controller.signal.aborted) break;
          next = { trial: nextNumber, params: sampler.suggest(nextNumber, observed(visibleUpTo)) };
        }
        launched++;
        const number = next.trial;
        runningNumbers.add(number);
        const promise: Promise<void> = runOne(number, next.params).finally(() => {
          running.delete(promise);
          runningNumbers.delete(number);
        });
        running.add(promise);
      }
      if (running.size === 0) break;
      await Promise.race(running);
    }
    await Promise.all(running);
    interrupted = controller.signal.aborted;
  } catch (error) {
    controller.abort();
    await Promise.allSettled(running);
    if (store && tuneRecordId) {
      store.finishRun(tuneRecordId, { status: "failed", error: (error as Error).message });
      store.close();
    }
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
    await Promise.allSettled(running);
  }
  const best = await saveTable();
  progress.finish(`${interrupted ? "interrupted · " : ""}${bestNote()}`);
  if (store && tuneRecordId) {
    store.finishRun(tuneRecordId, {
      status: interrupted ? "stopped" : "completed",
      metrics: { best_objective: best?.objective ?? null, trials: trials.length },
      artifacts: {
        out: outDir,
        trials: `${outDir}/trials.jsonl`,
        best: `${outDir}/best.json`,
      },
    });
    store.close();
  }
  return { trials: [...trials].sort((a, b) => a.trial - b.trial), best, interrupted, outDir };
}

/**
 * Refuses a space whose hyperparameter names the trainer does not take (e.g. `train-batch-size`), naming the
 * closest valid name.
 * @param space the search space
 * @param validNames the names the trainer accepts
 * @throws {UsageError} listing every unknown name
 * @example checkHyperparameterNames(localSpace(), HYPERPARAMETER_NAMES);
 */
export function checkHyperparameterNames(space: SearchSpace, validNames: readonly string[]): void {
  const names = [
    ...space.parameters.map((p) => ({ name: p.name, where: "range" })),
    ...Object.keys(space.static ?? {}).map((name) => ({ name, where: "static" })),
    ...(space.resource ? [{ name: space.resource.name, where: "resource" }] : []),
  ];
  const problems = names.filter((n) => !validNames.includes(n.name)).map((n) => {
    const hint = closestName(n.name, validNames);
    return `${n.where} "${n.name}" is not a hyperparameter of the trainer` +
      (hint ? ` (did you mean "${hint}"?)` : "");
  });
  if (problems.length > 0) {
    throw new UsageError(
      `space "${space.name}": ${problems.join("; ")}; valid names: ${validNames.join(", ")}`,
    );
  }
}

/**
 * Reads a finished (or interrupted) tuning folder.
 * @param outDir the folder
 * @returns trials and best trial
 * @throws {AdeError} when the folder holds no trials.jsonl
 * @example const { best } = await readStudy("runs/tune");
 */
export async function readStudy(
  outDir: string,
): Promise<{ trials: TrialRecord[]; best: BestTrial | undefined }> {
  if (!(await exists(`${outDir}/trials.jsonl`))) {
    throw new AdeError(`${outDir}/trials.jsonl not found`);
  }
  const trials = await readJsonl<TrialRecord>(`${outDir}/trials.jsonl`);
  return { trials, best: bestTrial(trials) };
}
