/** Random search: every range drawn independently and uniformly in its scaling. */
import type { SearchSpace, TrialParams } from "./space.ts";
import { type Sampler, trialRng } from "./sampler.ts";
import { sampleUniform } from "./_sample_uniform.ts";

/**
 * Creates a random sampler. Trial `n` gets the same values for the same seed, whatever ran before.
 * @param space the search space
 * @param seed study seed
 * @returns the sampler
 * @example createRandomSampler(localSpace(), 42).suggest(1, [])
 */
export function createRandomSampler(space: SearchSpace, seed: number): Sampler {
  return {
    name: "random",
    capacity: Infinity,
    suggest(trial: number): TrialParams {
      return sampleUniform(space, trialRng(seed, trial));
    },
  };
}
