/** Private: collects every problem of one read, so that all bad lines are reported, not only the first. */
import { DataError, DataProblemsError, SHOWN_PROBLEMS } from "../core/mod.ts";
import type { Reject } from "./types.ts";

/**
 * The problems found while reading. Without `keepAll` only the first {@link SHOWN_PROBLEMS} are kept
 * (and counted beyond), since the read fails anyway; with it (`--skip-invalid`) every one is kept, as
 * they become the rejects.
 */
export class _ProblemLog {
  /** The problems kept, in the order found. */
  readonly problems: Reject[] = [];
  /** How many problems were found. */
  total = 0;
  /** Whether every problem is kept (the rows at fault are skipped). */
  readonly keepAll: boolean;

  /** @param keepAll keep every problem and skip the rows at fault, instead of failing at the end */
  constructor(keepAll: boolean) {
    this.keepAll = keepAll;
  }

  /**
   * Records one problem.
   * @param problem where and what
   */
  add(problem: Reject): void {
    this.total++;
    if (this.keepAll || this.problems.length < SHOWN_PROBLEMS) this.problems.push(problem);
  }

  /**
   * Runs `build`, recording the {@link DataError} it throws as a problem.
   * @param build the check of one row
   * @returns what `build` returned, or undefined when it threw a data error
   */
  attempt<T>(build: () => T): T | undefined {
    try {
      return build();
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      this.add({ ...error.location, reason: error.reason });
      return undefined;
    }
  }

  /** True when the read must fail: a problem was found and problems are not skipped. */
  get failed(): boolean {
    return this.total > 0 && !this.keepAll;
  }

  /**
   * Fails the read when there were problems and they are not skipped.
   * @param hint added to the message when not every problem is listed
   * @throws {DataProblemsError} listing the first problems and the count of the rest
   */
  throwIfFailed(hint?: string): void {
    if (!this.failed) return;
    throw new DataProblemsError(this.sorted(), this.total, hint);
  }

  /** The problems kept, by file (in the order the files were read), then by line. */
  sorted(): Reject[] {
    const fileOrder = new Map<string, number>();
    for (const problem of this.problems) {
      if (!fileOrder.has(problem.file)) fileOrder.set(problem.file, fileOrder.size);
    }
    return [...this.problems].sort((a, b) =>
      (fileOrder.get(a.file)! - fileOrder.get(b.file)!) || (a.line ?? 0) - (b.line ?? 0)
    );
  }
}
