/**
 * Hyperband early stopping (Li et al. 2018) as asynchronous successive halving in brackets: every trial runs
 * with the full resource (`max_iter` solver passes locally, `epochs` on SageMaker) and reports intermediate
 * objective values; bracket `s` checks trials at rungs `minResource·η^(s+k)`, and a trial whose value at a
 * rung is not in the top `1/η` of the values seen at that rung in its bracket is stopped. Trials are dealt
 * to brackets in turn, so the most aggressive bracket (s = 0) and the least (no early rungs) both run.
 */
import { UsageError } from "../core/mod.ts";

/** Options of {@link createHyperbandPruner}. */
export interface HyperbandOptions {
  /** Smallest resource (intermediate step) at which a trial may be stopped (default 1). */
  minResource?: number;
  /** Full resource of a trial (number of intermediate steps it reports when it runs to the end). */
  maxResource: number;
  /** Reduction factor η (default 3). */
  eta?: number;
}

/** Decides, from intermediate values, whether a running trial should stop. */
export interface TrialPruner {
  /**
   * Reports the value a trial reached after `step` units of resource.
   * @param trial trial number
   * @param step resource used so far (1-based count of intermediate values)
   * @param value the intermediate objective (larger is better)
   * @returns true when the trial should stop now
   */
  report(trial: number, step: number, value: number): boolean;
  /** The bracket a trial belongs to (for logs). */
  bracketOf(trial: number): number;
}

/**
 * Creates a Hyperband pruner.
 * @param options resources and η
 * @returns the pruner (deterministic: the decision depends only on the values reported so far)
 * @throws {UsageError} when the resources make no sense
 * @example const pruner = createHyperbandPruner({ maxResource: 27 }); pruner.report(1, 1, 0.5);
 */
export function createHyperbandPruner(options: HyperbandOptions): TrialPruner {
  const eta = options.eta ?? 3;
  const minResource = options.minResource ?? 1;
  const maxResource = options.maxResource;
  if (!(eta >= 2) || !(minResource >= 1) || !(maxResource >= minResource)) {
    throw new UsageError(
      `hyperband: need eta ≥ 2 and 1 ≤ minResource ≤ maxResource (got eta=${eta}, ` +
        `min=${minResource}, max=${maxResource})`,
    );
  }
  const brackets = Math.floor(Math.log(maxResource / minResource) / Math.log(eta) + 1e-9) + 1;
  // rungValues[bracket] maps a rung resource to the values reported there.
  const rungValues: Array<Map<number, number[]>> = Array.from(
    { length: brackets },
    () => new Map(),
  );
  const decided = new Map<number, Set<number>>();
  const bracketOf = (trial: number) => ((trial - 1) % brackets + brackets) % brackets;
  const isRung = (bracket: number, step: number): boolean => {
    for (let r = minResource * eta ** bracket; r < maxResource; r *= eta) {
      if (Math.abs(step - r) < 1e-9) return true;
    }
    return false;
  };
  return {
    bracketOf,
    report(trial: number, step: number, value: number): boolean {
      const bracket = bracketOf(trial);
      if (!isRung(bracket, step)) return false;
      const seen = decided.get(trial) ?? new Set<number>();
      if (seen.has(step)) return false;
      seen.add(step);
      decided.set(trial, seen);
      const values = rungValues[bracket].get(step) ?? [];
      values.push(value);
      rungValues[bracket].set(step, values);
      const keep = Math.max(1, Math.ceil(values.length / eta));
      const better = values.filter((v) => v > value).length;
      return better >= keep;
    },
  };
}
