/**
 * The SageMaker deployment plan of the classifier: upload (for a local folder), CreateModel,
 * CreateEndpointConfig and CreateEndpoint — pure request objects, checked by preflight before anything runs.
 *
 * What is served: the Hugging Face PyTorch inference image runs a Hugging Face model (the output of
 * `training/train.py`: `config.json` + weights), not the toolkit's TypeScript classifier, which runs only in
 * the local endpoint (`deno task ade serve`). `modelSource` is either the S3 URI of a `model.tar.gz` written
 * by a SageMaker training or tuning job, or a local folder holding such a Hugging Face model, which is packed
 * as `model.tar.gz` and uploaded with SSE-KMS.
 */
import type { PutObjectCommandInput } from "@aws-sdk/client-s3";
import { exists, type PreflightViolation, sha256Hex } from "../core/mod.ts";
import { isGpuInstance } from "./images.ts";
import { _classifierModel } from "./_classifier_model.ts";
import { _checkEndpointBasics, _planEndpoint } from "./_endpoint_plan.ts";
import { assertNoViolations } from "./preflight.ts";
import { type PlannedRequest, runTags } from "./requests.ts";
import { buildPutObjectRequest, runS3Prefix, s3Uri } from "./s3.ts";
import { createTarGz, readFolderFiles } from "./tar.ts";
import type {
  EndpointPlan,
  EndpointPlanOptions,
  EndpointVpcConfig,
} from "./endpoint_plan_types.ts";
import { awsRegion } from "./_aws_region.ts";

/** Default instance type of the classifier endpoint (CPU, EBS storage: a volume KMS key is allowed). */
export const DEFAULT_DEPLOY_INSTANCE_TYPE = "ml.m5.xlarge";
/** Default serverless capacity. */
export const DEFAULT_SERVERLESS = { memorySizeInMb: 3072, maxConcurrency: 5 } as const;

/** Options of {@link buildDeploymentPlan}. */
export interface DeploymentPlanOptions extends EndpointPlanOptions {
  /** `s3://…/model.tar.gz` from a training/tuning job, or a local Hugging Face model folder. */
  modelSource: string;
  /** Instance type (default {@link DEFAULT_DEPLOY_INSTANCE_TYPE}); not with `serverless`. */
  instanceType?: string;
  /** Instance count (default 1). */
  instanceCount?: number;
  /** Serverless endpoint (no network isolation, no VPC: see notes). */
  serverless?: boolean;
  /** VPC placement of the model container (not with serverless). */
  vpcConfig?: EndpointVpcConfig;
  /** Capture this percentage of requests to `s3://<bucket>/ade/<runId>/data-capture/` (KMS-encrypted). */
  dataCapturePercentage?: number;
}

/** A deployment plan: the upload of a local model folder (if any), then the endpoint's requests. */
export interface DeploymentPlan extends EndpointPlan {
  /** Instance type (undefined for serverless). */
  instanceType?: string;
  /** Instance count (0 for serverless). */
  instanceCount: number;
  /** The upload to send before CreateModel, with its bytes (local folders only). */
  upload?: PutObjectCommandInput;
}

/**
 * Builds and preflights the deployment plan.
 * @param options model source, names, role, bucket, KMS key, run id, capacity, VPC
 * @returns the ordered requests, the hourly cost estimate and notes
 * @throws {PreflightError} listing every broken rule (nothing is sent by this function anyway)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writePlannedRequests } from "./requests.ts";
 * const plan = await buildDeploymentPlan({
 *   modelSource: "s3://my-ade-bucket/ade/r1/train/output/model.tar.gz",
 *   endpointName: "ade-r1",
 *   roleArn: "arn:aws:iam::123456789012:role/ade",
 *   bucket: "my-ade-bucket",
 *   kmsKeyId: "alias/ade",
 *   runId: "r1",
 *   region: "us-east-1",
 * });
 * const out = await Deno.makeTempDir();
 * await writePlannedRequests(out, plan.requests); // 01-CreateModel.json, 02-CreateEndpointConfig.json, …
 * assert.equal(plan.requests[0].operation, "CreateModel");
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function buildDeploymentPlan(options: DeploymentPlanOptions): Promise<DeploymentPlan> {
  const region = awsRegion(options.region);
  const serverless = options.serverless ?? false;
  const instanceType = serverless
    ? undefined
    : options.instanceType ?? DEFAULT_DEPLOY_INSTANCE_TYPE;
  const instanceCount = serverless ? 0 : options.instanceCount ?? 1;
  const tags = runTags(options.runId);
  const notes: string[] = [];
  const violations: PreflightViolation[] = _checkEndpointBasics(options, region);
  if (options.modelSource.startsWith("s3://") && !options.modelSource.endsWith(".tar.gz")) {
    violations.push({
      field: "modelSource",
      rule: "an S3 model must be the model.tar.gz of a training or tuning job",
      value: options.modelSource,
    });
  }
  if (serverless && options.instanceType) {
    violations.push({ field: "instanceType", rule: "give either an instance type or serverless" });
  }
  if (serverless && options.vpcConfig) {
    violations.push({ field: "VpcConfig", rule: "serverless endpoints do not support a VPC" });
  }
  if (serverless && options.dataCapturePercentage !== undefined) {
    violations.push({
      field: "DataCaptureConfig",
      rule: "serverless endpoints do not support data capture",
    });
  }
  // Checked before touching the file system, so a bad flag is reported before a large folder is packed.
  assertNoViolations(violations);

  const requests: PlannedRequest[] = [];
  let upload: PutObjectCommandInput | undefined;
  let modelDataUrl: string;
  if (options.modelSource.startsWith("s3://")) {
    modelDataUrl = options.modelSource;
  } else {
    const files = await _readHuggingFaceModelFolder(options.modelSource);
    const tarball = await createTarGz(files);
    const key = `${runS3Prefix(options.runId)}deploy/${options.endpointName}/model.tar.gz`;
    upload = buildPutObjectRequest({
      bucket: options.bucket,
      key,
      body: tarball,
      kmsKeyId: options.kmsKeyId,
      contentType: "application/gzip",
      tags,
    });
    modelDataUrl = s3Uri(options.bucket, key);
    requests.push({
      operation: "PutObject",
      input: {
        ...upload,
        Body:
          `<model.tar.gz of ${options.modelSource}: ${tarball.length} bytes, sha256 ${await sha256Hex(
            tarball,
          )}>`,
      },
    });
    notes.push(
      `${options.modelSource} is packed as model.tar.gz (${files.length} files) and uploaded to ` +
        `${modelDataUrl} with SSE-KMS.`,
    );
  }
  notes.push(
    "SageMaker serves a Hugging Face model (training/train.py output) in the Hugging Face PyTorch " +
      "inference image; the TypeScript classifier runs only behind `deno task ade serve`.",
  );

  if (serverless) {
    notes.push(
      "HIPAA warning: serverless endpoints support neither network isolation nor a VPC; " +
        "use an instance-backed endpoint (--instance-type) when isolation is required.",
    );
  }
  const gpu = instanceType !== undefined && isGpuInstance(instanceType);
  const endpoint = _planEndpoint({
    endpointName: options.endpointName,
    region,
    tags,
    notes,
    model: _classifierModel({
      modelDataUrl,
      region,
      roleArn: options.roleArn,
      gpu,
      // Serverless supports neither network isolation nor a VPC (reference §3e).
      networkIsolation: !serverless,
      vpcConfig: options.vpcConfig,
    }),
    config: {
      instanceType,
      instanceCount: serverless ? undefined : instanceCount,
      serverless: serverless ? { ...DEFAULT_SERVERLESS } : undefined,
      kmsKeyId: options.kmsKeyId,
      dataCapture: options.dataCapturePercentage === undefined ? undefined : {
        destinationS3Uri: s3Uri(options.bucket, `${runS3Prefix(options.runId)}data-capture/`),
        samplingPercentage: options.dataCapturePercentage,
        kmsKeyId: options.kmsKeyId,
      },
    },
  });
  if (options.dataCapturePercentage !== undefined) {
    notes.push(
      "Data capture stores request and response payloads (the submitted text) in S3, KMS-encrypted; " +
        "treat that prefix as sensitive; it is recorded for the run and deleted by cleanup.",
    );
  }
  if (serverless) {
    notes.push("Serverless endpoints are billed per request and compute time, not per hour.");
  }
  return {
    ...endpoint,
    requests: [...requests, ...endpoint.requests],
    ...(instanceType ? { instanceType } : {}),
    instanceCount,
    ...(upload ? { upload } : {}),
  };
}

async function _readHuggingFaceModelFolder(dir: string) {
  if (!(await exists(`${dir}/config.json`))) {
    assertNoViolations([{
      field: "modelSource",
      rule: "a local folder must hold a Hugging Face model (config.json + weights, as written by " +
        "training/train.py); the TypeScript classifier cannot run in the Hugging Face PyTorch image — " +
        "serve it with `deno task ade serve`, or pass the s3:// URI of a training job's model.tar.gz",
      value: dir,
    }]);
  }
  return await readFolderFiles(dir);
}
