/**
 * Flag sets that several verbs share, each with the reader that turns it into library options: the AWS
 * set (`--role-arn --bucket --kms-key-id --region`), the VPC set (`--subnet --security-group`, checked
 * once here), the recording set (`--store --run-id`), `--seed`, `--dry-run`, `--quiet` and the endpoint
 * wait. Spread them into a verb's flag table; give a flag another description where the verb means
 * something narrower (`awsFlags({ bucket: "…" })`).
 */
import { type EndpointVpcConfig, type PlannedRequest, writePlannedRequests } from "../cloud/mod.ts";
import { defaultStorePath, newRunId } from "../track/mod.ts";
import { type FlagSpec, STORE_FLAG } from "./args.ts";
import type { FlagsWith } from "./define_verb.ts";

/** `--role-arn --bucket --kms-key-id --region`: what every SageMaker verb needs. */
export const AWS_FLAGS = {
  "role-arn": { type: "string", description: "SageMaker execution role ARN" },
  bucket: { type: "string", description: "S3 bucket for data, artifacts and outputs" },
  "kms-key-id": { type: "string", description: "KMS key for every object, output and volume" },
  region: { type: "string", description: "AWS region (default $AWS_REGION or us-east-1)" },
} as const satisfies Record<string, FlagSpec>;

/** A name of the AWS set. */
export type AwsFlagName = keyof typeof AWS_FLAGS;

/**
 * The AWS set with some descriptions said the verb's way.
 * @param descriptions flag name → description for this verb
 * @returns the four flags
 * @example awsFlags({ bucket: "S3 bucket for the uploaded model.tar.gz" })
 */
export function awsFlags(
  descriptions: Partial<Record<AwsFlagName, string>> = {},
): Record<AwsFlagName, FlagSpec> {
  const flags: Record<string, FlagSpec> = {};
  for (const [name, spec] of Object.entries(AWS_FLAGS)) {
    flags[name] = { ...spec, description: descriptions[name as AwsFlagName] ?? spec.description };
  }
  return flags as Record<AwsFlagName, FlagSpec>;
}

/** The AWS set as library options. */
export interface AwsOptions {
  /** `--role-arn` (required). */
  roleArn: string;
  /** `--bucket` (required). */
  bucket: string;
  /** `--kms-key-id` (required). */
  kmsKeyId: string;
  /** `--region`, when given. */
  region?: string;
}

/**
 * Reads the AWS set: role, bucket and key are required, the region is optional.
 * @param flags the verb's flags (its table holds {@link AWS_FLAGS})
 * @returns the options
 * @throws {UsageError} naming the first missing flag
 * @example const { roleArn, bucket, kmsKeyId, region } = awsOptionsFrom(flags);
 */
export function awsOptionsFrom(flags: FlagsWith<AwsFlagName>): AwsOptions {
  return {
    roleArn: flags.required("role-arn"),
    bucket: flags.required("bucket"),
    kmsKeyId: flags.required("kms-key-id"),
    region: flags.string("region"),
  };
}

/** `--subnet --security-group` (repeatable): VPC placement. */
export const VPC_FLAGS = {
  subnet: { type: "string", multiple: true, description: "VPC subnet id (with --security-group)" },
  "security-group": { type: "string", multiple: true, description: "VPC security group id" },
} as const satisfies Record<string, FlagSpec>;

/**
 * Reads the VPC set: both flags or neither (the one CLI check of it; the sizes are preflight rules).
 * @param flags the verb's flags (its table holds {@link VPC_FLAGS})
 * @returns the VPC config, or undefined when neither flag was given
 * @throws {UsageError} when only one of the two was given
 * @example vpcConfigFrom(flags) // { Subnets: ["subnet-1"], SecurityGroupIds: ["sg-1"] }
 */
export function vpcConfigFrom(
  flags: FlagsWith<"subnet" | "security-group">,
): EndpointVpcConfig | undefined {
  const subnets = flags.list("subnet");
  const securityGroups = flags.list("security-group");
  if ((subnets.length > 0) !== (securityGroups.length > 0)) {
    throw flags.error("--subnet and --security-group go together");
  }
  return subnets.length > 0 ? { Subnets: subnets, SecurityGroupIds: securityGroups } : undefined;
}

/** `--store DB --run-id ID`, for verbs that record into the experiment store. */
export const RECORDING_FLAGS = {
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID)" },
} as const satisfies Record<string, FlagSpec>;

/** {@link RECORDING_FLAGS} for verbs that start a new study run when none is given. */
export const NEW_RUN_RECORDING_FLAGS = {
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID or a new id)" },
} as const satisfies Record<string, FlagSpec>;

/**
 * `--store`, else `$ADE_STORE`, else `runs/ade.sqlite`.
 * @param flags the verb's flags (with `--store`)
 * @returns the store path
 * @example storePathFrom(flags) // "runs/ade.sqlite"
 */
export function storePathFrom(flags: FlagsWith<"store">): string {
  return flags.string("store") ?? defaultStorePath();
}

/**
 * `--run-id`, else a non-empty `$ADE_RUN_ID`, else undefined (the library then makes one, or records
 * without a study run).
 * @param flags the verb's flags (with `--run-id`)
 * @returns the run id or undefined
 * @example runIdFrom(flags) // "study-1"
 */
export function runIdFrom(flags: FlagsWith<"run-id">): string | undefined {
  return flags.string("run-id") ?? (Deno.env.get("ADE_RUN_ID") || undefined);
}

/**
 * Where and under which study run a verb records: {@link storePathFrom} and {@link runIdFrom}, to spread
 * into library options.
 * @param flags the verb's flags (with `--store` and `--run-id`)
 * @returns `{ storePath, runId }`
 * @example await evaluateModelFile({ modelDir, testPath, metricsPath, ...recordingFrom(flags) });
 */
export function recordingFrom(
  flags: FlagsWith<"store" | "run-id">,
): { storePath: string; runId: string | undefined } {
  return { storePath: storePathFrom(flags), runId: runIdFrom(flags) };
}

/**
 * {@link runIdFrom}, else a new run id (`run-<time>-<random>`).
 * @param flags the verb's flags (with `--run-id`)
 * @returns the run id
 * @example runIdOrNewFrom(flags) // "run-20260101T120000-3f2a1c"
 */
export function runIdOrNewFrom(flags: FlagsWith<"run-id">): string {
  return runIdFrom(flags) ?? newRunId("run");
}

/**
 * `--seed S`, described for what it seeds.
 * @param what what the seed drives, e.g. `the bootstrap`
 * @returns the flag
 * @example seedFlag("the bootstrap") // { seed: { type: "string", description: "seed of the bootstrap (default 42)" } }
 */
export function seedFlag(what: string): { seed: FlagSpec } {
  return { seed: { type: "string", description: `seed of ${what} (default 42)` } };
}

/**
 * `--seed` as an integer, default 42.
 * @param flags the verb's flags (with `--seed`)
 * @returns the seed
 * @throws {UsageError} when the value is not an integer
 * @example seedFrom(flags) // 42
 */
export function seedFrom(flags: FlagsWith<"seed">): number {
  return flags.integer("seed", 42);
}

/** `--dry-run` of the verbs that send SageMaker requests. */
export const DRY_RUN_FLAG = {
  "dry-run": {
    type: "boolean",
    description: "write OUT/requests/NN-<Operation>.json, send nothing",
  },
} as const satisfies Record<string, FlagSpec>;

/** `--quiet`: no progress output. */
export const QUIET_FLAG = {
  quiet: { type: "boolean", description: "no progress output" },
} as const satisfies Record<string, FlagSpec>;

/** `--timeout-minutes`: how long to wait for a new endpoint. */
export const ENDPOINT_WAIT_FLAG = {
  "timeout-minutes": {
    type: "string",
    description: "wait at most this long for InService (default 60)",
  },
} as const satisfies Record<string, FlagSpec>;

/**
 * Writes a dry run's requests as `OUT/requests/NN-<Operation>.json` and prints
 * `dry run: preflight passed; N requests written, nothing sent:` with the files, one a line.
 * @param outDir the verb's output folder
 * @param requests the plan's requests
 * @returns what a `recordRun` body returns: exit code 0 and the requests folder as an artifact
 * @example return await recordRun(storePath, record, () => writeDryRun(outDir, plan.requests));
 */
export async function writeDryRun(
  outDir: string,
  requests: readonly PlannedRequest[],
): Promise<{ value: number; artifacts: { requests: string } }> {
  const files = await writePlannedRequests(`${outDir}/requests`, requests);
  console.log(`dry run: preflight passed; ${files.length} requests written, nothing sent:`);
  for (const file of files) console.log(`  ${file}`);
  return { value: 0, artifacts: { requests: `${outDir}/requests` } };
}
