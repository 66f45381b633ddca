import assert from "node:assert/strict";
import {
  bayesianStartupTrials,
  createSampler,
  localSpace,
  type ObservedTrial,
  paramsFitSpace,
  type Sampler,
  type SearchSpace,
} from "../../lib/tune/mod.ts";
import { createBayesianSampler } from "../../lib/tune/bayesian_sampler.ts";
import { createGridSampler } from "../../lib/tune/grid_sampler.ts";
import { createHyperbandPruner } from "../../lib/tune/hyperband.ts";
import { createRandomSampler } from "../../lib/tune/random_sampler.ts";
import { syntheticObjective } from "./_fixtures.ts";

/** Runs a sequential search of `budget` trials and returns the best objective found. */
function search(sampler: Sampler, budget: number, objective: typeof syntheticObjective): number {
  const history: ObservedTrial[] = [];
  for (let trial = 1; trial <= budget; trial++) {
    const params = sampler.suggest(trial, history);
    history.push({ trial, params, objective: objective(params) });
  }
  return Math.max(...history.map((t) => t.objective!));
}

function sequence(sampler: Sampler, budget: number) {
  const history: ObservedTrial[] = [];
  for (let trial = 1; trial <= budget; trial++) {
    const params = sampler.suggest(trial, history);
    history.push({ trial, params, objective: syntheticObjective(params) });
  }
  return history.map((t) => t.params);
}

Deno.test("createRandomSampler() is deterministic per seed and trial, and stays inside the space", () => {
  const space = localSpace();
  const a = createRandomSampler(space, 7), b = createRandomSampler(space, 7);
  assert.deepEqual(sequence(a, 10), sequence(b, 10));
  // Trial n's values do not depend on earlier calls (resume and parallel give the same values).
  assert.deepEqual(createRandomSampler(space, 7).suggest(5, []), sequence(a, 5)[4]);
  assert.notDeepEqual(sequence(createRandomSampler(space, 8), 10), sequence(a, 10));
  for (const params of sequence(a, 50)) assert.deepEqual(paramsFitSpace(space, params), []);
});

Deno.test("createBayesianSampler() is deterministic given seed and history", () => {
  const space = localSpace();
  const first = sequence(createBayesianSampler(space, 3), 15);
  assert.deepEqual(sequence(createBayesianSampler(space, 3), 15), first);
  assert.notDeepEqual(sequence(createBayesianSampler(space, 4), 15), first);
  for (const params of first) assert.deepEqual(paramsFitSpace(space, params), []);
});

Deno.test("createGridSampler() enumerates every combination once, in order", () => {
  const space: SearchSpace = {
    name: "g",
    parameters: [
      { type: "categorical", name: "model", values: ["tfidf-svm", "tfidf-logreg"] },
      { type: "integer", name: "word_ngram_max", min: 1, max: 3 },
      { type: "continuous", name: "C", min: 0.01, max: 100, scaling: "Logarithmic" },
    ],
  };
  const sampler = createGridSampler(space, { pointsPerRange: 4 });
  assert.equal(sampler.capacity, 2 * 3 * 4);
  const all = Array.from(
    { length: sampler.capacity },
    (_, i) => JSON.stringify(sampler.suggest(i + 1, [])),
  );
  assert.equal(new Set(all).size, sampler.capacity);
  assert.deepEqual(sampler.suggest(1, []), { model: "tfidf-svm", word_ngram_max: 1, C: 0.0316228 });
  assert.deepEqual(
    all,
    Array.from(
      { length: sampler.capacity },
      (_, i) => JSON.stringify(createGridSampler(space, { pointsPerRange: 4 }).suggest(i + 1, [])),
    ),
  );
});

Deno.test("createBayesianSampler() beats random search on a known objective at equal budget", () => {
  const space = localSpace();
  const budget = 30;
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  let bayesian = 0, random = 0;
  for (const seed of seeds) {
    bayesian += search(createBayesianSampler(space, seed), budget, syntheticObjective);
    random += search(createRandomSampler(space, seed), budget, syntheticObjective);
  }
  bayesian /= seeds.length;
  random /= seeds.length;
  assert.ok(
    bayesian > random,
    `mean best of TPE ${bayesian.toFixed(4)} should exceed random ${random.toFixed(4)}`,
  );
});

Deno.test("createHyperbandPruner() stops a trial that is behind at a rung of its bracket", () => {
  // maxResource 9, eta 3: brackets 0 (rungs 1, 3), 1 (rung 3), 2 (no rungs).
  const pruner = createHyperbandPruner({ maxResource: 9, eta: 3 });
  assert.equal(pruner.bracketOf(1), 0);
  assert.equal(pruner.bracketOf(4), 0);
  assert.equal(pruner.report(1, 1, 0.8), false); // first at the rung: continues
  assert.equal(pruner.report(4, 1, 0.5), true); // worse than the top third: stopped
  assert.equal(pruner.report(7, 1, 0.9), false); // better: continues
  assert.equal(pruner.report(1, 2, 0.1), false); // not a rung
  assert.equal(pruner.report(3, 1, 0.0), false); // bracket 2 has no rungs
  assert.equal(pruner.report(3, 8, 0.0), false);
});

Deno.test("bayesianStartupTrials() keeps 3 random trials for small budgets and at most 10", () => {
  assert.equal(bayesianStartupTrials(1), 3);
  assert.equal(bayesianStartupTrials(8), 3);
  assert.equal(bayesianStartupTrials(30), 5);
  assert.equal(bayesianStartupTrials(500), 10);
  // The sampler of a study uses them: trials 1–3 equal random search's for the same seed.
  const space = localSpace();
  const bayesian = createSampler("bayesian", space, 11, 8);
  const random = createSampler("random", space, 11, 8);
  assert.deepEqual(sequence(bayesian, 3), sequence(random, 3));
});
