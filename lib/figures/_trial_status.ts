/** Trial statuses as the tuning charts compare them. */

/** Whether a trial has `status` (`completed`, `failed`, `stopped`), in any case: `trials.jsonl` writes
 * `Completed`, the store `completed`. */
export function _hasStatus(trial: { status: string }, status: string): boolean {
  return trial.status.toLowerCase() === status;
}
