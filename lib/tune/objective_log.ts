/**
 * The objective of a trial, read from its log the way SageMaker reads metric definitions: every match of
 * the regex's first group is a value; the last match is the final objective, earlier ones are intermediate.
 */
import { F1_METRIC_REGEX } from "../metrics/mod.ts";

/**
 * The study's default metric regex (as in the reference study): the regex of the `f1:` line that `ade train`
 * and `training/train.py` print, defined once with that line's formatter in the metrics stage.
 */
export const DEFAULT_METRIC_REGEX: string = F1_METRIC_REGEX;

/** What a log says about the objective. */
export interface ObjectiveFromLog {
  /** The last matched value, or null when nothing matched. */
  final: number | null;
  /** Every matched value before the last, in order. */
  intermediate: number[];
  /** The log line of the final value (1-based), so the objective can be traced back; null when none. */
  finalLine: number | null;
}

/**
 * Compiles a metric regex as SageMaker applies it (multiline: `^`/`$` match at line ends, `g` for every match).
 * @param regex the regex source; its first capture group is the value
 * @throws {SyntaxError} when the regex does not compile
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(compileMetricRegex("f1: ([0-9.]+).*$").flags, "gm");
 * ```
 */
export function compileMetricRegex(regex: string): RegExp {
  return new RegExp(regex, "gm");
}

/**
 * Parses the objective values out of a log.
 * @param log the trial's full log text
 * @param regex metric regex with one capture group (default {@link DEFAULT_METRIC_REGEX})
 * @returns final and intermediate values; unparsable captures (e.g. `1.2.3`) are skipped
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parseObjectiveLog("f1: 0.5\nf1: 0.7\n").final, 0.7);
 * ```
 */
export function parseObjectiveLog(
  log: string,
  regex: string = DEFAULT_METRIC_REGEX,
): ObjectiveFromLog {
  const pattern = compileMetricRegex(regex);
  const values: Array<{ value: number; index: number }> = [];
  for (const match of log.matchAll(pattern)) {
    const text = match[1] ?? match[0];
    const value = Number(text);
    if (text === undefined || text.trim() === "" || !Number.isFinite(value)) continue;
    values.push({ value, index: match.index ?? 0 });
    if (match[0] === "") pattern.lastIndex++;
  }
  if (values.length === 0) return { final: null, intermediate: [], finalLine: null };
  const last = values[values.length - 1];
  return {
    final: last.value,
    intermediate: values.slice(0, -1).map((v) => v.value),
    finalLine: log.slice(0, last.index).split("\n").length,
  };
}

/**
 * Follows a growing log: feed chunks as they arrive, get each newly completed metric value.
 * Used by the local executor to report intermediate values to the Hyperband pruner.
 */
export class MetricLineReader {
  #pending = "";
  #regex: string;

  /** @param regex metric regex (first capture group is the value) */
  constructor(regex: string = DEFAULT_METRIC_REGEX) {
    this.#regex = regex;
  }

  /**
   * Adds text and returns the values on the lines it completed.
   * @param text a chunk of log output
   * @returns values found in newly completed lines, in order
   */
  push(text: string): number[] {
    this.#pending += text;
    const cut = this.#pending.lastIndexOf("\n");
    if (cut < 0) return [];
    const complete = this.#pending.slice(0, cut + 1);
    this.#pending = this.#pending.slice(cut + 1);
    const parsed = parseObjectiveLog(complete, this.#regex);
    return parsed.final === null ? [] : [...parsed.intermediate, parsed.final];
  }
}
