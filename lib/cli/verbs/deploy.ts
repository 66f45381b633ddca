/**
 * `ade deploy`: the classifier behind a SageMaker endpoint (CreateModel, CreateEndpointConfig,
 * CreateEndpoint, waiter), from a training job's `model.tar.gz` or a local Hugging Face model folder
 * (packed and uploaded with SSE-KMS). `--dry-run` writes the requests and sends nothing.
 * @module
 */
import {
  buildDeploymentPlan,
  deployEndpoint,
  formatHourlyCost,
  writePlannedRequests,
} from "../../cloud/mod.ts";
import { UsageError } from "../../core/errors.ts";
import { defaultStorePath, newRunId, recordRun } from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  numberFlag,
  optionalString,
  parseFlags,
  requireString,
  STORE_FLAG,
  stringList,
} from "../args.ts";

/** One-line summary for help. */
export const summary = "deploy a model to a SageMaker endpoint (or write the plan with --dry-run)";

const FLAGS: Record<string, FlagSpec> = {
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
  "role-arn": { type: "string", description: "SageMaker execution role ARN" },
  bucket: { type: "string", description: "S3 bucket for the uploaded model.tar.gz" },
  "kms-key-id": { type: "string", description: "KMS key for the upload and the endpoint volume" },
  "instance-type": { type: "string", description: "instance type (default ml.m5.xlarge)" },
  "instance-count": { type: "string", description: "instance count (default 1)" },
  serverless: {
    type: "boolean",
    description: "serverless endpoint (no network isolation, no VPC)",
  },
  region: { type: "string", description: "AWS region (default $AWS_REGION or us-east-1)" },
  subnet: { type: "string", multiple: true, description: "VPC subnet id (with --security-group)" },
  "security-group": { type: "string", multiple: true, description: "VPC security group id" },
  "data-capture-percent": { type: "string", description: "capture this % of requests to S3 (KMS)" },
  "timeout-minutes": {
    type: "string",
    description: "wait at most this long for InService (default 60)",
  },
  "dry-run": {
    type: "boolean",
    description: "write OUT/requests/NN-<Operation>.json, send nothing",
  },
  out: { type: "string", description: "output folder (default runs/<run-id>/deploy)" },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID or a new id)" },
  ...HELP_FLAG,
};

/**
 * Runs the verb.
 * @param args arguments after `deploy`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link PreflightError} when the plan breaks a rule
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("deploy", args, FLAGS);
  if (flags.help) {
    console.log(`ade deploy: ${summary}\n${flagHelp(FLAGS)}`);
    return 0;
  }
  const backend = optionalString(flags, "backend", "sagemaker");
  if (backend !== "sagemaker") {
    throw new UsageError(
      `deploy: --backend must be sagemaker (got "${backend}"); the local endpoint is \`deno task ade serve\``,
    );
  }
  if (flags.serverless && flags["instance-type"] !== undefined) {
    throw new UsageError("deploy: give --instance-type or --serverless, not both");
  }
  const subnets = stringList(flags, "subnet");
  const securityGroups = stringList(flags, "security-group");
  if ((subnets.length > 0) !== (securityGroups.length > 0)) {
    throw new UsageError("deploy: --subnet and --security-group go together");
  }
  const runId = optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID")) ?? newRunId("run");
  const storePath = optionalString(flags, "store", defaultStorePath())!;
  const outDir = optionalString(flags, "out", `runs/${runId}/deploy`)!;
  const capture = flags["data-capture-percent"] === undefined
    ? undefined
    : numberFlag("deploy", flags, "data-capture-percent", 0);
  const plan = await buildDeploymentPlan({
    modelSource: requireString("deploy", flags, "model"),
    endpointName: requireString("deploy", flags, "endpoint-name"),
    roleArn: requireString("deploy", flags, "role-arn"),
    bucket: requireString("deploy", flags, "bucket"),
    kmsKeyId: requireString("deploy", flags, "kms-key-id"),
    runId,
    region: optionalString(flags, "region"),
    instanceType: optionalString(flags, "instance-type"),
    instanceCount: numberFlag("deploy", flags, "instance-count", 1, true),
    serverless: flags.serverless === true,
    vpcConfig: subnets.length > 0
      ? { Subnets: subnets, SecurityGroupIds: securityGroups }
      : undefined,
    dataCapturePercentage: capture,
  });
  for (const note of plan.notes) console.error(`note: ${note}`);
  console.log(
    plan.instanceType
      ? `cost: ${formatHourlyCost(plan.instanceType, plan.instanceCount)} while the endpoint runs`
      : "cost: serverless, billed per request (not in the estimate table)",
  );
  const dryRun = flags["dry-run"] === true;
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
    if (dryRun) {
      const files = await writePlannedRequests(`${outDir}/requests`, plan.requests);
      console.log(`dry run: preflight passed; ${files.length} requests written, nothing sent:`);
      for (const file of files) console.log(`  ${file}`);
      return { value: 0, artifacts: { requests: `${outDir}/requests` } };
    }
    const result = await deployEndpoint(plan, {
      record: { store, recordId },
      wait: { timeoutMs: numberFlag("deploy", flags, "timeout-minutes", 60) * 60_000 },
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
}
