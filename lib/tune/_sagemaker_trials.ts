/**
 * The training jobs of a SageMaker tuning job read back as trial records: the same `trials.jsonl` rows as
 * the local backend.
 */
import {
  type HyperParameterTrainingJobSummary,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import type { TrialParams } from "./space.ts";
import type { TrialRecord } from "./trials.ts";

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

/**
 * Every training job of a tuning job, all pages.
 * @param client SageMaker client
 * @param jobName tuning job name
 * @returns the summaries
 */
export async function listTrainingJobs(
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
