/** L2-regularised logistic regression by dual coordinate descent (Yu, Huang & Lin, Machine Learning 2011). */
import { AdeError } from "../core/mod.ts";
import {
  type LinearModel,
  type LinearProblem,
  problemRows,
  shufflePrefix,
  type SolverOptions,
} from "./_linear_problem.ts";

const MAX_NEWTON_STEPS = 100;
const NEWTON_SHRINK = 0.1;

/**
 * Minimises ½‖w‖² + Σᵢ Cᵢ log(1 + exp(−yᵢ wᵀxᵢ)) (bias as an extra regularised feature) through its dual
 * min ½αᵀQα + Σᵢ [αᵢ log αᵢ + (Cᵢ − αᵢ) log(Cᵢ − αᵢ)], 0 < αᵢ < Cᵢ. Each coordinate's one-variable
 * sub-problem is solved by a safeguarded Newton method on whichever of αᵢ and Cᵢ − αᵢ is smaller (for
 * accuracy near the bounds). Rows are visited in a fresh random order every pass; stops when the largest
 * sub-problem gradient of a pass is below `tol`.
 * @param problem rows, labels and per-class costs
 * @param options tolerance, pass limit, random order source, per-pass callback
 * @returns the weights and intercept
 * @throws {AdeError} costs that are not positive
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * const problem = {
 *   matrix: { rows: 2, columns: 1, rowStarts: Int32Array.of(0, 1, 2), indices: Int32Array.of(0, 0),
 *     values: Float32Array.of(1, -1) },
 *   labels: Int8Array.of(1, -1), positiveCost: 1, negativeCost: 1, bias: 1,
 * };
 * const model = trainLogisticRegression(problem, { tol: 0.01, maxIter: 100, rng: createRng(42) });
 * ```
 */
export function trainLogisticRegression(
  problem: LinearProblem,
  options: SolverOptions,
): LinearModel {
  const { matrix, labels, positiveCost, negativeCost, bias } = problem;
  if (!(positiveCost > 0) || !(negativeCost > 0)) {
    throw new AdeError("logistic regression: costs must be > 0");
  }
  const { rowStarts, indices, values } = matrix;
  const rows = problemRows(problem);
  const count = rows.length;
  const weights = new Float64Array(matrix.columns);
  let biasWeight = 0;
  // alpha[s] = αᵢ and complement[s] = Cᵢ − αᵢ, both kept to avoid cancellation near the bounds.
  const alpha = new Float64Array(count);
  const complement = new Float64Array(count);
  const cost = new Float64Array(count);
  const squares = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const row = rows[s];
    const y = labels[row];
    cost[s] = y > 0 ? positiveCost : negativeCost;
    alpha[s] = Math.min(0.001 * cost[s], 1e-8);
    complement[s] = cost[s] - alpha[s];
    let sum = bias * bias;
    for (let k = rowStarts[row]; k < rowStarts[row + 1]; k++) {
      sum += values[k] * values[k];
      weights[indices[k]] += y * alpha[s] * values[k];
    }
    biasWeight += y * alpha[s] * bias;
    squares[s] = sum;
  }
  const order = new Int32Array(count);
  for (let s = 0; s < count; s++) order[s] = s;
  const innerTolMin = Math.min(1e-8, options.tol);
  let innerTol = 1e-2;
  let pass = 0;
  let converged = false;
  while (pass < options.maxIter) {
    shufflePrefix(order, count, options.rng);
    let largestGradient = 0;
    let newtonSteps = 0;
    for (let position = 0; position < count; position++) {
      const s = order[position];
      const row = rows[s];
      const y = labels[row];
      const start = rowStarts[row], end = rowStarts[row + 1];
      let margin = biasWeight * bias;
      for (let k = start; k < end; k++) margin += weights[indices[k]] * values[k];
      const a = squares[s];
      const b = y * margin;
      const c = cost[s];
      // Work on α (sign +1) or on C − α (sign −1), whichever the optimum is closer to.
      const onComplement = 0.5 * a * (complement[s] - alpha[s]) + b < 0;
      const sign = onComplement ? -1 : 1;
      const previous = onComplement ? complement[s] : alpha[s];
      let z = previous;
      if (c - z < 0.5 * c) z *= 0.1;
      let gradient = a * (z - previous) + sign * b + Math.log(z / (c - z));
      if (Math.abs(gradient) > largestGradient) largestGradient = Math.abs(gradient);
      let steps = 0;
      while (steps < MAX_NEWTON_STEPS && Math.abs(gradient) >= innerTol) {
        const second = a + c / ((c - z) * z);
        const candidate = z - gradient / second;
        z = candidate <= 0 ? z * NEWTON_SHRINK : candidate;
        gradient = a * (z - previous) + sign * b + Math.log(z / (c - z));
        steps++;
      }
      newtonSteps += steps;
      if (steps > 0) {
        if (onComplement) {
          complement[s] = z;
          alpha[s] = c - z;
        } else {
          alpha[s] = z;
          complement[s] = c - z;
        }
        const step = sign * (z - previous) * y;
        for (let k = start; k < end; k++) weights[indices[k]] += step * values[k];
        biasWeight += step * bias;
      }
    }
    pass++;
    options.onPass?.(pass, weights, biasWeight * bias);
    if (largestGradient < options.tol) {
      converged = true;
      break;
    }
    if (newtonSteps <= count / 10) innerTol = Math.max(innerTolMin, 0.1 * innerTol);
  }
  return { weights, intercept: biasWeight * bias, passes: pass, converged };
}
