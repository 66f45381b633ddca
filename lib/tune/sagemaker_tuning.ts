/**
 * The SageMaker backend: the grouped validation split and a `sourcedir.tar.gz` of `training/` are uploaded
 * with SSE-KMS, a `CreateHyperParameterTuningJob` is sent, and the job is polled until it ends; its training
 * jobs become the same trials table as the local backend. Everything is preflighted before the first request;
 * a dry run writes the requests instead of sending them.
 */
import {
  CreateHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  type HyperParameterTrainingJobSummary,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
} from "@aws-sdk/client-sagemaker";
import { type PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import {
  assertNoViolations,
  buildPutObjectRequest,
  createTarGz,
  type PlannedRequest,
  readFolderFiles,
  runS3Prefix,
  runTags,
  s3Uri,
  uploadObject,
  writePlannedRequests,
} from "../cloud/mod.ts";
import { AdeError, createProgress, sha256Hex, writeFileAtomic, writeJsonl } from "../core/mod.ts";
import { groupedStratifiedKFold, readRows } from "../data/mod.ts";
import { ExperimentStore, newRunId } from "../track/mod.ts";
import type { TuningStrategy } from "./local_study.ts";
import type { SearchSpace, TrialParams } from "./space.ts";
import { preflightTuningJobRequest, readScriptFlags } from "./tuning_job_preflight.ts";
import {
  buildCreateHyperParameterTuningJobRequest,
  DEFAULT_TUNING_INSTANCE_TYPE,
  type TuningJobRequest,
} from "./tuning_job_request.ts";
import { type BestTrial, type TrialRecord, writeTrialsTable } from "./trials.ts";

const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** Options of {@link planSageMakerTuning} and {@link runSageMakerTuning}. */
export interface SageMakerTuningOptions {
  /** Training file (the training part of the split). */
  trainPath: string;
  /** Output folder (folds, source bundle, requests, trials table). */
  outDir: string;
  /** Search space. */
  space: SearchSpace;
  /** Strategy. */
  strategy: TuningStrategy;
  /** Training jobs in total. */
  maxTrials: number;
  /** Training jobs at once. */
  parallel: number;
  /** Seed (split and `RandomSeed`). */
  seed: number;
  /** Metric regex. */
  metricRegex?: string;
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
  /** Training instance type (default ml.p3dn.24xlarge). */
  instanceType?: string;
  /** Study run id (tags, S3 prefix); default a new id. */
  runId?: string;
  /** Optional VPC. */
  vpcConfig?: { SecurityGroupIds: string[]; Subnets: string[] };
  /** Parent tuning jobs for a warm start. */
  warmStartParents?: string[];
  /** `s3://…` of staged model weights (channel `models`). */
  modelsS3Uri?: string;
  /** Folder packed as `sourcedir.tar.gz` (default `<repo>/training`). */
  trainingDir?: string;
  /** Entry script inside it (default `train.py`). */
  entryPoint?: string;
  /** Folds of the grouped split (default 5; fold 0 is the validation part). */
  folds?: number;
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
}

/**
 * Prepares everything a SageMaker tuning run sends: writes the fold files and the source bundle under
 * `OUT/`, builds the PutObject and CreateHyperParameterTuningJob requests and preflights all of them.
 * Sends nothing.
 * @param options the study and the AWS settings
 * @returns the plan
 * @throws {PreflightError} naming each field and rule that fails
 * @example const plan = await planSageMakerTuning({ ...options, jobName: "ade-tune" });
 */
export async function planSageMakerTuning(
  options: SageMakerTuningOptions,
): Promise<SageMakerTuningPlan> {
  const region = options.region ?? Deno.env.get("AWS_REGION") ?? "us-east-1";
  const runId = options.runId ?? newRunId("tune");
  const trainingDir = options.trainingDir ?? `${REPO_ROOT}/training`;
  const entryPoint = options.entryPoint ?? "train.py";
  const outDir = options.outDir.replace(/\/$/, "");
  const prefix = `${runS3Prefix(runId)}tune/${options.jobName}/`;
  const keys = {
    train: `${prefix}data/train/train.jsonl`,
    validation: `${prefix}data/test/validation.jsonl`,
    source: `${prefix}source/sourcedir.tar.gz`,
  };
  // Preflight the tuning job first: it needs only names and URIs, and a misspelt hyperparameter should be
  // reported before the split or the bundle is built.
  const tuningJob = buildCreateHyperParameterTuningJobRequest({
    jobName: options.jobName,
    space: options.space,
    strategy: options.strategy,
    maxTrials: options.maxTrials,
    parallel: options.parallel,
    roleArn: options.roleArn,
    kmsKeyId: options.kmsKeyId,
    region,
    runId,
    trainS3Uri: s3Uri(options.bucket, `${prefix}data/train/`),
    validationS3Uri: s3Uri(options.bucket, `${prefix}data/test/`),
    sourceS3Uri: s3Uri(options.bucket, keys.source),
    outputS3Uri: s3Uri(options.bucket, `${prefix}output/`),
    modelsS3Uri: options.modelsS3Uri,
    instanceType: options.instanceType ?? DEFAULT_TUNING_INSTANCE_TYPE,
    metricRegex: options.metricRegex,
    seed: options.seed,
    entryPoint,
    vpcConfig: options.vpcConfig,
    warmStartParents: options.warmStartParents,
  });
  const scriptPath = `${trainingDir}/${entryPoint}`;
  assertNoViolations(
    preflightTuningJobRequest(tuningJob.input, {
      scriptFlags: await readScriptFlags(scriptPath),
      scriptPath: scriptPath.startsWith(`${REPO_ROOT}/`)
        ? scriptPath.slice(REPO_ROOT.length + 1)
        : scriptPath,
    }),
  );

  // The grouped validation split (never the test split) and the source bundle.
  const rows = await readRows(options.trainPath);
  const [fold] = groupedStratifiedKFold(rows, options.folds ?? 5, options.seed);
  const trainFile = `${outDir}/folds/train.jsonl`;
  const validationFile = `${outDir}/folds/validation.jsonl`;
  await writeJsonl(trainFile, fold.train.map((i) => rows[i]));
  await writeJsonl(validationFile, fold.validation.map((i) => rows[i]));
  const sourceFile = `${outDir}/sourcedir.tar.gz`;
  // Not shipped: requirements.txt (the toolkit would pip-install it, which fails under network isolation;
  // the image has torch, transformers and accelerate; the file stays for local use), the Python tests, caches.
  const bundleFiles = (await readFolderFiles(trainingDir)).filter((f) =>
    f.path !== "requirements.txt" && !f.path.startsWith("tests/") &&
    !f.path.includes("__pycache__") && !f.path.endsWith(".pyc")
  );
  await writeFileAtomic(sourceFile, await createTarGz(bundleFiles));

  const tags = runTags(runId);
  const uploads: PlannedUpload[] = [];
  for (
    const [path, key, contentType] of [
      [trainFile, keys.train, "application/jsonlines"],
      [validationFile, keys.validation, "application/jsonlines"],
      [sourceFile, keys.source, "application/gzip"],
    ] as const
  ) {
    uploads.push({
      path,
      request: buildPutObjectRequest({
        bucket: options.bucket,
        key,
        body: await Deno.readFile(path),
        kmsKeyId: options.kmsKeyId,
        contentType,
        tags,
      }),
    });
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
    input: tuningJob.input as unknown as Record<string, unknown>,
  });
  return {
    uploads,
    tuningJob,
    requests,
    runId,
    region,
    s3Prefix: s3Uri(options.bucket, prefix),
  };
}

/**
 * Turns the training jobs of a tuning job into trial records (finished jobs only): the trial number is the
 * `-NNN-` part of the job name, values are JSON-decoded, the objective is the final objective metric.
 * @param summaries `TrainingJobSummaries` of ListTrainingJobsForHyperParameterTuningJob
 * @returns trial records sorted by trial
 * @example trialsFromTrainingJobs(page.TrainingJobSummaries ?? [])
 */
export function trialsFromTrainingJobs(
  summaries: readonly HyperParameterTrainingJobSummary[],
): TrialRecord[] {
  const ordered = [...summaries].sort((a, b) =>
    (a.CreationTime?.getTime() ?? 0) - (b.CreationTime?.getTime() ?? 0)
  );
  const trials: TrialRecord[] = [];
  ordered.forEach((job, index) => {
    const status = job.TrainingJobStatus;
    if (status !== "Completed" && status !== "Failed" && status !== "Stopped") return;
    const number = /-(\d{3,})-[0-9a-f]{8}$/.exec(job.TrainingJobName ?? "");
    const params: TrialParams = {};
    for (const [name, raw] of Object.entries(job.TunedHyperParameters ?? {})) {
      params[name] = _decodeValue(raw);
    }
    const start = job.TrainingStartTime?.getTime();
    const end = job.TrainingEndTime?.getTime();
    const value = job.FinalHyperParameterTuningJobObjectiveMetric?.Value;
    trials.push({
      trial: number ? Number(number[1]) : index + 1,
      params,
      status,
      objective: value ?? null,
      seconds: start !== undefined && end !== undefined ? Math.round((end - start) / 1000) : 0,
      training_job: job.TrainingJobName,
      ...(job.FailureReason ? { error: job.FailureReason } : {}),
    });
  });
  return trials.sort((a, b) => a.trial - b.trial);
}

function _decodeValue(raw: string): string | number {
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // plain string
  }
  if (
    typeof value === "string" && value !== "" && Number.isFinite(Number(value)) &&
    /^[-+0-9.eE]+$/.test(value)
  ) {
    return Number(value);
  }
  return typeof value === "number" || typeof value === "string" ? value : raw;
}

/** Options of {@link runSageMakerTuning} beyond the plan. */
export interface SageMakerRunOptions {
  /** Only write `OUT/requests/` (no network). */
  dryRun?: boolean;
  /** SageMaker client (default: one for the region). */
  sagemaker?: SageMakerClient;
  /** S3 client (default: one for the region). */
  s3?: S3Client;
  /** Seconds between polls (default 30). */
  pollSeconds?: number;
  /** Aborting stops the tuning job (StopHyperParameterTuningJob) and ends polling. */
  signal?: AbortSignal;
  /** Experiment store path (records a `tune` run with the tuning job and S3 prefix as resources). */
  storePath?: string;
  /** No progress lines. */
  quiet?: boolean;
}

/** What {@link runSageMakerTuning} returns. */
export interface SageMakerTuningResult {
  /** The plan (requests, run id, region). */
  plan: SageMakerTuningPlan;
  /** Paths of the request files (dry run). */
  requestFiles: string[];
  /** Trials (empty for a dry run). */
  trials: TrialRecord[];
  /** Best trial. */
  best?: BestTrial;
  /** Final tuning-job status (absent for a dry run). */
  status?: string;
}

/**
 * Runs (or, with `dryRun`, only plans) a SageMaker tuning job and writes the same trials table as the local
 * backend.
 * @param options study and AWS settings
 * @param run dry run, clients, polling, abort, store
 * @returns the plan, request files, trials and the best trial
 * @throws {PreflightError} before anything is sent
 * @example await runSageMakerTuning(options, { dryRun: true });
 */
export async function runSageMakerTuning(
  options: SageMakerTuningOptions,
  run: SageMakerRunOptions = {},
): Promise<SageMakerTuningResult> {
  const plan = await planSageMakerTuning(options);
  const outDir = options.outDir.replace(/\/$/, "");
  if (run.dryRun) {
    await Deno.remove(`${outDir}/requests`, { recursive: true }).catch(() => {});
    const requestFiles = await writePlannedRequests(`${outDir}/requests`, plan.requests);
    return { plan, requestFiles, trials: [] };
  }
  const sagemaker = run.sagemaker ?? new SageMakerClient({ region: plan.region });
  const s3 = run.s3 ?? new S3Client({ region: plan.region });
  const store = run.storePath ? await ExperimentStore.open(run.storePath) : undefined;
  const recordId = store?.startRun({
    kind: "tune",
    runId: plan.runId,
    name: `sagemaker:${options.strategy}:${options.space.name}`,
    params: {
      strategy: options.strategy,
      space: options.space.name,
      budget: options.maxTrials,
      backend: "sagemaker",
      job_name: options.jobName,
    },
  });
  const instanceType = options.instanceType ?? DEFAULT_TUNING_INSTANCE_TYPE;
  let trials: TrialRecord[] = [];
  let status: string | undefined;
  try {
    for (const upload of plan.uploads) await uploadObject(s3, upload.request);
    if (store && recordId) store.addResource(recordId, { type: "s3-prefix", name: plan.s3Prefix });
    const created = await sagemaker.send(
      new CreateHyperParameterTuningJobCommand(plan.tuningJob.input),
    );
    if (store && recordId) {
      store.addResource(recordId, {
        type: "tuning-job",
        name: options.jobName,
        arn: created.HyperParameterTuningJobArn,
        region: plan.region,
        instanceType,
        instanceCount: 1,
      });
    }
    const progress = createProgress("tune:sagemaker", options.maxTrials, { silent: run.quiet });
    let stopRequested = false;
    while (true) {
      if (run.signal?.aborted && !stopRequested) {
        stopRequested = true;
        await sagemaker.send(
          new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: options.jobName }),
        );
      }
      const described = await sagemaker.send(
        new DescribeHyperParameterTuningJobCommand({
          HyperParameterTuningJobName: options.jobName,
        }),
      );
      status = described.HyperParameterTuningJobStatus;
      trials = trialsFromTrainingJobs(await _listTrainingJobs(sagemaker, options.jobName));
      const best = await writeTrialsTable(outDir, trials);
      progress.update(
        trials.length,
        `${status}${best ? ` · best ${best.objective.toFixed(4)} (trial ${best.trial})` : ""}`,
      );
      if (status === "Completed" || status === "Failed" || status === "Stopped") break;
      await _sleep((run.pollSeconds ?? 30) * 1000, run.signal, stopRequested);
    }
    const best = await writeTrialsTable(outDir, trials);
    progress.finish(`${status}${best ? ` · best ${best.objective.toFixed(4)}` : ""}`);
    if (store && recordId) {
      store.finishRun(recordId, {
        status: status === "Completed" ? "completed" : status === "Stopped" ? "stopped" : "failed",
        metrics: { best_objective: best?.objective ?? null, trials: trials.length },
        artifacts: { out: outDir, trials: `${outDir}/trials.jsonl`, best: `${outDir}/best.json` },
      });
    }
    return { plan, requestFiles: [], trials, best, status };
  } catch (error) {
    if (store && recordId) {
      store.finishRun(recordId, { status: "failed", error: (error as Error).message });
    }
    if (error instanceof AdeError) throw error;
    throw new AdeError(`SageMaker tuning failed: ${(error as Error).message}`);
  } finally {
    store?.close();
  }
}

async function _listTrainingJobs(
  client: SageMakerClient,
  jobName: string,
): Promise<HyperParameterTrainingJobSummary[]> {
  const all: HyperParameterTrainingJobSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: jobName,
        MaxResults: 100,
        NextToken: token,
      }),
    );
    all.push(...(page.TrainingJobSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

function _sleep(ms: number, signal: AbortSignal | undefined, ignoreAbort: boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    if (!ignoreAbort) signal?.addEventListener("abort", done);
  });
}
