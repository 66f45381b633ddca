/** Platt scaling: a sigmoid fitted to decision values (Platt 1999; Lin, Lin & Weng 2007). */

/** Sigmoid parameters: P(positive | f) = 1 / (1 + exp(a·f + b)). */
export interface PlattParameters {
  /** Slope (negative when larger decision values mean more likely positive). */
  a: number;
  /** Offset. */
  b: number;
}

/**
 * The probability for a decision value, computed without overflow.
 * @param decision the decision value f
 * @param parameters the fitted sigmoid
 * @returns P(positive | f)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(plattProbability(0, { a: -4, b: 0 }), 0.5);
 * ```
 */
export function plattProbability(decision: number, parameters: PlattParameters): number {
  const t = decision * parameters.a + parameters.b;
  return t >= 0 ? Math.exp(-t) / (1 + Math.exp(-t)) : 1 / (1 + Math.exp(t));
}

/**
 * Fits a, b by regularised maximum likelihood (targets (N₊+1)/(N₊+2) and 1/(N₋+2) instead of 1 and 0), with
 * Newton's method and a backtracking line search, following Lin, Lin & Weng's robust version of Platt's
 * algorithm. Fit it on out-of-fold decision values, not on the rows the classifier was trained on.
 * @param decisions decision values
 * @param positive true for positive rows
 * @returns the sigmoid parameters
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const platt = fitPlattScaling([-2, -1, 1, 2], [false, false, true, true]);
 * assert.ok(plattProbability(2, platt) > 0.5 && plattProbability(-2, platt) < 0.5);
 * ```
 */
export function fitPlattScaling(
  decisions: ArrayLike<number>,
  positive: ArrayLike<boolean>,
): PlattParameters {
  const n = decisions.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  const negatives = n - positives;
  const highTarget = (positives + 1) / (positives + 2);
  const lowTarget = 1 / (negatives + 2);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) targets[i] = positive[i] ? highTarget : lowTarget;
  const maxIterations = 100;
  const minStep = 1e-10;
  const ridge = 1e-12;
  const epsilon = 1e-5;
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  const objective = (slope: number, offset: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const t = decisions[i] * slope + offset;
      value += t >= 0
        ? targets[i] * t + Math.log1p(Math.exp(-t))
        : (targets[i] - 1) * t + Math.log1p(Math.exp(t));
    }
    return value;
  };
  let current = objective(a, b);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let h11 = ridge, h22 = ridge, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < n; i++) {
      const t = decisions[i] * a + b;
      let p: number, q: number;
      if (t >= 0) {
        p = Math.exp(-t) / (1 + Math.exp(-t));
        q = 1 / (1 + Math.exp(-t));
      } else {
        p = 1 / (1 + Math.exp(t));
        q = Math.exp(t) / (1 + Math.exp(t));
      }
      const d2 = p * q;
      h11 += decisions[i] * decisions[i] * d2;
      h22 += d2;
      h21 += decisions[i] * d2;
      const d1 = targets[i] - p;
      g1 += decisions[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < epsilon && Math.abs(g2) < epsilon) break;
    const determinant = h11 * h22 - h21 * h21;
    const da = -(h22 * g1 - h21 * g2) / determinant;
    const db = -(-h21 * g1 + h11 * g2) / determinant;
    const slope = g1 * da + g2 * db;
    let step = 1;
    while (step >= minStep) {
      const nextA = a + step * da, nextB = b + step * db;
      const next = objective(nextA, nextB);
      if (next < current + 0.0001 * step * slope) {
        a = nextA;
        b = nextB;
        current = next;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // line search failed: keep the best point found
  }
  return { a, b };
}
