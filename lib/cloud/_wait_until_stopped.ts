/**
 * The wait between stopping and deleting S3: `StopHyperParameterTuningJob` and `StopTrainingJob` return
 * at once while the jobs go on uploading their artifacts, and an endpoint being deleted may still flush
 * captured payloads. Deleting the run's prefix before they are done would orphan what they upload.
 */
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { errorMessage, isNotFoundError } from "./_aws_errors.ts";
import {
  type _DescribedResource,
  _SAGEMAKER_CLEANUP_REQUESTS,
  type _SageMakerCleanupType,
} from "./_cleanup_requests.ts";
import { _sendCleanupRequest } from "./_sagemaker_cleanup.ts";

/** How long cleanup waits for stopped jobs (and deleted capture endpoints) before deleting S3. */
export interface CleanupWaitOptions {
  /** Give up after this many milliseconds (default 30 minutes); the run's S3 prefix is then kept. */
  timeoutMs?: number;
  /** Delay between polls (default 15 s). */
  pollMs?: number;
  /** Called after every poll that finds something still writing (default: one line on stderr). */
  onProgress?: (message: string) => void;
  /** Sleep (tests pass a fake one). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock (tests pass a fake one). */
  now?: () => number;
}

/** A resource that may still write to its run's S3 prefix. */
export interface _S3Writer {
  /** Its run. */
  runId: string;
  /** Its type. */
  type: _SageMakerCleanupType;
  /** Its name. */
  name: string;
  /** Client of its region. */
  client: SageMakerClient;
}

/**
 * Polls each writer until it has stopped writing (see the request table's `stoppedWriting`; gone counts
 * as stopped), bounded by the timeout.
 * @param writers what was stopped or deleted and may still write
 * @param options timeout, poll delay, progress, sleep and clock
 * @returns for each run with a writer that did not stop in time, why its S3 prefix must wait
 */
export async function _waitUntilStopped(
  writers: readonly _S3Writer[],
  options: CleanupWaitOptions = {},
): Promise<Map<string, string>> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const onProgress = options.onProgress ?? ((message: string) => console.error(message));
  const started = now();
  const blocked = new Map<string, string>();
  let waiting = [...writers];
  while (waiting.length > 0) {
    const still: Array<{ writer: _S3Writer; state: string }> = [];
    for (const writer of waiting) {
      const state = await _writingState(writer);
      if (state === undefined) continue;
      if (state.startsWith("unreadable")) {
        blocked.set(writer.runId, `could not tell whether ${_label(writer)} stopped (${state})`);
      } else still.push({ writer, state });
    }
    if (still.length === 0) break;
    const elapsedSeconds = Math.round((now() - started) / 1000);
    onProgress(
      `cleanup: waiting before deleting S3 for ${
        still.map(({ writer, state }) => `${_label(writer)} (${state})`).join(", ")
      }: ${elapsedSeconds} s of at most ${Math.round(timeoutMs / 1000)} s`,
    );
    if (now() - started + pollMs > timeoutMs) {
      for (const { writer, state } of still) {
        blocked.set(
          writer.runId,
          `${_label(writer)} still ${state} after ${elapsedSeconds} s`,
        );
      }
      break;
    }
    await sleep(pollMs);
    waiting = still.map(({ writer }) => writer);
  }
  return blocked;
}

function _label(writer: _S3Writer): string {
  return `${writer.type} ${writer.name}`;
}

/** Undefined when the writer has stopped writing, else what it is doing (or `unreadable: …`). */
async function _writingState(writer: _S3Writer): Promise<string | undefined> {
  const requests = _SAGEMAKER_CLEANUP_REQUESTS[writer.type];
  let described: _DescribedResource;
  try {
    described = requests.read(
      await _sendCleanupRequest(writer.client, requests.describe(writer.name)),
    );
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    return `unreadable: ${errorMessage(error)}`;
  }
  if (requests.stoppedWriting(described)) return undefined;
  const running = described.trainingJobsInProgress;
  return `${described.status ?? "unknown"}${
    running ? `, ${running} training job${running === 1 ? "" : "s"} not finished` : ""
  }`;
}
