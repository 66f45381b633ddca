/** Error types that carry their place, so the CLI can print one clear line instead of a stack trace. */

/** Base class for every error the toolkit raises on purpose. The CLI prints `message` and exits non-zero. */
export class AdeError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  /**
   * @param message what went wrong, for a person
   * @param exitCode process exit code (default 1)
   */
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "AdeError";
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage: unknown flag, missing required flag, unparsable value. Exit code 2. */
export class UsageError extends AdeError {
  /** @param message what is wrong with the command line */
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** Where a data problem sits: file, 1-based line, and field when known. */
export interface DataLocation {
  /** Path of the file, as given by the user. */
  file: string;
  /** 1-based line number, when the problem is on one line. */
  line?: number;
  /** Field or column name, when the problem is in one field. */
  field?: string;
}

/**
 * Formats a location as `file:line field "x"`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatLocation({ file: "rows.jsonl", line: 3, field: "label" }), 'rows.jsonl:3 field "label"');
 * ```
 */
export function formatLocation(location: DataLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.field !== undefined) text += ` field "${location.field}"`;
  return text;
}

/** Malformed input data. The message starts with the file, line and field. */
export class DataError extends AdeError {
  /** Where the problem is. */
  readonly location: DataLocation;
  /** The problem without the location, e.g. `unknown label "maybe"`. */
  readonly reason: string;
  /**
   * @param location file, line and field of the problem
   * @param reason what is wrong there
   */
  constructor(location: DataLocation, reason: string) {
    super(`${formatLocation(location)}: ${reason}`);
    this.name = "DataError";
    this.location = location;
    this.reason = reason;
  }
}

/** One data problem: where it is and what is wrong (the shape of a line of `rejects.jsonl`). */
export interface DataProblem extends DataLocation {
  /** What is wrong there. */
  reason: string;
}

/** How many problems a {@link DataProblemsError} message lists before it counts the rest. */
export const SHOWN_PROBLEMS = 20;

/**
 * Several data problems found in one pass over the input. It is a {@link DataError} for the first of
 * them (its `location` and `reason`); the message lists up to {@link SHOWN_PROBLEMS}, one a line, then
 * how many more there are.
 */
export class DataProblemsError extends DataError {
  /** The problems kept (the first {@link SHOWN_PROBLEMS}, or all when they were all kept). */
  readonly problems: readonly DataProblem[];
  /** How many problems there were in all. */
  readonly total: number;
  /**
   * @param problems the problems found, in input order (at least one)
   * @param total how many there were in all (default `problems.length`)
   * @param hint one line appended when some problems are not listed, e.g. how to list them all
   */
  constructor(problems: readonly DataProblem[], total = problems.length, hint?: string) {
    const [first] = problems;
    super({ file: first.file, line: first.line, field: first.field }, first.reason);
    const shown = problems.slice(0, SHOWN_PROBLEMS);
    const lines = shown.map((problem) => `${formatLocation(problem)}: ${problem.reason}`);
    if (total > shown.length) {
      lines.push(
        `... and ${total - shown.length} more (${total} problems in all)${hint ? `; ${hint}` : ""}`,
      );
    } else if (total > 1) {
      lines.push(`(${total} problems in all)`);
    }
    this.message = lines.join("\n");
    this.name = "DataProblemsError";
    this.problems = problems;
    this.total = total;
  }
}

/** One broken rule found by a preflight check of a cloud request. */
export interface PreflightViolation {
  /** Dotted path of the request field, e.g. `HyperParameterTuningJobName`. */
  field: string;
  /** The rule, in words, e.g. `at most 32 characters`. */
  rule: string;
  /** The offending value, shortened, when helpful. */
  value?: string;
}

/** A cloud request failed preflight: nothing was sent. Lists every violation found. */
export class PreflightError extends AdeError {
  /** Every violation, in request order. */
  readonly violations: PreflightViolation[];
  /** @param violations the broken rules (at least one) */
  constructor(violations: PreflightViolation[]) {
    super(
      "preflight failed, nothing was sent:\n" +
        violations.map((v) =>
          `  - ${v.field}: ${v.rule}${
            v.value !== undefined ? ` (got ${JSON.stringify(v.value)})` : ""
          }`
        ).join("\n"),
    );
    this.name = "PreflightError";
    this.violations = violations;
  }
}
