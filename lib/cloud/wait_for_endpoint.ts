/** Waits for a SageMaker endpoint to reach `InService`, polling `DescribeEndpoint` with backoff. */
import { DescribeEndpointCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { AdeError } from "../core/mod.ts";

/** Options of {@link waitForEndpointInService}. */
export interface WaitForEndpointOptions {
  /** Give up after this many milliseconds (default 60 minutes: large LLM weights take long). */
  timeoutMs?: number;
  /** First delay between polls (default 15 s). */
  initialDelayMs?: number;
  /** Largest delay between polls (default 60 s); delays double up to it. */
  maxDelayMs?: number;
  /** Called after every poll with the status and elapsed time (default: one line on stderr). */
  onProgress?: (status: string, elapsedMs: number) => void;
  /** Sleep function (tests pass a fake one). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock (tests pass a fake one). */
  now?: () => number;
}

/** Statuses after which waiting cannot succeed. */
const TERMINAL_FAILURES = new Set(["Failed", "OutOfService", "Deleting", "UpdateRollbackFailed"]);

/**
 * Polls `DescribeEndpoint` until the endpoint is `InService`.
 * @param client SageMaker client
 * @param endpointName the endpoint
 * @param options timeout, backoff, progress callback
 * @returns the final status (`InService`)
 * @throws {AdeError} when the endpoint fails (with SageMaker's `FailureReason`), stops, or the timeout passes
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * // A stand-in client whose endpoint is already up (pass a real SageMakerClient to wait on AWS).
 * const client = { send: () => Promise.resolve({ EndpointStatus: "InService" }) } as unknown as SageMakerClient;
 * assert.equal(await waitForEndpointInService(client, "ade-demo", { timeoutMs: 30 * 60_000 }), "InService");
 * ```
 */
export async function waitForEndpointInService(
  client: SageMakerClient,
  endpointName: string,
  options: WaitForEndpointOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 60 * 60_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const onProgress = options.onProgress ??
    ((status: string, elapsedMs: number) =>
      console.error(`endpoint ${endpointName}: ${status} (${Math.round(elapsedMs / 1000)} s)`));
  const started = now();
  let delay = options.initialDelayMs ?? 15_000;
  while (true) {
    const response = await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
    const status = response.EndpointStatus ?? "Unknown";
    const elapsed = now() - started;
    onProgress(status, elapsed);
    if (status === "InService") return status;
    if (TERMINAL_FAILURES.has(status)) {
      throw new AdeError(
        `endpoint ${endpointName} is ${status}` +
          (response.FailureReason ? `: ${response.FailureReason}` : "") +
          ` — run \`deno task ade cleanup --run-id <id>\` or \`generator down\` to remove what was created`,
      );
    }
    if (elapsed + delay > timeoutMs) {
      throw new AdeError(
        `endpoint ${endpointName} still ${status} after ${Math.round(elapsed / 1000)} s ` +
          `(timeout ${Math.round(timeoutMs / 1000)} s); it keeps running and costing until deleted`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
