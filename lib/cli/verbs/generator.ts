/**
 * `ade generator up|down`: the Falcon (TGI) generator endpoint on SageMaker — created with KMS, tags and
 * network isolation, recorded in the store, and deleted again (also by `ade cleanup --run-id`).
 * @module
 */
import {
  buildGeneratorPlan,
  formatHourlyCost,
  generatorDown,
  generatorUp,
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
} from "../args.ts";

/** One-line summary for help. */
export const summary = "create (up) or delete (down) the Falcon generator endpoint on SageMaker";

const UP_FLAGS: Record<string, FlagSpec> = {
  model: {
    type: "string",
    description:
      "tiiuae/falcon-7b-instruct | tiiuae/falcon-40b-instruct | <hub id> | s3://… of staged weights",
  },
  "endpoint-name": { type: "string", description: "endpoint name (≤ 63)" },
  "role-arn": { type: "string", description: "SageMaker execution role ARN" },
  bucket: {
    type: "string",
    description: "bucket with the staged weights (ade/generator-weights/<hub id>/)",
  },
  "kms-key-id": {
    type: "string",
    description: "KMS key (endpoint volume unless the instance has NVMe)",
  },
  "instance-type": {
    type: "string",
    description: "GPU instance (default ml.g5.2xlarge for 7B, ml.g5.12xlarge for 40B)",
  },
  region: { type: "string", description: "AWS region (default $AWS_REGION or us-east-1)" },
  "timeout-minutes": {
    type: "string",
    description: "wait at most this long for InService (default 60)",
  },
  "dry-run": {
    type: "boolean",
    description: "write OUT/requests/NN-<Operation>.json, send nothing",
  },
  out: { type: "string", description: "output folder (default runs/<run-id>/generator)" },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID or a new id)" },
  ...HELP_FLAG,
};

const DOWN_FLAGS: Record<string, FlagSpec> = {
  "endpoint-name": { type: "string", description: "the generator endpoint to delete" },
  region: { type: "string", description: "AWS region (default $AWS_REGION or us-east-1)" },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id to record the deletion under" },
  ...HELP_FLAG,
};

/**
 * Runs the verb.
 * @param args `up …` or `down …`
 * @returns exit code
 * @throws {UsageError} bad sub-command or flags; {@link PreflightError} when the plan breaks a rule
 */
export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === "up") return await _up(rest);
  if (action === "down") return await _down(rest);
  if (action === "--help" || action === "-h" || action === undefined) {
    console.log(
      `ade generator: ${summary}\n\nade generator up\n${
        flagHelp(UP_FLAGS)
      }\n\nade generator down\n${flagHelp(DOWN_FLAGS)}`,
    );
    return action === undefined ? 2 : 0;
  }
  throw new UsageError(`generator: expected "up" or "down" (got "${action}")`);
}

async function _up(args: string[]): Promise<number> {
  const flags = parseFlags("generator up", args, UP_FLAGS);
  if (flags.help) {
    console.log(`ade generator up\n${flagHelp(UP_FLAGS)}`);
    return 0;
  }
  const runId = optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID")) ?? newRunId("run");
  const storePath = optionalString(flags, "store", defaultStorePath())!;
  const options = {
    model: requireString("generator up", flags, "model"),
    endpointName: requireString("generator up", flags, "endpoint-name"),
    roleArn: requireString("generator up", flags, "role-arn"),
    bucket: requireString("generator up", flags, "bucket"),
    kmsKeyId: requireString("generator up", flags, "kms-key-id"),
    runId,
    region: optionalString(flags, "region"),
    instanceType: optionalString(flags, "instance-type"),
  };
  const timeoutMs = numberFlag("generator up", flags, "timeout-minutes", 60) * 60_000;
  if (flags["dry-run"] === true) {
    const plan = buildGeneratorPlan(options);
    const outDir = optionalString(flags, "out", `runs/${runId}/generator`)!;
    for (const note of plan.notes) console.error(`note: ${note}`);
    console.log(`cost: ${formatHourlyCost(plan.instanceType, 1)} while the endpoint runs`);
    return await recordRun(storePath, {
      kind: "generator",
      runId,
      name: "dry-run",
      params: {
        model: options.model,
        endpointName: plan.endpointName,
        instanceType: plan.instanceType,
      },
    }, async () => {
      const files = await writePlannedRequests(`${outDir}/requests`, plan.requests);
      console.log(`dry run: preflight passed; ${files.length} requests written, nothing sent:`);
      for (const file of files) console.log(`  ${file}`);
      return { value: 0, artifacts: { requests: `${outDir}/requests` } };
    });
  }
  const plan = await generatorUp({ ...options, storePath, wait: { timeoutMs } });
  console.log(
    `generator ${plan.endpointName} is InService (${plan.instanceType}, ${
      formatHourlyCost(plan.instanceType, 1)
    }); take it down with: deno task ade generator down --endpoint-name ${plan.endpointName}`,
  );
  return 0;
}

async function _down(args: string[]): Promise<number> {
  const flags = parseFlags("generator down", args, DOWN_FLAGS);
  if (flags.help) {
    console.log(`ade generator down\n${flagHelp(DOWN_FLAGS)}`);
    return 0;
  }
  const endpointName = requireString("generator down", flags, "endpoint-name");
  const storePath = optionalString(flags, "store", defaultStorePath())!;
  const runId = optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID"));
  const report = await recordRun(storePath, {
    kind: "generator",
    runId,
    name: "down",
    params: { endpointName },
  }, async () => ({
    value: await generatorDown({
      endpointName,
      region: optionalString(flags, "region"),
      storePath,
    }),
  }));
  for (const label of report.deleted) console.log(`deleted       ${label}`);
  for (const label of report.alreadyGone) console.log(`already gone  ${label}`);
  return 0;
}
