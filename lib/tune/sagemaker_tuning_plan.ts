/**
 * Everything a SageMaker tuning run sends, planned without sending: the `CreateHyperParameterTuningJob`
 * request (preflighted before anything is written), the grouped validation split and a `sourcedir.tar.gz`
 * of `training/`, and their SSE-KMS uploads. The SageMaker executor sends this plan; the pipeline's SageMaker
 * plan writes it with the rest of the study's requests.
 */
import type { PutObjectCommandInput } from "@aws-sdk/client-s3";
import {
  assertNoViolations,
  buildPutObjectRequest,
  createTarGz,
  type PlannedRequest,
  readFolderFiles,
  runS3Prefix,
  runTags,
  s3Uri,
} from "../cloud/mod.ts";
import { sha256Hex, writeFileAtomic } from "../core/mod.ts";
import { resolveStudyDefinition, type TuningStudyOptions } from "./run_tuning_study.ts";
import type { StudyDefinition, ValidationFolds } from "./tuning_executor.ts";
import { preflightTuningJobRequest } from "./tuning_job_preflight.ts";
import {
  buildCreateHyperParameterTuningJobRequest,
  DEFAULT_TUNING_INSTANCE_TYPE,
  type TuningJobRequest,
  type TuningJobRequestOptions,
} from "./tuning_job_request.ts";
import { readScriptFlags } from "./read_script_flags.ts";
import { writeValidationFolds } from "./_validation_folds.ts";

const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** The SageMaker side of a tuning study: where it runs and what it may use. */
export interface SageMakerTuningSettings {
  /** Tuning job name (≤ 32 characters). */
  jobName: string;
  /** Execution role ARN. */
  roleArn: string;
  /** Bucket for data, source and outputs. */
  bucket: string;
  /** KMS key for every object and output. */
  kmsKeyId: string;
  /** Region (default `AWS_REGION` or us-east-1). */
  region?: string;
  /** Training instance type (default {@link DEFAULT_TUNING_INSTANCE_TYPE}, one GPU). */
  instanceType?: string;
  /** Optional VPC. */
  vpcConfig?: TuningJobRequestOptions["vpcConfig"];
  /** Parent tuning jobs for a warm start. */
  warmStartParents?: string[];
  /** `s3://…` of staged model weights (channel `models`). */
  modelsS3Uri?: string;
  /** Folder packed as `sourcedir.tar.gz` (default `<repo>/training`). */
  trainingDir?: string;
  /** Entry script inside it (default `train.py`). */
  entryPoint?: string;
}

/** A planned upload: the PutObject input (with the real body) and the local file it came from. */
export interface PlannedUpload {
  /** Local file. */
  path: string;
  /** The exact PutObject input. */
  request: PutObjectCommandInput;
}

/** What {@link planSageMakerTuning} returns. */
export interface SageMakerTuningPlan {
  /** Uploads, in order. */
  uploads: PlannedUpload[];
  /** The tuning-job request. */
  tuningJob: TuningJobRequest;
  /** Every request, in order, with bodies described (what the dry run writes). */
  requests: PlannedRequest[];
  /** The study run id. */
  runId: string;
  /** Region. */
  region: string;
  /** S3 prefix of the run's objects (`s3://bucket/ade/<run>/tune/<job>/`). */
  s3Prefix: string;
  /** The files inside `sourcedir.tar.gz`, sorted. */
  bundleMembers: string[];
}

/** The preflighted tuning job, before any file is written. */
export interface TuningJobDraft {
  /** The request and the builder's warnings. */
  tuningJob: TuningJobRequest;
  /** Region. */
  region: string;
  /** `ade/<run>/tune/<job>/` inside the bucket. */
  prefix: string;
}

/**
 * Plans a SageMaker tuning run: preflights the tuning job, then writes the validation split and the source
 * bundle under `OUT/` and builds their uploads. Sends nothing.
 * @param study the study (the options every backend shares)
 * @param settings the AWS side
 * @returns the plan
 * @throws {PreflightError} naming each field and rule that fails (before anything is written)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedSpace } from "./space.ts";
 * const outDir = await Deno.makeTempDir();
 * const plan = await planSageMakerTuning(
 *   { trainPath: "tests/fixtures/data/ae_mentions.jsonl", outDir, space: seedSpace(), runId: "study-1" },
 *   {
 *     jobName: "ade-tune",
 *     roleArn: "arn:aws:iam::123456789012:role/ade-sagemaker",
 *     bucket: "my-ade-bucket",
 *     kmsKeyId: "alias/ade",
 *     region: "us-east-1",
 *     modelsS3Uri: "s3://my-ade-bucket/ade/models/",
 *   },
 * );
 * assert.equal(plan.requests.at(-1)?.operation, "CreateHyperParameterTuningJob");
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function planSageMakerTuning(
  study: Pick<
    TuningStudyOptions,
    "trainPath" | "outDir" | "space" | "strategy" | "maxTrials" | "parallel" | "seed" | "runId"
  >,
  settings: SageMakerTuningSettings,
): Promise<SageMakerTuningPlan> {
  const definition = resolveStudyDefinition(study);
  const draft = await draftTuningJob(definition, settings);
  const folds = await writeValidationFolds(
    definition.trainPath,
    definition.outDir,
    definition.folds,
    definition.seed,
  );
  return await completeTuningPlan(draft, definition, folds, settings);
}

/**
 * Builds the tuning-job request and preflights it. It needs only names and URIs, so a misspelt
 * hyperparameter is reported before the split or the bundle is built.
 * @param definition the study
 * @param settings the AWS side
 * @returns the request, region and S3 prefix
 * @throws {PreflightError} naming each field and rule that fails
 */
export async function draftTuningJob(
  definition: StudyDefinition,
  settings: SageMakerTuningSettings,
): Promise<TuningJobDraft> {
  const region = settings.region ?? Deno.env.get("AWS_REGION") ?? "us-east-1";
  const prefix = `${runS3Prefix(definition.runId)}tune/${settings.jobName}/`;
  const entryPoint = settings.entryPoint ?? "train.py";
  const uri = (key: string) => s3Uri(settings.bucket, `${prefix}${key}`);
  const tuningJob = buildCreateHyperParameterTuningJobRequest({
    jobName: settings.jobName,
    space: definition.space,
    strategy: definition.strategy,
    maxTrials: definition.maxTrials,
    parallel: definition.parallel,
    roleArn: settings.roleArn,
    kmsKeyId: settings.kmsKeyId,
    region,
    runId: definition.runId,
    trainS3Uri: uri("data/train/"),
    validationS3Uri: uri("data/test/"),
    sourceS3Uri: uri("source/sourcedir.tar.gz"),
    outputS3Uri: uri("output/"),
    modelsS3Uri: settings.modelsS3Uri,
    instanceType: settings.instanceType ?? DEFAULT_TUNING_INSTANCE_TYPE,
    metricRegex: definition.metricRegex,
    seed: definition.seed,
    entryPoint,
    vpcConfig: settings.vpcConfig,
    warmStartParents: settings.warmStartParents,
  });
  const scriptPath = `${_trainingDir(settings)}/${entryPoint}`;
  assertNoViolations(
    preflightTuningJobRequest(tuningJob.input, {
      scriptFlags: await readScriptFlags(scriptPath),
      scriptPath: scriptPath.startsWith(`${REPO_ROOT}/`)
        ? scriptPath.slice(REPO_ROOT.length + 1)
        : scriptPath,
    }),
  );
  return { tuningJob, region, prefix };
}

/**
 * Writes the source bundle and builds the uploads (split and bundle) and the request list.
 * @param draft the preflighted tuning job
 * @param definition the study
 * @param folds the validation split written for it
 * @param settings the AWS side
 * @returns the plan
 */
export async function completeTuningPlan(
  draft: TuningJobDraft,
  definition: StudyDefinition,
  folds: ValidationFolds,
  settings: SageMakerTuningSettings,
): Promise<SageMakerTuningPlan> {
  const sourceFile = `${definition.outDir}/sourcedir.tar.gz`;
  // Not shipped: requirements.txt (the toolkit would pip-install it, which fails under network isolation;
  // the image has torch, transformers and accelerate; the file stays for local use), the Python tests, caches.
  const bundleFiles = (await readFolderFiles(_trainingDir(settings))).filter((f) =>
    f.path !== "requirements.txt" && !f.path.startsWith("tests/") &&
    !f.path.includes("__pycache__") && !f.path.endsWith(".pyc")
  );
  await writeFileAtomic(sourceFile, await createTarGz(bundleFiles));
  const tags = runTags(definition.runId);
  const uploads: PlannedUpload[] = [];
  for (
    const [path, key, contentType] of [
      [folds.trainPath, "data/train/train.jsonl", "application/jsonlines"],
      [folds.validationPath, "data/test/validation.jsonl", "application/jsonlines"],
      [sourceFile, "source/sourcedir.tar.gz", "application/gzip"],
    ] as const
  ) {
    const request = buildPutObjectRequest({
      bucket: settings.bucket,
      key: `${draft.prefix}${key}`,
      body: await Deno.readFile(path),
      kmsKeyId: settings.kmsKeyId,
      contentType,
      tags,
    });
    uploads.push({ path, request });
  }
  const requests: PlannedRequest[] = [];
  for (const upload of uploads) {
    const body = upload.request.Body as Uint8Array;
    requests.push({
      operation: "PutObject",
      input: {
        ...upload.request,
        Body: { __file: upload.path, bytes: body.length, sha256: await sha256Hex(body) },
      },
    });
  }
  requests.push({
    operation: "CreateHyperParameterTuningJob",
    input: draft.tuningJob.input as unknown as Record<string, unknown>,
  });
  return {
    uploads,
    tuningJob: draft.tuningJob,
    requests,
    runId: definition.runId,
    region: draft.region,
    s3Prefix: s3Uri(settings.bucket, draft.prefix),
    bundleMembers: bundleFiles.map((file) => file.path).sort(),
  };
}

function _trainingDir(settings: SageMakerTuningSettings): string {
  return settings.trainingDir ?? `${REPO_ROOT}/training`;
}
