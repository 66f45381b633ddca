/**
 * The sampler interface (what to try next, given finished trials) and the per-trial random source every
 * sampler draws from.
 */
import { createRng, type Rng } from "../core/mod.ts";
import type { TrialParams } from "./space.ts";

/** A finished trial as a sampler sees it. */
export interface ObservedTrial {
  /** Trial number (warm-start trials may use negative numbers). */
  trial: number;
  /** Its hyperparameter values. */
  params: TrialParams;
  /** Final objective, or null when it failed. */
  objective: number | null;
}

/** Proposes hyperparameters for trial `n`. Implementations are deterministic given seed and history. */
export interface Sampler {
  /** Strategy name (`random`, `grid`, `bayesian`, `hyperband`). */
  readonly name: string;
  /** The most trials this sampler can propose (a grid's size), or Infinity. */
  readonly capacity: number;
  /**
   * @param trial number of the trial to propose (from 1)
   * @param history finished trials (any order; samplers sort them)
   * @returns the values of every range of the space
   */
  suggest(trial: number, history: readonly ObservedTrial[]): TrialParams;
}

/**
 * A generator that depends only on the study seed and the trial number, so that a trial's random draw does
 * not depend on how many other draws happened before (resume and parallel runs give the same values).
 * @param seed study seed
 * @param trial trial number
 * @param stream separates independent uses within one trial
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(trialRng(42, 3).next(), trialRng(42, 3).next()); // one stream per (seed, trial)
 * assert.notEqual(trialRng(42, 3).next(), trialRng(42, 4).next());
 * ```
 */
export function trialRng(seed: number, trial: number, stream = 0): Rng {
  const mixed = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(trial + 1, 0x85ebca6b) ^
    Math.imul(stream + 7, 0xc2b2ae35)) >>> 0;
  return createRng(mixed);
}
