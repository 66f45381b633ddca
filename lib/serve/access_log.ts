/** The endpoint's access log: one line per request with sizes and latency, never the request's text. */

/** What is logged about one request. There is deliberately no field for the body or query string. */
export interface AccessLogEntry {
  /** ISO time the request arrived. */
  time: string;
  /** HTTP method. */
  method: string;
  /** URL path (no query string), at most 100 characters. */
  path: string;
  /** Response status. */
  status: number;
  /** Request body bytes read (or declared by `Content-Length` when refused unread). */
  requestBytes: number;
  /** Response body bytes. */
  responseBytes: number;
  /** Milliseconds from arrival to the response being ready. */
  latencyMs: number;
}

/** Receives one entry per request. */
export type AccessLogSink = (entry: AccessLogEntry) => void;

/**
 * Formats an entry as one line: `time method path status req=NB resp=NB latency=N.NNms`.
 * @param entry the entry
 * @returns the line, without a newline
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const entry = {
 *   time: "2026-01-01T00:00:00.000Z",
 *   method: "POST",
 *   path: "/invocations",
 *   status: 200,
 *   requestBytes: 24,
 *   responseBytes: 44,
 *   latencyMs: 0.41,
 * };
 * assert.equal(formatAccessLogEntry(entry), "2026-01-01T00:00:00.000Z POST /invocations 200 req=24B resp=44B 0.41ms");
 * ```
 */
export function formatAccessLogEntry(entry: AccessLogEntry): string {
  return `${entry.time} ${entry.method} ${entry.path} ${entry.status} req=${entry.requestBytes}B ` +
    `resp=${entry.responseBytes}B ${entry.latencyMs.toFixed(2)}ms`;
}

const _encoder = new TextEncoder();
let _pending = "";
let _flushTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The default sink: one formatted line per request on stderr. Lines are batched (written at most every
 * 50 ms, or at 16 KiB) so that logging costs one write per batch rather than one per request; call
 * {@link flushStderrAccessLog} before exiting.
 * @param entry the entry
 * @example
 * ```ts
 * const time = new Date().toISOString();
 * stderrAccessLog({ time, method: "GET", path: "/ping", status: 200, requestBytes: 0, responseBytes: 0, latencyMs: 0.1 });
 * flushStderrAccessLog(); // the line appears on stderr
 * ```
 */
export function stderrAccessLog(entry: AccessLogEntry): void {
  _pending += formatAccessLogEntry(entry) + "\n";
  if (_pending.length >= 16_384) {
    flushStderrAccessLog();
  } else if (_flushTimer === undefined) {
    const timer = setTimeout(flushStderrAccessLog, 50);
    Deno.unrefTimer(timer);
    _flushTimer = timer;
  }
}

/**
 * Writes the lines {@link stderrAccessLog} still holds.
 * @example
 * ```ts
 * flushStderrAccessLog(); // before exiting: nothing held is lost
 * ```
 */
export function flushStderrAccessLog(): void {
  if (_flushTimer !== undefined) clearTimeout(_flushTimer);
  _flushTimer = undefined;
  if (_pending === "") return;
  const bytes = _encoder.encode(_pending);
  _pending = "";
  let written = 0;
  while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
}
