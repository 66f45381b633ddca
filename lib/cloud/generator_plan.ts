/**
 * The SageMaker plan of the Falcon generator (Hugging Face LLM / TGI image): CreateModel,
 * CreateEndpointConfig, CreateEndpoint — pure request objects checked by preflight.
 *
 * Network isolation is on, so the container cannot download weights from the Hub: they must be staged in
 * S3 first, and the model points `HF_MODEL_ID` at `/opt/ml/model`, where SageMaker puts them (reference §3c).
 */
import type { PreflightViolation } from "../core/mod.ts";
import { imageUri, isGpuInstance } from "./images.ts";
import { _checkEndpointBasics, _planEndpoint } from "./_endpoint_plan.ts";
import { assertNoViolations } from "./preflight.ts";
import { checkInstanceType, GPUS_PER_INSTANCE } from "./instance_types.ts";
import { runTags } from "./requests.ts";
import { GENERATOR_WEIGHTS_PREFIX, stagedModelUri } from "./stage_model.ts";
import type { ModelArtifacts } from "./_endpoint_requests.ts";
import type { EndpointPlan, EndpointPlanOptions } from "./endpoint_plan_types.ts";
import { awsRegion } from "./_aws_region.ts";

/** Defaults per model size: instance type and the download / health-check timeouts (seconds). */
export const GENERATOR_DEFAULTS = {
  "7b": { instanceType: "ml.g5.2xlarge", timeoutSeconds: 1800 },
  "40b": { instanceType: "ml.g5.12xlarge", timeoutSeconds: 3600 },
} as const;

/** TGI token limits (Falcon's context is 2,048 tokens). */
export const GENERATOR_TOKEN_LIMITS = { maxInputLength: 1024, maxTotalTokens: 2048 } as const;

/** Options of {@link buildGeneratorPlan} (also the options of `generator up`). */
export interface GeneratorUpOptions extends EndpointPlanOptions {
  /** `tiiuae/falcon-7b-instruct`, `tiiuae/falcon-40b-instruct`, another Hub id, or an S3 URI of staged weights. */
  model: string;
  /** GPU instance type (default per model size). */
  instanceType?: string;
}

/** A generator plan (`bucket` holds the staged weights: `s3://<bucket>/ade/generator-weights/<hub id>/`). */
export interface GeneratorPlan extends EndpointPlan {
  /** The GPU instance type. */
  instanceType: string;
  /** S3 location of the weights the endpoint loads. */
  weightsS3Uri: string;
}

/**
 * The S3 prefix where `generator up` expects the weights of a Hub model (shared by runs, so cleanup of a
 * run does not delete them): `s3://<bucket>/ade/generator-weights/<hub id>/`.
 * @param bucket bucket name
 * @param hubId e.g. `tiiuae/falcon-7b-instruct`
 * @returns the S3 URI, ending in `/`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(stagedWeightsUri("my-bucket", "tiiuae/falcon-7b-instruct"), /^s3:\/\/my-bucket\/.*falcon-7b-instruct/);
 * ```
 */
export function stagedWeightsUri(bucket: string, hubId: string): string {
  return stagedModelUri(bucket, hubId, GENERATOR_WEIGHTS_PREFIX);
}

/**
 * Builds and preflights the generator plan.
 * @param options model, names, role, bucket, KMS key, run id, region, instance type
 * @returns the requests, instance type, hourly cost estimate and notes
 * @throws {PreflightError} listing every broken rule
 * @example
 * ```ts
 * const plan = buildGeneratorPlan({ model: "tiiuae/falcon-7b-instruct", endpointName: "ade-falcon-7b",
 *   roleArn: "arn:aws:iam::123456789012:role/ade", bucket: "my-bucket", kmsKeyId: "alias/ade", runId: "r1" });
 * plan.instanceType; // "ml.g5.2xlarge"
 * ```
 */
export function buildGeneratorPlan(options: GeneratorUpOptions): GeneratorPlan {
  const region = awsRegion(options.region);
  const size = /40b/i.test(options.model) ? "40b" : "7b";
  const defaults = GENERATOR_DEFAULTS[size];
  const instanceType = options.instanceType ?? defaults.instanceType;
  const notes: string[] = [];
  if (!/(40b|7b)/i.test(options.model)) {
    notes.push(
      `Model size not recognised in "${options.model}": using the 7B defaults (${defaults.instanceType}).`,
    );
  }
  const violations: PreflightViolation[] = [
    ..._checkEndpointBasics(options, region),
    ...checkInstanceType("instanceType", instanceType, "hosting"),
  ];
  const gpus = GPUS_PER_INSTANCE[instanceType];
  if (!isGpuInstance(instanceType) || gpus === undefined) {
    violations.push({
      field: "instanceType",
      rule: `the TGI generator needs a GPU instance with a known GPU count (${
        Object.keys(GPUS_PER_INSTANCE).join(", ")
      })`,
      value: instanceType,
    });
  }
  if (size === "40b" && gpus !== undefined && gpus < 4) {
    violations.push({
      field: "instanceType",
      rule: "Falcon-40B in 16-bit needs about 80 GB of GPU memory: use ml.g5.12xlarge or larger",
      value: instanceType,
    });
  }
  assertNoViolations(violations);

  let artifacts: ModelArtifacts;
  if (options.model.startsWith("s3://")) {
    artifacts = options.model.endsWith(".tar.gz") ? { kind: "tar.gz", s3Uri: options.model } : {
      kind: "s3-prefix",
      s3Uri: options.model.endsWith("/") ? options.model : `${options.model}/`,
    };
  } else {
    artifacts = { kind: "s3-prefix", s3Uri: stagedWeightsUri(options.bucket, options.model) };
    notes.push(
      `Network isolation is on, so the endpoint cannot download ${options.model} from the Hub: stage the ` +
        `weights at ${artifacts.s3Uri} first (\`generator up\` does when they are missing, or run ` +
        `\`deno task ade stage-model --model ${options.model} --bucket ${options.bucket} --kms-key-id <key> ` +
        `--prefix ${GENERATOR_WEIGHTS_PREFIX}\`). They are shared across runs and not deleted by cleanup.`,
    );
  }
  const endpoint = _planEndpoint({
    endpointName: options.endpointName,
    region,
    tags: runTags(options.runId, { "ade:role": "generator" }),
    notes,
    model: {
      imageUri: imageUri("llmTgi", region),
      artifacts,
      environment: {
        HF_MODEL_ID: "/opt/ml/model",
        SM_NUM_GPUS: String(gpus),
        MAX_INPUT_LENGTH: String(GENERATOR_TOKEN_LIMITS.maxInputLength),
        MAX_TOTAL_TOKENS: String(GENERATOR_TOKEN_LIMITS.maxTotalTokens),
      },
      roleArn: options.roleArn,
      networkIsolation: true,
    },
    config: {
      instanceType,
      instanceCount: 1,
      kmsKeyId: options.kmsKeyId,
      modelDataDownloadTimeoutInSeconds: defaults.timeoutSeconds,
      containerStartupHealthCheckTimeoutInSeconds: defaults.timeoutSeconds,
    },
  });
  return { ...endpoint, instanceType, weightsS3Uri: artifacts.s3Uri };
}
