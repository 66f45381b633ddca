/**
 * `ade deploy`: the classifier behind a SageMaker endpoint (CreateModel, CreateEndpointConfig,
 * CreateEndpoint, waiter), from a training job's `model.tar.gz`, the best training job of a tuning job
 * (`--from-tuning-job`), or a local Hugging Face model folder (packed and uploaded with SSE-KMS).
 * `--dry-run` writes the requests and sends nothing (a tuning job's best model is then a labelled
 * `DEFERRED-…` stand-in, resolved when the plan is run).
 * @module
 */
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import {
  buildDeploymentPlan,
  deferredBestModelArtifact,
  deployEndpoint,
  formatHourlyCost,
  resolveBestModelArtifact,
} from "../../cloud/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb, type FlagsWith } from "../define_verb.ts";
import {
  awsFlags,
  awsOptionsFrom,
  DRY_RUN_FLAG,
  ENDPOINT_WAIT_FLAG,
  NEW_RUN_RECORDING_FLAGS,
  runIdOrNewFrom,
  storePathFrom,
  VPC_FLAGS,
  vpcConfigFrom,
  writeDryRun,
} from "../flag_sets.ts";

const verb = defineVerb({
  name: "deploy",
  summary: "deploy a model to a SageMaker endpoint (or write the plan with --dry-run)",
  usage: [
    "--model S3_URI|DIR --endpoint-name NAME --role-arn ARN --bucket B --kms-key-id K [--dry-run]",
    "--from-tuning-job NAME --endpoint-name NAME --role-arn ARN --bucket B --kms-key-id K [--dry-run]",
  ],
  flags: {
    model: {
      type: "string",
      description:
        "s3://…/model.tar.gz of a training/tuning job, or a local Hugging Face model folder",
    },
    "from-tuning-job": {
      type: "string",
      description:
        "deploy the best training job's model.tar.gz of this tuning job (not with --model)",
    },
    backend: { type: "string", description: "sagemaker (the local endpoint is `ade serve`)" },
    "endpoint-name": {
      type: "string",
      description: "endpoint name (≤ 63; model/config get -model/-config)",
    },
    ...awsFlags({
      bucket: "S3 bucket for the uploaded model.tar.gz",
      "kms-key-id": "KMS key for the upload and the endpoint volume",
    }),
    "instance-type": { type: "string", description: "instance type (default ml.m5.xlarge)" },
    "instance-count": { type: "string", description: "instance count (default 1)" },
    serverless: {
      type: "boolean",
      description: "serverless endpoint (no network isolation, no VPC)",
    },
    ...VPC_FLAGS,
    "data-capture-percent": {
      type: "string",
      description: "capture this % of requests to S3 (KMS)",
    },
    ...ENDPOINT_WAIT_FLAG,
    ...DRY_RUN_FLAG,
    out: { type: "string", description: "output folder (default runs/<run-id>/deploy)" },
    ...NEW_RUN_RECORDING_FLAGS,
  },
  async run(flags) {
    const backend = flags.string("backend", "sagemaker");
    if (backend !== "sagemaker") {
      throw flags.error(
        `--backend must be sagemaker (got "${backend}"); the local endpoint is \`deno task ade serve\``,
      );
    }
    if (flags.boolean("serverless") && flags.given("instance-type")) {
      throw flags.error("give --instance-type or --serverless, not both");
    }
    const vpcConfig = vpcConfigFrom(flags);
    const runId = runIdOrNewFrom(flags);
    const storePath = storePathFrom(flags);
    const outDir = flags.string("out", `runs/${runId}/deploy`);
    const dryRun = flags.boolean("dry-run");
    const aws = awsOptionsFrom(flags);
    const plan = await buildDeploymentPlan({
      modelSource: await _modelSource(flags, aws.region, dryRun),
      endpointName: flags.required("endpoint-name"),
      ...aws,
      runId,
      instanceType: flags.string("instance-type"),
      instanceCount: flags.integer("instance-count", 1),
      serverless: flags.boolean("serverless"),
      vpcConfig,
      dataCapturePercentage: flags.number("data-capture-percent"),
    });
    for (const note of plan.notes) console.error(`note: ${note}`);
    console.log(
      plan.instanceType
        ? `cost: ${formatHourlyCost(plan.instanceType, plan.instanceCount)} while the endpoint runs`
        : "cost: serverless, billed per request (not in the estimate table)",
    );
    return await recordRun(storePath, {
      kind: "deploy",
      runId,
      name: dryRun ? "dry-run" : plan.endpointName,
      params: {
        endpointName: plan.endpointName,
        region: plan.region,
        instanceType: plan.instanceType ?? "serverless",
        instanceCount: plan.instanceCount,
        dryRun,
      },
    }, async ({ resources }) => {
      if (dryRun) return await writeDryRun(outDir, plan.requests);
      const result = await deployEndpoint(plan, {
        resources,
        wait: { timeoutMs: flags.number("timeout-minutes", 60) * 60_000 },
      });
      console.log(
        `endpoint ${plan.endpointName} is ${result.status} in ${plan.region} (run ${runId}); ` +
          `remove everything with: deno task ade cleanup --run-id ${runId}`,
      );
      return {
        value: 0,
        metrics: plan.hourlyCostUsd !== undefined
          ? { hourly_cost_usd_estimate: plan.hourlyCostUsd }
          : {},
      };
    });
  },
});

/**
 * The model to deploy: `--model`, or the best model of `--from-tuning-job` (read with two Describe calls;
 * in a dry run a labelled stand-in, since a dry run sends nothing).
 */
async function _modelSource(
  flags: FlagsWith<"model" | "from-tuning-job">,
  region: string | undefined,
  dryRun: boolean,
): Promise<string> {
  const model = flags.string("model");
  const tuningJob = flags.string("from-tuning-job");
  if ((model === undefined) === (tuningJob === undefined)) {
    throw flags.error("give --model or --from-tuning-job (one of them)");
  }
  if (tuningJob === undefined) return model!;
  if (dryRun) {
    const deferred = deferredBestModelArtifact(tuningJob);
    console.error(
      `note: dry run: the model is the best training job's artifact of ${tuningJob}, resolved when ` +
        `the plan runs (${deferred.resolvedBy.join("; ")})`,
    );
    return deferred.standIn;
  }
  const client = new SageMakerClient({
    region: region ?? Deno.env.get("AWS_REGION") ?? "us-east-1",
  });
  const best = await resolveBestModelArtifact(client, tuningJob);
  console.log(
    `best training job of ${tuningJob} (${best.tuningJobStatus}): ${best.trainingJobName}` +
      (best.objective ? ` (${best.objective.name} ${best.objective.value})` : "") +
      `, model ${best.s3Uri}`,
  );
  return best.s3Uri;
}

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `deploy`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link PreflightError} when the plan breaks a rule
 */
export const run = verb.run;
