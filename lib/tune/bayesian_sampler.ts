/**
 * Bayesian optimisation with a Tree-structured Parzen Estimator (TPE; Bergstra et al. 2011, as in
 * hyperopt and Optuna's independent sampler). Finished trials are split into the best `γ` share ("good")
 * and the rest; each range gets two densities, l(x) over good values and g(x) over the others, and the
 * candidate (of `candidates` drawn from l) with the largest l(x)/g(x) is proposed. Numeric ranges are
 * modelled in [0, 1] (after their scaling) with truncated Gaussian kernels whose widths come from the
 * distance to neighbouring points; categorical ranges with smoothed counts. Until `startupTrials` trials
 * have finished, values are drawn at random.
 */
import type { Rng } from "../core/mod.ts";
import type { CategoricalParameter, SearchSpace, TrialParams } from "./space.ts";
import { type ObservedTrial, type Sampler, trialRng } from "./sampler.ts";
import { roundParameterValue, sampleUniform } from "./_sample_uniform.ts";
import { fromUnit, toUnit } from "./_unit_interval.ts";

/** Options of {@link createBayesianSampler}. */
export interface BayesianSamplerOptions {
  /** Random trials before the model is used (default 5). */
  startupTrials?: number;
  /** Candidates drawn from l(x) per range (default 24). */
  candidates?: number;
  /** Share of finished trials counted as good (default 0.1, as in Optuna; at least 1, at most 25 trials). */
  gamma?: number;
}

interface _Mixture {
  mus: number[];
  sigmas: number[];
  weights: number[];
}

const _SQRT2 = Math.SQRT2;

function _erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7).
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 -
    (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t * Math.exp(-a * a);
  return sign * y;
}

function _normalCdf(x: number, mu: number, sigma: number): number {
  return 0.5 * (1 + _erf((x - mu) / (sigma * _SQRT2)));
}

/** Parzen mixture over [0, 1]: a wide prior at 0.5 plus one kernel per observation. */
function _buildMixture(points: readonly number[]): _Mixture {
  const priorMu = 0.5, priorSigma = 1;
  const mus = [...points, priorMu];
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
  const sorted = order.map((i) => mus[i]);
  const sigmas = new Array<number>(mus.length);
  const minSigma = 1 / Math.min(100, 1 + points.length);
  for (let k = 0; k < sorted.length; k++) {
    const left = k > 0 ? sorted[k] - sorted[k - 1] : sorted[k] - 0;
    const right = k < sorted.length - 1 ? sorted[k + 1] - sorted[k] : 1 - sorted[k];
    sigmas[order[k]] = Math.min(1, Math.max(minSigma, left, right));
  }
  sigmas[mus.length - 1] = priorSigma;
  const weights = mus.map(() => 1 / mus.length);
  return { mus, sigmas, weights };
}

function _mixtureLogDensity(mixture: _Mixture, x: number): number {
  let density = 0;
  for (let i = 0; i < mixture.mus.length; i++) {
    const mu = mixture.mus[i], sigma = mixture.sigmas[i];
    const mass = _normalCdf(1, mu, sigma) - _normalCdf(0, mu, sigma);
    const z = (x - mu) / sigma;
    density += mixture.weights[i] * Math.exp(-0.5 * z * z) /
      (sigma * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  }
  return Math.log(Math.max(density, 1e-300));
}

function _sampleMixture(mixture: _Mixture, rng: Rng): number {
  let pick = rng.next(), index = 0;
  for (; index < mixture.weights.length - 1; index++) {
    pick -= mixture.weights[index];
    if (pick < 0) break;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = mixture.mus[index] + mixture.sigmas[index] * rng.normal();
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, mixture.mus[index]));
}

function _categoricalWeights(
  parameter: CategoricalParameter,
  values: ReadonlyArray<string | number>,
): number[] {
  // Smoothed counts: a prior of 1 per category, so unseen values keep some chance.
  const counts = parameter.values.map(() => 1);
  for (const value of values) {
    const index = parameter.values.findIndex((v) => String(v) === String(value));
    if (index >= 0) counts[index] += 1;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
}

/**
 * Creates a TPE sampler (maximising the objective).
 * @param space the search space
 * @param seed study seed
 * @param options startup trials, candidates, γ
 * @returns the sampler; with the same seed and the same finished trials it proposes the same values
 * @example createBayesianSampler(localSpace(), 42).suggest(1, [])
 */
export function createBayesianSampler(
  space: SearchSpace,
  seed: number,
  options: BayesianSamplerOptions = {},
): Sampler {
  const startupTrials = options.startupTrials ?? 5;
  const candidates = options.candidates ?? 24;
  const gamma = options.gamma ?? 0.1;
  return {
    name: "bayesian",
    capacity: Infinity,
    suggest(trial: number, history: readonly ObservedTrial[]): TrialParams {
      const finished = history
        .filter((t): t is ObservedTrial & { objective: number } =>
          t.objective !== null && Number.isFinite(t.objective)
        )
        .sort((a, b) => b.objective - a.objective || a.trial - b.trial);
      const rng = trialRng(seed, trial);
      if (finished.length < startupTrials) return sampleUniform(space, rng);
      const goodCount = Math.min(25, Math.max(1, Math.ceil(gamma * finished.length)));
      const good = finished.slice(0, goodCount);
      const bad = finished.slice(goodCount);
      const params: TrialParams = {};
      for (const p of space.parameters) {
        const known = (t: ObservedTrial) => t.params[p.name] !== undefined;
        if (p.type === "categorical") {
          const l = _categoricalWeights(p, good.filter(known).map((t) => t.params[p.name]));
          const g = _categoricalWeights(p, bad.filter(known).map((t) => t.params[p.name]));
          let bestIndex = 0, bestScore = -Infinity;
          for (let c = 0; c < candidates; c++) {
            let pick = rng.next(), index = 0;
            for (; index < l.length - 1; index++) {
              pick -= l[index];
              if (pick < 0) break;
            }
            const score = Math.log(l[index]) - Math.log(g[index]);
            if (score > bestScore) {
              bestScore = score;
              bestIndex = index;
            }
          }
          params[p.name] = p.values[bestIndex];
          continue;
        }
        const unit = (t: ObservedTrial) => toUnit(p, Number(t.params[p.name]));
        const l = _buildMixture(good.filter(known).map(unit));
        const g = _buildMixture(bad.filter(known).map(unit));
        let bestX = 0.5, bestScore = -Infinity;
        for (let c = 0; c < candidates; c++) {
          const x = _sampleMixture(l, rng);
          const score = _mixtureLogDensity(l, x) - _mixtureLogDensity(g, x);
          if (score > bestScore) {
            bestScore = score;
            bestX = x;
          }
        }
        params[p.name] = roundParameterValue(fromUnit(p, bestX));
      }
      return params;
    },
  };
}
