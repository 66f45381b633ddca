/** Timeouts and retries with exponential backoff and seeded jitter, shared by the HTTP generators. */
import { AdeError, createRng, type Rng } from "../core/mod.ts";

/** How a generator call is retried. */
export interface RetryPolicy {
  /** Attempts in all (first try included), default 4. */
  attempts: number;
  /** Timeout of one attempt in milliseconds, default 120 000. */
  timeoutMs: number;
  /** First backoff in milliseconds, default 1 000; doubles each retry. */
  baseDelayMs: number;
  /** Longest backoff in milliseconds, default 30 000. */
  maxDelayMs: number;
}

/** Default retry policy. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  attempts: 4,
  timeoutMs: 120_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
});

/**
 * A failed attempt that may succeed when tried again (HTTP 429/5xx, a timeout, a dropped connection).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new RetryableError("endpoint answered HTTP 503", 503);
 * assert.ok(error instanceof Error);
 * ```
 */
export class RetryableError extends AdeError {
  /** HTTP status, when there was one. */
  readonly status?: number;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;
  /**
   * @param message what failed
   * @param status HTTP status
   * @param retryAfterMs the server's requested wait
   */
  constructor(message: string, status?: number, retryAfterMs?: number) {
    super(message);
    this.name = "RetryableError";
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * True for statuses worth retrying: 408, 429 and 5xx.
 * @param status HTTP status
 * @returns whether to retry
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isRetryableStatus(503), true);
 * assert.equal(isRetryableStatus(400), false);
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The wait before retry number `retryIndex` (1 = first retry): `baseDelayMs · 2^(retryIndex-1)` scaled by a
 * jitter factor in [0.5, 1), at least the server's `Retry-After`, at most `maxDelayMs`.
 * @param retryIndex 1 for the first retry
 * @param policy base and maximum delays
 * @param jitter uniform draw in [0, 1)
 * @param retryAfterMs the server's requested wait, if any
 * @returns milliseconds to wait
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(retryDelayMs(1, { baseDelayMs: 100, maxDelayMs: 1000 }, 0), 50);
 * assert.equal(retryDelayMs(1, { baseDelayMs: 100, maxDelayMs: 1000 }, 0, 300), 300); // Retry-After
 * ```
 */
export function retryDelayMs(
  retryIndex: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  jitter: number,
  retryAfterMs?: number,
): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryIndex - 1));
  return Math.min(policy.maxDelayMs, Math.max(retryAfterMs ?? 0, backoff * (0.5 + jitter * 0.5)));
}

/**
 * Runs `attempt` with a per-attempt timeout (an AbortSignal), retrying {@link RetryableError}s and
 * timeouts with exponential backoff and jitter drawn from `rng` (at least the server's `Retry-After`,
 * at most `maxDelayMs`).
 * @param attempt one try; gets the signal to pass to fetch/SDK calls
 * @param policy attempts, timeout and delays
 * @param rng seeded jitter source
 * @returns the first successful result
 * @throws the last error once attempts run out, or at once for a non-retryable error
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "../core/mod.ts";
 * let calls = 0;
 * const attempt = () => ++calls < 3 ? Promise.reject(new RetryableError("HTTP 503", 503)) : Promise.resolve("ok");
 * const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 2 };
 * assert.equal(await withRetries(attempt, policy, createRng(1)), "ok");
 * assert.equal(calls, 3);
 * ```
 */
export async function withRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  rng: Rng = createRng(0),
): Promise<T> {
  let lastError: unknown;
  for (let tryIndex = 0; tryIndex < policy.attempts; tryIndex++) {
    if (tryIndex > 0) {
      const retryAfter = lastError instanceof RetryableError ? lastError.retryAfterMs : undefined;
      await _sleep(retryDelayMs(tryIndex, policy, rng.next(), retryAfter));
    }
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new RetryableError("timed out")),
      policy.timeoutMs,
    );
    try {
      return await attempt(controller.signal);
    } catch (error) {
      lastError = controller.signal.aborted
        ? new RetryableError(`timed out after ${policy.timeoutMs} ms`)
        : error;
      if (!(lastError instanceof RetryableError)) throw lastError;
    } finally {
      clearTimeout(timer);
    }
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  throw new AdeError(`failed after ${policy.attempts} attempts: ${message}`);
}

/**
 * POSTs JSON and returns the parsed JSON answer; 429/5xx and network failures become {@link RetryableError}.
 * The error messages carry the status only, never the body (which may echo the prompt's sentences).
 * @param url where to POST
 * @param body JSON-serialisable body
 * @param signal abort signal (the attempt's timeout)
 * @param headers extra headers
 * @returns the parsed JSON answer
 * @throws {RetryableError} 408/429/5xx and network failures; {@link AdeError} other statuses, non-JSON bodies
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const server = Deno.serve({ port: 0, onListen() {} }, async (request) => Response.json(await request.json()));
 * const url = `http://127.0.0.1:${server.addr.port}/generate`;
 * assert.deepEqual(await postJson(url, { inputs: "x" }, AbortSignal.timeout(5000)), { inputs: "x" });
 * await server.shutdown();
 * ```
 */
export async function postJson(
  url: string,
  body: unknown,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new RetryableError(`request to ${url} failed (${(error as Error).name})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const message = `${url} answered HTTP ${response.status}`;
    if (isRetryableStatus(response.status)) {
      const seconds = Number(response.headers.get("retry-after"));
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
      throw new RetryableError(message, response.status, retryAfterMs);
    }
    throw new AdeError(message);
  }
  try {
    return await response.json();
  } catch {
    throw new AdeError(`${url} answered with a body that is not JSON`);
  }
}

/**
 * One generator's retry policy (defaults, then the generator's own, then the caller's) and the seeded
 * jitter of its backoff.
 */
export class _Retrier {
  readonly #policy: RetryPolicy;
  readonly #rng: Rng;

  /**
   * @param options the caller's retry settings and jitter seed (default 0)
   * @param defaults the generator's own defaults over {@link DEFAULT_RETRY_POLICY}
   */
  constructor(
    options: { retry?: Partial<RetryPolicy>; seed?: number },
    defaults: Partial<RetryPolicy> = {},
  ) {
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...defaults, ...options.retry };
    this.#rng = createRng(options.seed ?? 0);
  }

  /** Runs `attempt` under the policy; see {@link withRetries}. */
  run<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withRetries(attempt, this.#policy, this.#rng);
  }
}

function _sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
