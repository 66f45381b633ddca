/**
 * The local executor backend: each trial is `ade train` (or a command of your own) as a subprocess in its
 * own process group, trained on the study's validation fold, with its log in `OUT/trials/<n>/log.txt`, a
 * time limit, and Hyperband stopping through the intermediate `f1:` lines it prints.
 */
import { closestName, UsageError } from "../core/mod.ts";
import { trialRecordOf } from "./_trial_outcome.ts";
import { runTrialProcess, type TrialCommand, type TrialProcessResult } from "./_trial_process.ts";
import type { SearchSpace, TrialParams } from "./space.ts";
import type {
  StudyDefinition,
  TrialExecutor,
  TrialRun,
  ValidationFolds,
} from "./tuning_executor.ts";

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
  /** Extra arguments the study asks for (its `trialArgs`); the default command appends them. */
  extraArgs?: string[];
}

/** Options of {@link createLocalExecutor}. */
export interface LocalExecutorOptions {
  /** Per-trial time limit in seconds (default 900; 0 = none). */
  trialTimeoutSeconds?: number;
  /** Builds the trial's command (default {@link defaultTrialCommand}). */
  trialCommand?: (context: TrialContext) => TrialCommand;
  /**
   * Names the trial command accepts; every searched, static and resource name must be one of them
   * (default: the local models' `HYPERPARAMETER_NAMES` when `trialCommand` is not given; none otherwise).
   */
  hyperparameterNames?: readonly string[];
}

export type { TrialCommand };

const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Creates the local executor.
 * @param options time limit, trial command, accepted hyperparameter names
 * @returns the executor
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTuningStudy } from "./run_tuning_study.ts";
 * import { localSpace } from "./space.ts";
 * const outDir = await Deno.makeTempDir();
 * const executor = createLocalExecutor({
 *   trialTimeoutSeconds: 600,
 *   trialCommand: ({ trial }) => ({ command: "echo", args: [`f1: 0.${trial}`] }), // default: `ade train`
 * });
 * const result = await runTuningStudy({
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   outDir,
 *   space: localSpace(),
 *   maxTrials: 2,
 *   quiet: true,
 *   executor,
 * });
 * assert.equal(result.best?.trial, 2);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export function createLocalExecutor(options: LocalExecutorOptions = {}): TrialExecutor {
  const timeoutSeconds = options.trialTimeoutSeconds ?? 900;
  return {
    kind: "trials",
    backend: "local",
    async check(definition) {
      const validNames = options.hyperparameterNames ??
        (options.trialCommand
          ? undefined
          : (await import("../models/mod.ts")).HYPERPARAMETER_NAMES);
      if (validNames) checkHyperparameterNames(definition.space, validNames);
      return [];
    },
    describeRun(definition) {
      const { strategy, space, maxTrials, parallel, seed, outDir } = definition;
      return {
        name: `${strategy}:${space.name}`,
        params: { strategy, space: space.name, budget: maxTrials, parallel, seed },
        resources: [{ type: "local-dir", name: outDir }],
      };
    },
    async runTrial(run, definition, folds) {
      const trialDir = `${definition.outDir}/trials/${run.trial}`;
      await Deno.mkdir(trialDir, { recursive: true });
      const logPath = `${trialDir}/log.txt`;
      const command = _trialCommand(run, definition, folds, trialDir, options.trialCommand);
      const result = await _runProcess(
        command,
        run,
        logPath,
        definition.metricRegex,
        timeoutSeconds,
      );
      const record = await trialRecordOf({
        run,
        result,
        logPath,
        metricRegex: definition.metricRegex,
        timeoutSeconds,
      });
      return { record, hyperparameters: run.hyperparameters, logPath };
    },
  };
}

/**
 * The default trial command: `deno run -A lib/cli/main.ts train --train F --validation V --model-dir D
 * --hp k=v ... --seed N` and the context's extra arguments, run with this process's Deno binary.
 * @param context the trial
 * @returns command and arguments
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { command, args } = defaultTrialCommand({
 *   trial: 1,
 *   hyperparameters: { C: 0.5 },
 *   trainPath: "train.jsonl",
 *   validationPath: "validation.jsonl",
 *   modelDir: "trial-1",
 *   seed: 42,
 * });
 * assert.equal(command, Deno.execPath());
 * assert.ok(args.includes("C=0.5"));
 * ```
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
      ...Object.entries(context.hyperparameters).flatMap(([name, value]) => [
        "--hp",
        `${name}=${value}`,
      ]),
      "--seed",
      String(context.seed),
      ...(context.checkpointEvery ? ["--checkpoint-every", String(context.checkpointEvery)] : []),
      ...(context.extraArgs ?? []),
    ],
    cwd: REPO_ROOT,
  };
}

/**
 * Refuses a space whose hyperparameter names the trainer does not take (e.g. `train-batch-size`), naming the
 * closest valid name.
 * @param space the search space
 * @param validNames the names the trainer accepts
 * @throws {UsageError} listing every unknown name
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HYPERPARAMETER_NAMES } from "../models/mod.ts";
 * import { localSpace } from "./space.ts";
 * checkHyperparameterNames(localSpace(), HYPERPARAMETER_NAMES); // every name known
 * assert.throws(() => checkHyperparameterNames(localSpace(), ["C"]));
 * ```
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

/** The trial's command. Trials run with the repository as working directory, so paths are made absolute. */
function _trialCommand(
  run: TrialRun,
  definition: StudyDefinition,
  folds: ValidationFolds,
  trialDir: string,
  custom: LocalExecutorOptions["trialCommand"],
): TrialCommand {
  const absolute = (path: string) => path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  return (custom ?? defaultTrialCommand)({
    trial: run.trial,
    hyperparameters: run.hyperparameters,
    trainPath: absolute(folds.trainPath),
    validationPath: absolute(folds.validationPath),
    modelDir: absolute(`${trialDir}/model`),
    seed: definition.seed,
    ...(run.checkpointEvery ? { checkpointEvery: run.checkpointEvery } : {}),
    ...(run.extraArgs ? { extraArgs: run.extraArgs } : {}),
  });
}

/** Runs the process; a command that cannot start is a trial that exited with code -1 (said in its log). */
async function _runProcess(
  command: TrialCommand,
  run: TrialRun,
  logPath: string,
  metricRegex: string,
  timeoutSeconds: number,
): Promise<TrialProcessResult> {
  try {
    return await runTrialProcess(command, {
      logPath,
      metricRegex,
      timeoutSeconds,
      signal: run.signal,
      onMetric: (value, index) => run.report(index, value),
    });
  } catch (error) {
    await Deno.writeTextFile(logPath, `could not start the trial: ${(error as Error).message}\n`, {
      append: true,
    });
    return { outcome: "exited", code: -1, seconds: 0 };
  }
}
