/**
 * Waits for a Batch Transform job to finish, polling `DescribeTransformJob` with backoff and counting the
 * `.out` files written so far (SageMaker writes one per input file once all its lines are scored).
 */
import { DescribeTransformJobCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import { parseS3Uri } from "./s3.ts";

/** Options of {@link _waitForTransformJob}. */
export interface WaitForTransformJobOptions {
  /** Give up after this many milliseconds (default 24 hours); the job keeps running. */
  timeoutMs?: number;
  /** First delay between polls (default 30 s). */
  initialDelayMs?: number;
  /** Largest delay between polls (default 120 s); delays double up to it. */
  maxDelayMs?: number;
  /** Called after every poll (default: one line on stderr). */
  onProgress?: (progress: TransformJobProgress) => void;
  /** Sleep function (tests pass a fake one). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock (tests pass a fake one). */
  now?: () => number;
}

/** What one poll found. */
export interface TransformJobProgress {
  /** `InProgress`, `Completed`, `Failed`, `Stopping` or `Stopped`. */
  status: string;
  /** Milliseconds since waiting began. */
  elapsedMs: number;
  /** `.out` files under the output prefix so far (undefined without an S3 client). */
  outputFiles?: number;
  /** Input files of the job (undefined when not counted). */
  inputFiles?: number;
}

/** Where the job reads and writes, for the file counts. */
export interface _TransformFiles {
  /** S3 client of the job's region. */
  s3: S3Client;
  /** The job's output prefix. */
  outputUri: string;
  /** How many input files the job has. */
  inputFiles?: number;
}

/**
 * Counts the objects under an S3 prefix (all pages), optionally only keys ending with `suffix`.
 * @param s3 client
 * @param uri `s3://bucket/prefix`
 * @param suffix e.g. `.out`
 * @returns the count
 */
export async function _countObjects(s3: S3Client, uri: string, suffix = ""): Promise<number> {
  const { bucket, key } = parseS3Uri(uri);
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: key,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key && !object.Key.endsWith("/") && object.Key.endsWith(suffix)) count++;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

/**
 * Polls the job until it completes.
 * @param client SageMaker client
 * @param jobName the job
 * @param files where it writes (for the progress counts), when an S3 client is at hand
 * @param options timeout, backoff, progress callback, sleep and clock
 * @returns the final status (`Completed`) and the output files counted last
 * @throws {AdeError} when the job fails (with SageMaker's `FailureReason`) or stops, or the timeout passes
 */
export async function _waitForTransformJob(
  client: SageMakerClient,
  jobName: string,
  files: _TransformFiles | undefined,
  options: WaitForTransformJobOptions = {},
): Promise<{ status: string; outputFiles?: number }> {
  const timeoutMs = options.timeoutMs ?? 24 * 60 * 60_000;
  const maxDelayMs = options.maxDelayMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const onProgress = options.onProgress ?? ((progress: TransformJobProgress) =>
    console.error(
      `transform job ${jobName}: ${progress.status} (${Math.round(progress.elapsedMs / 1000)} s)` +
        (progress.outputFiles === undefined
          ? ""
          : `, ${progress.outputFiles}${
            progress.inputFiles === undefined ? "" : ` of ${progress.inputFiles}`
          } output files written`),
    ));
  const started = now();
  let delay = options.initialDelayMs ?? 30_000;
  while (true) {
    const response = await client.send(
      new DescribeTransformJobCommand({ TransformJobName: jobName }),
    );
    const status = response.TransformJobStatus ?? "Unknown";
    const outputFiles = files ? await _countObjects(files.s3, files.outputUri, ".out") : undefined;
    const elapsedMs = now() - started;
    onProgress({
      status,
      elapsedMs,
      ...(outputFiles !== undefined ? { outputFiles } : {}),
      ...(files?.inputFiles !== undefined ? { inputFiles: files.inputFiles } : {}),
    });
    if (status === "Completed") {
      return { status, ...(outputFiles !== undefined ? { outputFiles } : {}) };
    }
    if (status === "Failed" || status === "Stopped" || status === "Stopping") {
      throw new AdeError(
        `transform job ${jobName} is ${status}` +
          (response.FailureReason ? `: ${response.FailureReason}` : "") +
          " — the .out files of the input files scored so far are kept; " +
          "`deno task ade cleanup --run-id <id>` removes what the run created",
      );
    }
    if (elapsedMs + delay > timeoutMs) {
      throw new AdeError(
        `transform job ${jobName} still ${status} after ${Math.round(elapsedMs / 1000)} s ` +
          `(timeout ${
            Math.round(timeoutMs / 1000)
          } s); it keeps running and costing until it ends ` +
          "or `deno task ade cleanup --run-id <id>` stops it",
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
