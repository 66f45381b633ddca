/**
 * `ade tune`: hyperparameter search, locally (trials of `ade train` as subprocesses) or as a SageMaker
 * tuning job (`--backend sagemaker`, with `--dry-run` to write the requests only). One study either way:
 * the backend only picks the executor.
 * @module
 */
import { DEFAULT_HYPERPARAMETERS } from "../../models/mod.ts";
import {
  createLocalExecutor,
  createSageMakerExecutor,
  DEFAULT_METRIC_REGEX,
  loadSearchSpace,
  projectOntoSpace,
  TUNING_STRATEGIES,
  type TuningExecutor,
  type TuningStudyResult,
} from "../../tune/mod.ts";
import { recordTuningStudy } from "../../record/mod.ts";
import { defineVerb, type VerbFlags } from "../define_verb.ts";
import {
  awsFlags,
  awsOptionsFrom,
  DRY_RUN_FLAG,
  NEW_RUN_RECORDING_FLAGS,
  QUIET_FLAG,
  recordingFrom,
  seedFlag,
  seedFrom,
  VPC_FLAGS,
  vpcConfigFrom,
} from "../flag_sets.ts";

const FLAGS = {
  train: {
    type: "string",
    description: "training file (the split's training part; never the test file)",
  },
  out: {
    type: "string",
    description: "output folder (trials.jsonl, trials/<n>/log.txt, best.json)",
  },
  strategy: {
    type: "string",
    description: "random | grid | bayesian | hyperband (default bayesian)",
  },
  "max-trials": { type: "string", description: "trials in total (default 8)" },
  parallel: { type: "string", description: "trials at once (default 1)" },
  ...seedFlag("the split and the sampler"),
  space: {
    type: "string",
    description: "local | seed | FILE.json (default local; seed for sagemaker)",
  },
  "metric-regex": {
    type: "string",
    description: `objective regex (default ${DEFAULT_METRIC_REGEX})`,
  },
  resume: { type: "boolean", description: "continue the study in --out" },
  "start-from-defaults": {
    type: "boolean",
    description: "local: evaluate the model's default hyperparameters as trial 1",
  },
  "warm-start": {
    type: "string",
    description: "earlier tuning folder whose trials seed the sampler",
  },
  "trial-timeout": {
    type: "string",
    description: "seconds per local trial (default 900; 0 = none)",
  },
  backend: { type: "string", description: "local | sagemaker (default local)" },
  "job-name": { type: "string", description: "SageMaker tuning job name (≤ 32 characters)" },
  ...awsFlags({ bucket: "S3 bucket for data, source bundle and outputs" }),
  "instance-type": {
    type: "string",
    description: "training instance type (default ml.g5.2xlarge, one GPU)",
  },
  ...VPC_FLAGS,
  "models-s3-uri": {
    type: "string",
    description:
      "s3://bucket/ade/models/ of the staged models (channel models; needed for hub ids)",
  },
  "warm-start-job": { type: "string", multiple: true, description: "parent tuning job (≤ 5)" },
  "poll-seconds": { type: "string", description: "seconds between SageMaker polls (default 30)" },
  ...DRY_RUN_FLAG,
  ...NEW_RUN_RECORDING_FLAGS,
  ...QUIET_FLAG,
} as const;

type _TuneFlags = VerbFlags<typeof FLAGS>;

/** Flags of the SageMaker backend only. */
const SAGEMAKER_ONLY_FLAGS = [
  "job-name",
  "role-arn",
  "bucket",
  "kms-key-id",
  "dry-run",
  "region",
  "instance-type",
  "subnet",
  "security-group",
  "models-s3-uri",
  "warm-start-job",
  "poll-seconds",
] as const;

const verb = defineVerb({
  name: "tune",
  summary: "search hyperparameters locally or as a SageMaker tuning job",
  usage: [
    "--train FILE --out DIR [--strategy S] [--max-trials N] [--parallel N]",
    " [--space local|seed|FILE.json] [--resume] [--start-from-defaults] [--warm-start DIR]",
    "--backend sagemaker --train FILE --out DIR --job-name NAME",
    " --role-arn ARN --bucket B --kms-key-id K [--dry-run] [--subnet ID --security-group ID]",
  ],
  flags: FLAGS,
  async run(flags) {
    const backend = flags.choice("backend", ["local", "sagemaker"], "local");
    const strategy = flags.choice("strategy", TUNING_STRATEGIES, "bayesian");
    const trainPath = flags.required("train");
    const outDir = flags.required("out");
    const maxTrials = flags.integer("max-trials", 8);
    const parallel = flags.integer("parallel", 1);
    const seed = seedFrom(flags);
    const metricRegex = flags.string("metric-regex", DEFAULT_METRIC_REGEX);
    const space = await loadSearchSpace(
      flags.string("space", backend === "sagemaker" ? "seed" : "local"),
    );
    const recording = recordingFrom(flags);
    const executor = backend === "local" ? _localExecutor(flags) : _sagemakerExecutor(flags);

    const controller = new AbortController();
    const onInterrupt = () => {
      if (!controller.signal.aborted) {
        console.error("\ntune: interrupted, stopping the running trials…");
        controller.abort();
      }
    };
    Deno.addSignalListener("SIGINT", onInterrupt);
    try {
      const result = await recordTuningStudy({
        trainPath,
        outDir,
        space,
        executor,
        strategy,
        maxTrials,
        parallel,
        seed,
        metricRegex,
        resume: flags.boolean("resume"),
        warmStartDir: flags.string("warm-start"),
        initialTrials: flags.boolean("start-from-defaults")
          ? [projectOntoSpace(space, DEFAULT_HYPERPARAMETERS)]
          : [],
        signal: controller.signal,
        quiet: flags.boolean("quiet"),
      }, recording);
      return _printSummary(result, outDir);
    } finally {
      Deno.removeSignalListener("SIGINT", onInterrupt);
    }
  },
});

/** The local executor; SageMaker's flags are refused. */
function _localExecutor(flags: _TuneFlags): TuningExecutor {
  flags.refuse(SAGEMAKER_ONLY_FLAGS, "needs --backend sagemaker");
  return createLocalExecutor({ trialTimeoutSeconds: flags.number("trial-timeout", 900) });
}

/** The SageMaker executor; the local backend's flags are refused. */
function _sagemakerExecutor(flags: _TuneFlags): TuningExecutor {
  flags.refuse(["resume"], "is for the local backend");
  flags.refuse(["warm-start"], "is for the local backend (SageMaker: --warm-start-job NAME)");
  flags.refuse(["trial-timeout"], "is for the local backend");
  const vpcConfig = vpcConfigFrom(flags);
  return createSageMakerExecutor({
    jobName: flags.required("job-name"),
    ...awsOptionsFrom(flags),
    instanceType: flags.string("instance-type"),
    modelsS3Uri: flags.string("models-s3-uri"),
    warmStartParents: flags.list("warm-start-job"),
    vpcConfig,
    dryRun: flags.boolean("dry-run"),
    pollSeconds: flags.number("poll-seconds", 30),
  });
}

/** Prints what the study did (in the folder as the user named it) and returns the exit code. */
function _printSummary(result: TuningStudyResult, outDir: string): number {
  const { best } = result;
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  if (result.dryRun) {
    console.log(
      `dry run: preflight passed; ${result.requestFiles.length} requests written, nothing sent:`,
    );
    for (const file of result.requestFiles) console.log(`  ${file}`);
    return 0;
  }
  if (result.status !== undefined) {
    // A service ran the search: its job's status, and the best trial (the logs are the service's).
    console.log(`tuning job ${result.status}: ${result.trials.length} trials in ${outDir}`);
    if (best) console.log(`best: trial ${best.trial}, objective ${best.objective}`);
    return result.status === "Completed" ? 0 : 1;
  }
  const counts = (status: string) => result.trials.filter((t) => t.status === status).length;
  console.log(
    `tune: ${result.trials.length} trials (${counts("Completed")} completed, ${
      counts("Failed")
    } failed, ${counts("Stopped")} stopped) in ${outDir}`,
  );
  if (best) {
    console.log(
      `best: trial ${best.trial}, objective ${best.objective} ` +
        `(log: ${outDir}/trials/${best.trial}/log.txt), params ${JSON.stringify(best.params)}`,
    );
  } else console.log("best: no trial completed");
  if (result.interrupted) {
    console.log(`interrupted: continue with the same flags and --resume`);
    return 130;
  }
  return 0;
}

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `tune`
 * @returns exit code (130 when interrupted with Ctrl-C, 1 when a SageMaker job did not complete)
 * @throws {UsageError} bad flags; {@link PreflightError} when the tuning job breaks a SageMaker rule
 */
export const run = verb.run;
