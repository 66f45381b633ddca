/** The sampler of a strategy: the one place that maps a strategy name to its sampler. */
import { createBayesianSampler } from "./bayesian_sampler.ts";
import { createGridSampler } from "./grid_sampler.ts";
import { createRandomSampler } from "./random_sampler.ts";
import type { Sampler } from "./sampler.ts";
import type { SearchSpace } from "./space.ts";
import type { TuningStrategy } from "./strategy.ts";

/**
 * Random trials before the Bayesian sampler uses its model: 3 for small budgets, a sixth of larger ones,
 * at most 10. With fewer than 3 points TPE's l(x)/g(x) ratio pushes proposals away from the single worst
 * point towards the range ends; 3 did best on the synthetic objective of tests/tune for budgets of 6–20.
 * @param maxTrials the study's budget
 * @returns the number of random start-up trials
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(bayesianStartupTrials(8), 3);
 * ```
 */
export function bayesianStartupTrials(maxTrials: number): number {
  return Math.min(10, Math.max(3, Math.ceil(maxTrials / 6)));
}

/**
 * Creates the sampler for a strategy.
 * @param strategy strategy name
 * @param space search space
 * @param seed study seed
 * @param maxTrials the study's budget (sets the Bayesian sampler's random start-up trials)
 * @returns the sampler (Hyperband draws at random; its pruner does the rest)
 * @throws {UsageError} a grid too large to enumerate
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { localSpace } from "./space.ts";
 * const params = createSampler("bayesian", localSpace(), 42, 8).suggest(1, []);
 * assert.deepEqual(createSampler("bayesian", localSpace(), 42, 8).suggest(1, []), params); // seeded
 * ```
 */
export function createSampler(
  strategy: TuningStrategy,
  space: SearchSpace,
  seed: number,
  maxTrials = 15,
): Sampler {
  switch (strategy) {
    case "random":
      return createRandomSampler(space, seed);
    case "grid":
      return createGridSampler(space);
    case "bayesian":
      return createBayesianSampler(space, seed, {
        startupTrials: bayesianStartupTrials(maxTrials),
      });
    case "hyperband":
      return { ...createRandomSampler(space, seed), name: "hyperband" };
  }
}
