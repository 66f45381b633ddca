/**
 * How a local trial ended, as its `trials.jsonl` row: the objective read from its log the way SageMaker
 * reads it, and a status with the reason (interrupted, stopped by the pruner, timed out, crashed, or no
 * metric line).
 */
import { parseObjectiveLog } from "./objective_log.ts";
import { INTERRUPTED, type TrialRecord } from "./trials.ts";
import type { TrialRun } from "./tuning_executor.ts";
import type { TrialProcessResult } from "./_trial_process.ts";

/** What is known about a trial process once it has ended. */
export interface EndedTrial {
  /** The trial as the study proposed it. */
  run: TrialRun;
  /** How its process ended. */
  result: TrialProcessResult;
  /** Its log file. */
  logPath: string;
  /** The metric regex. */
  metricRegex: string;
  /** The time limit it ran under, in seconds. */
  timeoutSeconds: number;
}

/**
 * Reads a trial's log and classifies how it ended.
 * @param ended the trial, its process result and log
 * @returns the trial's record
 */
export async function trialRecordOf(ended: EndedTrial): Promise<TrialRecord> {
  const { run, result, logPath, metricRegex } = ended;
  const log = await Deno.readTextFile(logPath).catch(() => "");
  const parsed = parseObjectiveLog(log, metricRegex);
  const record: TrialRecord = {
    trial: run.trial,
    params: run.params,
    status: "Completed",
    objective: parsed.final,
    seconds: Number(result.seconds.toFixed(2)),
    intermediate: parsed.intermediate,
  };
  if (parsed.finalLine !== null) record.objective_line = parsed.finalLine;
  const tail = () => _logTail(log);
  if (result.outcome === "aborted") {
    return { ...record, status: "Stopped", error: INTERRUPTED };
  } else if (result.outcome === "stopped") {
    return { ...record, status: "Stopped", error: run.stopReason(parsed.intermediate.length + 1) };
  } else if (result.outcome === "timeout") {
    return {
      ...record,
      status: "Failed",
      error: `timed out after ${ended.timeoutSeconds} s\n${tail()}`,
    };
  } else if (result.code !== 0) {
    return { ...record, status: "Failed", error: `exit code ${result.code}\n${tail()}` };
  } else if (parsed.final === null) {
    return {
      ...record,
      status: "Failed",
      error: `no line matched the metric regex ${metricRegex}\n${tail()}`,
    };
  }
  return record;
}

/** The last lines of a log, for a failed trial's `error`. */
function _logTail(log: string, lines = 15, chars = 2000): string {
  return log.trimEnd().split("\n").slice(-lines).join("\n").slice(-chars);
}
