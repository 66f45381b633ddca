/**
 * `ade tune`: hyperparameter search, locally (trials of `ade train` as subprocesses) or as a SageMaker
 * tuning job (`--backend sagemaker`, with `--dry-run` to write the requests only).
 * @module
 */
import { UsageError } from "../../core/errors.ts";
import { defaultStorePath } from "../../track/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../models/mod.ts";
import {
  createLocalExecutor,
  createSageMakerExecutor,
  DEFAULT_METRIC_REGEX,
  loadSearchSpace,
  projectOntoSpace,
  runTuningStudy,
  TUNING_STRATEGIES,
  type TuningExecutor,
  type TuningStrategy,
  type TuningStudyResult,
} from "../../tune/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  numberFlag,
  optionalString,
  type ParsedFlags,
  parseFlags,
  requireString,
  STORE_FLAG,
  stringList,
} from "../args.ts";

/** One-line summary for help. */
export const summary = "search hyperparameters locally or as a SageMaker tuning job";

const FLAGS: Record<string, FlagSpec> = {
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
  seed: { type: "string", description: "seed of the split and the sampler (default 42)" },
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
  "role-arn": { type: "string", description: "SageMaker execution role ARN" },
  bucket: { type: "string", description: "S3 bucket for data, source bundle and outputs" },
  "kms-key-id": { type: "string", description: "KMS key for every object, output and volume" },
  region: { type: "string", description: "AWS region (default $AWS_REGION or us-east-1)" },
  "instance-type": {
    type: "string",
    description: "training instance type (default ml.p3dn.24xlarge)",
  },
  subnet: { type: "string", multiple: true, description: "VPC subnet id (with --security-group)" },
  "security-group": { type: "string", multiple: true, description: "VPC security group id" },
  "models-s3-uri": {
    type: "string",
    description: "s3:// URI of staged model weights (channel models)",
  },
  "warm-start-job": { type: "string", multiple: true, description: "parent tuning job (≤ 5)" },
  "poll-seconds": { type: "string", description: "seconds between SageMaker polls (default 30)" },
  "dry-run": {
    type: "boolean",
    description: "write OUT/requests/NN-<Operation>.json, send nothing",
  },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID or a new id)" },
  quiet: { type: "boolean", description: "no progress lines" },
  ...HELP_FLAG,
};

/** Flags of one backend only, and what to say when they come with the other. */
const BACKEND_ONLY_FLAGS: Record<"local" | "sagemaker", { names: string[]; refusal: string }> = {
  local: {
    names: ["resume", "warm-start", "trial-timeout"],
    refusal: "is for the local backend",
  },
  sagemaker: {
    names: [
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
    ],
    refusal: "needs --backend sagemaker",
  },
};

/**
 * Runs the verb.
 * @param args arguments after `tune`
 * @returns exit code (130 when interrupted with Ctrl-C, 1 when a SageMaker job did not complete)
 * @throws {UsageError} bad flags
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("tune", args, FLAGS);
  if (flags.help) {
    console.log(`ade tune: ${summary}\n${flagHelp(FLAGS)}`);
    return 0;
  }
  const backend = optionalString(flags, "backend", "local")!;
  if (backend !== "local" && backend !== "sagemaker") {
    throw new UsageError(`tune: --backend must be local or sagemaker (got "${backend}")`);
  }
  const strategy = optionalString(flags, "strategy", "bayesian") as TuningStrategy;
  if (!TUNING_STRATEGIES.includes(strategy)) {
    throw new UsageError(`tune: --strategy must be one of ${TUNING_STRATEGIES.join(", ")}`);
  }
  const trainPath = requireString("tune", flags, "train");
  const outDir = requireString("tune", flags, "out");
  const maxTrials = numberFlag("tune", flags, "max-trials", 8, true);
  const parallel = numberFlag("tune", flags, "parallel", 1, true);
  const seed = numberFlag("tune", flags, "seed", 42, true);
  const metricRegex = optionalString(flags, "metric-regex", DEFAULT_METRIC_REGEX)!;
  const space = await loadSearchSpace(
    optionalString(flags, "space", backend === "sagemaker" ? "seed" : "local")!,
  );
  _refuseOtherBackendFlags(backend, flags);
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
    const result = await runTuningStudy({
      trainPath,
      outDir,
      space,
      executor,
      strategy,
      maxTrials,
      parallel,
      seed,
      metricRegex,
      resume: flags.resume === true,
      warmStartDir: optionalString(flags, "warm-start"),
      initialTrials: flags["start-from-defaults"] === true
        ? [projectOntoSpace(space, DEFAULT_HYPERPARAMETERS)]
        : [],
      storePath: optionalString(flags, "store", defaultStorePath())!,
      runId: optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID")),
      signal: controller.signal,
      quiet: flags.quiet === true,
    });
    return _printSummary(result, outDir);
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}

/** Refuses flags that belong to the other backend. */
function _refuseOtherBackendFlags(backend: "local" | "sagemaker", flags: ParsedFlags): void {
  const other = BACKEND_ONLY_FLAGS[backend === "local" ? "sagemaker" : "local"];
  for (const name of other.names) {
    if (flags[name] !== undefined) {
      throw new UsageError(
        `tune: --${name} ${other.refusal}` +
          (name === "warm-start" ? " (SageMaker: --warm-start-job NAME)" : ""),
      );
    }
  }
}

function _localExecutor(flags: ParsedFlags): TuningExecutor {
  return createLocalExecutor({
    trialTimeoutSeconds: numberFlag("tune", flags, "trial-timeout", 900),
  });
}

function _sagemakerExecutor(flags: ParsedFlags): TuningExecutor {
  const subnets = stringList(flags, "subnet");
  const securityGroups = stringList(flags, "security-group");
  if ((subnets.length > 0) !== (securityGroups.length > 0)) {
    throw new UsageError("tune: --subnet and --security-group go together");
  }
  return createSageMakerExecutor({
    jobName: requireString("tune", flags, "job-name"),
    roleArn: requireString("tune", flags, "role-arn"),
    bucket: requireString("tune", flags, "bucket"),
    kmsKeyId: requireString("tune", flags, "kms-key-id"),
    region: optionalString(flags, "region"),
    instanceType: optionalString(flags, "instance-type"),
    modelsS3Uri: optionalString(flags, "models-s3-uri"),
    warmStartParents: stringList(flags, "warm-start-job"),
    vpcConfig: subnets.length > 0
      ? { Subnets: subnets, SecurityGroupIds: securityGroups }
      : undefined,
    dryRun: flags["dry-run"] === true,
    pollSeconds: numberFlag("tune", flags, "poll-seconds", 30),
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
    // A service ran the search: its job's status, and the best trial (logs are the service's).
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
