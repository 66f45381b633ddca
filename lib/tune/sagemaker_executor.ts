/**
 * The SageMaker executor backend. SageMaker's own tuner samples and stops the trials, so this backend
 * submits the study as one tuning job (after preflight, with the split and `training/` uploaded with
 * SSE-KMS), follows it until it ends and reads its training jobs back into the study's trials table. A dry
 * run writes the requests to `OUT/requests/NN-<Operation>.json` and sends nothing.
 */
import {
  CreateHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  type DescribeHyperParameterTuningJobCommandOutput,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
} from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { assertNoViolations, uploadObject, writePlannedRequests } from "../cloud/mod.ts";
import { AdeError } from "../core/mod.ts";
import {
  completeTuningPlan,
  draftTuningJob,
  type SageMakerTuningPlan,
  type SageMakerTuningSettings,
  type TuningJobDraft,
} from "./sagemaker_tuning_plan.ts";
import { DEFAULT_TUNING_INSTANCE_TYPE } from "./tuning_job_request.ts";
import type {
  SearchContext,
  SearchExecutor,
  SearchOutcome,
  StudyDefinition,
} from "./tuning_executor.ts";
import { listTrainingJobs, trialsFromTrainingJobs } from "./_sagemaker_trials.ts";
import { checkWarmStartParents } from "./_tuning_preflight_rules.ts";

/** Where a running tuning job stands: its training jobs done, running and failed, and the best so far. */
export interface TuningJobProgress {
  /** The tuning job. */
  jobName: string;
  /** Its status (`InProgress`, `Stopping`, `Completed`, …). */
  status: string;
  /** Training jobs completed. */
  completed: number;
  /** Training jobs running. */
  running: number;
  /** Training jobs failed (retryable and not). */
  failed: number;
  /** Training jobs stopped. */
  stopped: number;
  /** The best training job so far and its objective, once one completed. */
  best?: { trainingJobName: string; objective?: number };
}

/**
 * Reads a tuning job's progress from its description.
 * @param jobName the tuning job
 * @param described DescribeHyperParameterTuningJob's answer
 * @returns the counts and the best training job so far
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const progress = tuningJobProgress("ade-r1", {
 *   HyperParameterTuningJobStatus: "InProgress",
 *   TrainingJobStatusCounters: { Completed: 3, InProgress: 2, NonRetryableError: 1 },
 * });
 * assert.deepEqual([progress.completed, progress.running, progress.failed], [3, 2, 1]);
 * ```
 */
export function tuningJobProgress(
  jobName: string,
  described: Pick<
    DescribeHyperParameterTuningJobCommandOutput,
    "HyperParameterTuningJobStatus" | "TrainingJobStatusCounters" | "BestTrainingJob"
  >,
): TuningJobProgress {
  const counters = described.TrainingJobStatusCounters ?? {};
  const best = described.BestTrainingJob;
  return {
    jobName,
    status: described.HyperParameterTuningJobStatus ?? "Unknown",
    completed: counters.Completed ?? 0,
    running: counters.InProgress ?? 0,
    failed: (counters.NonRetryableError ?? 0) + (counters.RetryableError ?? 0),
    stopped: counters.Stopped ?? 0,
    ...(best?.TrainingJobName
      ? {
        best: {
          trainingJobName: best.TrainingJobName,
          ...(best.FinalHyperParameterTuningJobObjectiveMetric?.Value !== undefined
            ? { objective: best.FinalHyperParameterTuningJobObjectiveMetric.Value }
            : {}),
        },
      }
      : {}),
  };
}

/** Options of {@link createSageMakerExecutor}: the AWS side of the study, and how to follow the job. */
export interface SageMakerExecutorOptions extends SageMakerTuningSettings {
  /** Only write `OUT/requests/` (no network). */
  dryRun?: boolean;
  /** Seconds between polls (default 30). */
  pollSeconds?: number;
  /** SageMaker client (default: one for the region). */
  sagemaker?: SageMakerClient;
  /** S3 client (default: one for the region). */
  s3?: S3Client;
  /** Called after every poll with the job's progress (jobs done / running / failed, best so far). */
  onProgress?: (progress: TuningJobProgress) => void;
}

const _FINAL_STATUSES = new Set(["Completed", "Failed", "Stopped"]);

/**
 * Creates the SageMaker executor.
 * @param options tuning job name, role, bucket, KMS key, region, instance type, VPC, warm start, dry run
 * @returns the executor
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTuningStudy } from "./run_tuning_study.ts";
 * import { seedSpace } from "./space.ts";
 * const outDir = await Deno.makeTempDir();
 * const executor = createSageMakerExecutor({
 *   jobName: "ade-tune",
 *   roleArn: "arn:aws:iam::123456789012:role/ade-sagemaker",
 *   bucket: "my-ade-bucket",
 *   kmsKeyId: "alias/ade",
 *   region: "us-east-1",
 *   modelsS3Uri: "s3://my-ade-bucket/ade/models/",
 *   dryRun: true, // writes OUT/requests/ and sends nothing
 * });
 * const trainPath = "tests/fixtures/data/ae_mentions.jsonl";
 * const result = await runTuningStudy({ trainPath, outDir, space: seedSpace(), maxTrials: 4, quiet: true, executor });
 * assert.ok(result.dryRun && result.requestFiles.length > 0);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export function createSageMakerExecutor(options: SageMakerExecutorOptions): SearchExecutor {
  const drafts = new WeakMap<StudyDefinition, TuningJobDraft>();
  const draftOf = async (definition: StudyDefinition) => {
    const draft = drafts.get(definition) ?? await draftTuningJob(definition, options);
    drafts.set(definition, draft);
    return draft;
  };
  return {
    kind: "search",
    backend: "sagemaker",
    dryRun: options.dryRun === true,
    async check(definition) {
      return (await draftOf(definition)).tuningJob.warnings;
    },
    describeRun(definition) {
      const { strategy, space, maxTrials } = definition;
      return {
        name: `sagemaker:${strategy}:${space.name}`,
        params: {
          strategy,
          space: space.name,
          budget: maxTrials,
          backend: "sagemaker",
          job_name: options.jobName,
        },
      };
    },
    async runSearch(context) {
      const { definition } = context;
      const plan = await completeTuningPlan(
        await draftOf(definition),
        definition,
        context.folds,
        options,
      );
      if (options.dryRun) {
        const requestsDir = `${definition.outDir}/requests`;
        await Deno.remove(requestsDir, { recursive: true }).catch(() => {});
        const requestFiles = await writePlannedRequests(requestsDir, plan.requests);
        return { requestFiles, requests: plan.requests };
      }
      try {
        return await _sendAndFollow(plan, context, options);
      } catch (error) {
        if (error instanceof AdeError) throw error;
        throw new AdeError(`SageMaker tuning failed: ${(error as Error).message}`);
      }
    },
  };
}

/** Uploads, creates the tuning job, and polls it until it ends. */
async function _sendAndFollow(
  plan: SageMakerTuningPlan,
  context: SearchContext,
  options: SageMakerExecutorOptions,
): Promise<SearchOutcome> {
  const sagemaker = options.sagemaker ?? new SageMakerClient({ region: plan.region });
  const s3 = options.s3 ?? new S3Client({ region: plan.region });
  // Warm start: the parents must match what the service compares (before anything is uploaded).
  const parents = plan.tuningJob.input.WarmStartConfig?.ParentHyperParameterTuningJobs ?? [];
  if (parents.length > 0) {
    const described = [];
    for (const parent of parents) {
      described.push(
        await sagemaker.send(
          new DescribeHyperParameterTuningJobCommand({
            HyperParameterTuningJobName: parent.HyperParameterTuningJobName,
          }),
        ),
      );
    }
    assertNoViolations(checkWarmStartParents(plan.tuningJob.input, described));
  }
  for (const upload of plan.uploads) await uploadObject(s3, upload.request);
  context.addResource({ type: "s3-prefix", name: plan.s3Prefix });
  const created = await sagemaker.send(
    new CreateHyperParameterTuningJobCommand(plan.tuningJob.input),
  );
  context.addResource({
    type: "tuning-job",
    name: options.jobName,
    arn: created.HyperParameterTuningJobArn,
    region: plan.region,
    instanceType: options.instanceType ?? DEFAULT_TUNING_INSTANCE_TYPE,
    instanceCount: 1,
  });
  const status = await _followTuningJob(sagemaker, context, options);
  return { status, requestFiles: [], requests: plan.requests };
}

/**
 * Polls the tuning job, syncing its finished training jobs into the trials table, until it ends. Aborting
 * stops the job once (StopHyperParameterTuningJob) and keeps polling until it has stopped.
 * @returns the job's final status
 */
async function _followTuningJob(
  sagemaker: SageMakerClient,
  context: SearchContext,
  options: SageMakerExecutorOptions,
): Promise<string> {
  const jobName = options.jobName;
  let stopRequested = false;
  while (true) {
    if (context.signal.aborted && !stopRequested) {
      stopRequested = true;
      await sagemaker.send(
        new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: jobName }),
      );
    }
    const described = await sagemaker.send(
      new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: jobName }),
    );
    const status = described.HyperParameterTuningJobStatus ?? "Unknown";
    options.onProgress?.(tuningJobProgress(jobName, described));
    await context.sync(trialsFromTrainingJobs(await listTrainingJobs(sagemaker, jobName)), status);
    if (_FINAL_STATUSES.has(status)) return status;
    await _sleep((options.pollSeconds ?? 30) * 1000, stopRequested ? undefined : context.signal);
  }
}

/** Waits `ms`, or until `signal` aborts. */
function _sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}
