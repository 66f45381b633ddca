/**
 * Runs one trial as a subprocess in its own process group: both output streams go, line by line, to the
 * trial's `log.txt`; metric lines are reported as they appear (for Hyperband); a timeout, a stop request
 * or an abort kills the whole group (SIGTERM, then SIGKILL after a grace period).
 */
import { MetricLineReader } from "./objective_log.ts";

/** The program a trial runs. */
export interface TrialCommand {
  /** Executable. */
  command: string;
  /** Arguments. */
  args: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory (default: the current one). */
  cwd?: string;
}

/** How a trial process ended. */
export interface TrialProcessResult {
  /** `exited` on its own, `timeout`, `stopped` by the pruner, or `aborted` (Ctrl-C). */
  outcome: "exited" | "timeout" | "stopped" | "aborted";
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** Wall-clock seconds. */
  seconds: number;
}

/** Options of {@link runTrialProcess}. */
export interface RunTrialOptions {
  /** Where the full log goes (created). */
  logPath: string;
  /** Metric regex, to report values as they appear. */
  metricRegex: string;
  /** Kill after this many seconds (0 or absent: no limit). */
  timeoutSeconds?: number;
  /** Called with each metric value as it is logged; return true to stop the trial. */
  onMetric?: (value: number, index: number) => boolean;
  /** Aborting kills the trial. */
  signal?: AbortSignal;
  /** Seconds between SIGTERM and SIGKILL (default 3). */
  graceSeconds?: number;
}

/**
 * Runs a trial command to its end (or until stopped) and writes its log.
 * @param trialCommand what to run
 * @param options log path, metric regex, timeout, metric callback, abort signal
 * @returns how it ended
 * @example await runTrialProcess({ command: "echo", args: ["f1: 0.5"] }, { logPath: "/tmp/log.txt", metricRegex: "f1: ([0-9.]+)" });
 */
export async function runTrialProcess(
  trialCommand: TrialCommand,
  options: RunTrialOptions,
): Promise<TrialProcessResult> {
  const started = performance.now();
  const log = await Deno.open(options.logPath, { create: true, write: true, truncate: true });
  const encoder = new TextEncoder();
  const child = new Deno.Command(trialCommand.command, {
    args: trialCommand.args,
    env: { NO_COLOR: "1", ...(trialCommand.env ?? {}) },
    cwd: trialCommand.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    // Own process group (setsid), so that killing it also ends the trial's children.
    detached: true,
  }).spawn();
  let outcome: TrialProcessResult["outcome"] = "exited";
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const killGroup = (why: TrialProcessResult["outcome"]) => {
    if (outcome !== "exited") return;
    outcome = why;
    _signalGroup(child.pid, "SIGTERM");
    killTimer = setTimeout(
      () => _signalGroup(child.pid, "SIGKILL"),
      (options.graceSeconds ?? 3) * 1000,
    );
  };
  const timeoutTimer = options.timeoutSeconds && options.timeoutSeconds > 0
    ? setTimeout(() => killGroup("timeout"), options.timeoutSeconds * 1000)
    : undefined;
  const onAbort = () => killGroup("aborted");
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort);
  let metricIndex = 0;
  // One writer for both streams, whole lines at a time, so lines never interleave mid-way.
  let writeChain = Promise.resolve();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const reader = new MetricLineReader(options.metricRegex);
    const decoder = new TextDecoder();
    let pending = "";
    const flushLines = (text: string) => {
      const bytes = encoder.encode(text);
      writeChain = writeChain.then(async () => {
        let offset = 0;
        while (offset < bytes.length) offset += await log.write(bytes.subarray(offset));
      });
      for (const value of reader.push(text)) {
        metricIndex++;
        if (options.onMetric?.(value, metricIndex)) killGroup("stopped");
      }
    };
    for await (const chunk of stream) {
      pending += decoder.decode(chunk, { stream: true });
      const cut = pending.lastIndexOf("\n");
      if (cut >= 0) {
        flushLines(pending.slice(0, cut + 1));
        pending = pending.slice(cut + 1);
      }
    }
    pending += decoder.decode();
    if (pending !== "") flushLines(pending + "\n");
  };
  try {
    const [status] = await Promise.all([child.status, pump(child.stdout), pump(child.stderr)]);
    await writeChain;
    return {
      outcome,
      code: status.signal ? null : status.code,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (timeoutTimer !== undefined) clearTimeout(timeoutTimer);
    if (killTimer !== undefined) clearTimeout(killTimer);
    options.signal?.removeEventListener("abort", onAbort);
    log.close();
  }
}

/** Sends a signal to a process group (ignoring groups that are already gone). */
function _signalGroup(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(-pid, signal);
  } catch {
    try {
      Deno.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
