/**
 * `ade deploy`: the classifier behind a SageMaker endpoint (CreateModel, CreateEndpointConfig,
 * CreateEndpoint, waiter), from a training job's `model.tar.gz` or a local Hugging Face model folder
 * (packed and uploaded with SSE-KMS). `--dry-run` writes the requests and sends nothing.
 * @module
 */
import { buildDeploymentPlan, deployEndpoint, formatHourlyCost } from "../../cloud/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
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
  usage:
    "--model S3_URI|DIR --endpoint-name NAME --role-arn ARN --bucket B --kms-key-id K [--dry-run]",
  flags: {
    model: {
      type: "string",
      description:
        "s3://…/model.tar.gz of a training/tuning job, or a local Hugging Face model folder",
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
    const plan = await buildDeploymentPlan({
      modelSource: flags.required("model"),
      endpointName: flags.required("endpoint-name"),
      ...awsOptionsFrom(flags),
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
    const dryRun = flags.boolean("dry-run");
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
    }, async ({ store, recordId }) => {
      if (dryRun) return await writeDryRun(outDir, plan.requests);
      const result = await deployEndpoint(plan, {
        record: { store, recordId },
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

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `deploy`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link PreflightError} when the plan breaks a rule
 */
export const run = verb.run;
