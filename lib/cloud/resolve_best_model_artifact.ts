/**
 * The model a tuning job found best: `DescribeHyperParameterTuningJob` → `BestTrainingJob.TrainingJobName` →
 * `DescribeTrainingJob` → `ModelArtifacts.S3ModelArtifacts` (the `model.tar.gz` to deploy). A dry run cannot
 * ask, so it writes a clearly labelled stand-in ({@link deferredBestModelArtifact}) that the run resolves.
 */
import {
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { AdeError } from "../core/mod.ts";

/** The best training job of a tuning job and its artifact. */
export interface BestModelArtifact {
  /** The tuning job. */
  tuningJobName: string;
  /** Its status when asked (`Completed`, `Stopped`, …). */
  tuningJobStatus: string;
  /** The best training job. */
  trainingJobName: string;
  /** Its final objective (e.g. `f1` 0.87), when reported. */
  objective?: { name: string; value: number };
  /** `s3://…/model.tar.gz`. */
  s3Uri: string;
}

/** A stand-in for the best model's artifact in a dry run, and how the run resolves it. */
export interface DeferredModelArtifact {
  /** The value written where the artifact URI goes (labelled `DEFERRED-…`, valid for the service model). */
  standIn: string;
  /** The tuning job whose best model it stands for. */
  tuningJobName: string;
  /** The calls that resolve it at run time. */
  resolvedBy: string[];
}

/** The label every stand-in carries. */
export const DEFERRED_LABEL = "DEFERRED-";

/**
 * Reads the best training job of a tuning job and the S3 URI of its `model.tar.gz`.
 * @param client SageMaker client
 * @param tuningJobName the tuning job
 * @returns the best training job, its objective and artifact
 * @throws {AdeError} while the tuning job still runs, when it has no best training job yet (none completed),
 *   or when that job has no artifact
 * @example With a stand-in client answering the two Describe calls (pass a real `SageMakerClient` on AWS)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * const answers: Record<string, unknown> = {
 *   DescribeHyperParameterTuningJobCommand: {
 *     HyperParameterTuningJobStatus: "Completed",
 *     BestTrainingJob: { TrainingJobName: "ade-r1-003", FinalHyperParameterTuningJobObjectiveMetric: { MetricName: "f1", Value: 0.86 } },
 *   },
 *   DescribeTrainingJobCommand: {
 *     TrainingJobStatus: "Completed",
 *     ModelArtifacts: { S3ModelArtifacts: "s3://b/ade/r1/ade-r1-003/output/model.tar.gz" },
 *   },
 * };
 * const client = { send: (command: object) => Promise.resolve(answers[command.constructor.name]) } as unknown as SageMakerClient;
 * const best = await resolveBestModelArtifact(client, "ade-r1");
 * assert.equal(best.s3Uri, "s3://b/ade/r1/ade-r1-003/output/model.tar.gz");
 * assert.deepEqual(best.objective, { name: "f1", value: 0.86 });
 * ```
 */
export async function resolveBestModelArtifact(
  client: SageMakerClient,
  tuningJobName: string,
): Promise<BestModelArtifact> {
  const tuning = await client.send(
    new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: tuningJobName }),
  );
  const status = tuning.HyperParameterTuningJobStatus ?? "Unknown";
  if (status === "InProgress" || status === "Stopping") {
    throw new AdeError(
      `tuning job ${tuningJobName} is still ${status}: its best training job may change; ` +
        "deploy once it has ended",
    );
  }
  const best = tuning.BestTrainingJob;
  if (!best?.TrainingJobName) {
    const counters = tuning.TrainingJobStatusCounters ?? {};
    throw new AdeError(
      `tuning job ${tuningJobName} (${status}) has no best training job: ` +
        `${counters.Completed ?? 0} completed, ` +
        `${(counters.NonRetryableError ?? 0) + (counters.RetryableError ?? 0)} failed, ` +
        `${counters.Stopped ?? 0} stopped`,
    );
  }
  const training = await client.send(
    new DescribeTrainingJobCommand({ TrainingJobName: best.TrainingJobName }),
  );
  const s3Uri = training.ModelArtifacts?.S3ModelArtifacts;
  if (training.TrainingJobStatus !== "Completed" || !s3Uri) {
    throw new AdeError(
      `best training job ${best.TrainingJobName} of ${tuningJobName} is ` +
        `${training.TrainingJobStatus ?? "Unknown"} and has no model artifact`,
    );
  }
  const metric = best.FinalHyperParameterTuningJobObjectiveMetric;
  return {
    tuningJobName,
    tuningJobStatus: status,
    trainingJobName: best.TrainingJobName,
    ...(metric?.MetricName !== undefined && metric.Value !== undefined
      ? { objective: { name: metric.MetricName, value: metric.Value } }
      : {}),
    s3Uri,
  };
}

/**
 * The stand-in a dry run writes for the best model's artifact: where SageMaker puts a tuning job's
 * artifacts (`<S3OutputPath><training job>/output/model.tar.gz`), with the unknown parts labelled
 * `DEFERRED-…`. It passes the service model's `Url` pattern, so the plan still validates.
 * @param tuningJobName the tuning job
 * @param outputS3Uri its `OutputDataConfig.S3OutputPath`, when known
 * @returns the stand-in and the calls that resolve it
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const deferred = deferredBestModelArtifact("ade-r1", "s3://b/ade/r1/tune/ade-r1/output/");
 * assert.ok(isDeferredArtifact(deferred.standIn));
 * ```
 */
export function deferredBestModelArtifact(
  tuningJobName: string,
  outputS3Uri?: string,
): DeferredModelArtifact {
  const output = outputS3Uri
    ? outputS3Uri.replace(/\/?$/, "/")
    : `s3://${DEFERRED_LABEL}output-path-of-${tuningJobName}/`;
  return {
    standIn: `${output}${DEFERRED_LABEL}best-training-job-of-${tuningJobName}/output/model.tar.gz`,
    tuningJobName,
    resolvedBy: [
      `DescribeHyperParameterTuningJob(${tuningJobName}) → BestTrainingJob.TrainingJobName`,
      "DescribeTrainingJob(that name) → ModelArtifacts.S3ModelArtifacts",
    ],
  };
}

/**
 * True for a value written by {@link deferredBestModelArtifact}: it must be resolved before it is sent.
 * @param uri an artifact URI
 * @returns whether it is a stand-in
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isDeferredArtifact("s3://b/x/DEFERRED-best-training-job-of-j/output/model.tar.gz"), true);
 * assert.equal(isDeferredArtifact("s3://b/x/job-1/output/model.tar.gz"), false);
 * ```
 */
export function isDeferredArtifact(uri: string): boolean {
  return uri.includes(`/${DEFERRED_LABEL}`) || uri.startsWith(`s3://${DEFERRED_LABEL}`);
}
