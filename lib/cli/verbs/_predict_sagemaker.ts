/**
 * `ade predict --backend sagemaker`: a file of sentences in S3 scored by a SageMaker Batch Transform job
 * (private to the predict verb: its flags, spread into the verb's table, and its run).
 */
import {
  buildBatchTransformPlan,
  DEFAULT_TRANSFORM_INSTANCE_TYPE,
  formatHourlyCost,
  runBatchTransform,
} from "../../cloud/mod.ts";
import { recordRun } from "../../track/mod.ts";
import type { FlagSpec } from "../args.ts";
import type { FlagsWith } from "../define_verb.ts";
import {
  type AwsFlagName,
  awsFlags,
  awsOptionsFrom,
  DRY_RUN_FLAG,
  runIdOrNewFrom,
  storePathFrom,
  VPC_FLAGS,
  vpcConfigFrom,
  writeDryRun,
} from "../flag_sets.ts";

/** The flags only `--backend sagemaker` reads. */
export const PREDICT_SAGEMAKER_FLAGS = {
  ...awsFlags({
    "role-arn": "execution role of the model made from a model.tar.gz (sagemaker)",
    bucket: "the study's bucket: --in and --out must be under its ade/ prefix (sagemaker)",
    "kms-key-id": "KMS key of the output files and the job's volume (sagemaker)",
  }),
  "instance-type": {
    type: "string",
    description: `transform instance type (default ${DEFAULT_TRANSFORM_INSTANCE_TYPE}; sagemaker)`,
  },
  "instance-count": { type: "string", description: "transform instances (default 1; sagemaker)" },
  ...VPC_FLAGS,
  ...DRY_RUN_FLAG,
  "plan-out": {
    type: "string",
    description: "folder of the dry run's requests/ (default runs/<run-id>/predict; sagemaker)",
  },
  "timeout-minutes": {
    type: "string",
    description: "wait at most this long for the job (default 1440; sagemaker)",
  },
} as const satisfies Record<string, FlagSpec>;

/** The flag names of {@link PREDICT_SAGEMAKER_FLAGS}. */
export type PredictSageMakerFlagName = keyof typeof PREDICT_SAGEMAKER_FLAGS & string;

/** Every flag name of {@link PREDICT_SAGEMAKER_FLAGS}, for the local backend's refusal. */
export const PREDICT_SAGEMAKER_FLAG_NAMES = Object.keys(
  PREDICT_SAGEMAKER_FLAGS,
) as PredictSageMakerFlagName[];

/**
 * Plans the Batch Transform job (preflight), then writes the plan (`--dry-run`) or runs the job and
 * waits for it, recording the run and its resources in the store.
 * @param flags the predict verb's flags
 * @returns the exit code
 * @throws {UsageError} missing flags; {@link PreflightError} a broken rule; {@link AdeError} a failed job
 */
export async function runPredictOnSageMaker(
  flags: FlagsWith<
    PredictSageMakerFlagName | AwsFlagName | "model" | "in" | "out" | "store" | "run-id"
  >,
): Promise<number> {
  const runId = runIdOrNewFrom(flags);
  const plan = buildBatchTransformPlan({
    model: flags.required("model"),
    inputUri: flags.required("in"),
    outputUri: flags.required("out"),
    ...awsOptionsFrom(flags),
    runId,
    instanceType: flags.string("instance-type"),
    instanceCount: flags.integer("instance-count", 1),
    vpcConfig: vpcConfigFrom(flags),
  });
  for (const note of plan.notes) console.error(`note: ${note}`);
  console.log(
    `cost: ${formatHourlyCost(plan.instanceType, plan.instanceCount)} while the job runs`,
  );
  const dryRun = flags.boolean("dry-run");
  return await recordRun(storePathFrom(flags), {
    kind: "predict",
    runId,
    name: dryRun ? "dry-run" : plan.jobName,
    params: {
      backend: "sagemaker",
      model: plan.modelName,
      in: plan.inputUri,
      out: plan.outputUri,
      region: plan.region,
      instanceType: plan.instanceType,
      instanceCount: plan.instanceCount,
      dryRun,
    },
  }, async ({ resources }) => {
    if (dryRun) {
      return await writeDryRun(flags.string("plan-out", `runs/${runId}/predict`), plan.requests);
    }
    const result = await runBatchTransform(plan, {
      resources,
      wait: { timeoutMs: flags.number("timeout-minutes", 1440) * 60_000 },
    });
    console.log(
      `transform job ${plan.jobName} ${result.status}: ${result.outputFiles ?? 0} of ` +
        `${result.inputFiles} input files scored into ${plan.outputUri} (run ${runId}); remove the ` +
        `job's resources with: deno task ade cleanup --run-id ${runId}`,
    );
    return {
      value: 0,
      metrics: {
        input_files: result.inputFiles,
        output_files: result.outputFiles ?? 0,
        ...(plan.hourlyCostUsd !== undefined
          ? { hourly_cost_usd_estimate: plan.hourlyCostUsd }
          : {}),
      },
      artifacts: { predictions: plan.outputUri },
    };
  });
}
