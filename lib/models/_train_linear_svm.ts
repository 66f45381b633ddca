/** L2-regularised L2-loss linear SVM by dual coordinate descent (Hsieh et al., ICML 2008). */
import { AdeError } from "../core/mod.ts";
import {
  type LinearModel,
  type LinearProblem,
  problemRows,
  shufflePrefix,
  type SolverOptions,
} from "./_linear_problem.ts";

/**
 * Minimises ½‖w‖² + Σᵢ Cᵢ max(0, 1 − yᵢ wᵀxᵢ)² (the bias is an extra regularised feature, as in LIBLINEAR)
 * through its dual: one coordinate αᵢ at a time, rows in a fresh random order every pass, with shrinking of
 * rows whose αᵢ stays at 0. Stops when the spread of projected gradients over all rows is below `tol`.
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
 * const model = trainLinearSvm(problem, { tol: 0.01, maxIter: 100, rng: createRng(42) });
 * ```
 */
export function trainLinearSvm(problem: LinearProblem, options: SolverOptions): LinearModel {
  const { matrix, labels, positiveCost, negativeCost, bias } = problem;
  if (!(positiveCost > 0) || !(negativeCost > 0)) {
    throw new AdeError("linear SVM: costs must be > 0");
  }
  const { rowStarts, indices, values } = matrix;
  const rows = problemRows(problem);
  const count = rows.length;
  const weights = new Float64Array(matrix.columns);
  let biasWeight = 0;
  const alpha = new Float64Array(count);
  // Dual diagonal term of the squared hinge: 1 / (2 C_i); Q_ii = x_i·x_i + bias² + D_ii.
  const diagonal = new Float64Array(count);
  const curvature = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const row = rows[s];
    diagonal[s] = 0.5 / (labels[row] > 0 ? positiveCost : negativeCost);
    let squares = bias * bias;
    for (let k = rowStarts[row]; k < rowStarts[row + 1]; k++) squares += values[k] * values[k];
    curvature[s] = squares + diagonal[s];
  }
  const order = new Int32Array(count);
  for (let s = 0; s < count; s++) order[s] = s;
  let active = count;
  let maxOld = Infinity;
  let pass = 0;
  let converged = false;
  while (pass < options.maxIter) {
    shufflePrefix(order, active, options.rng);
    let maxNew = -Infinity;
    let minNew = Infinity;
    for (let position = 0; position < active; position++) {
      const s = order[position];
      const row = rows[s];
      const y = labels[row];
      const start = rowStarts[row], end = rowStarts[row + 1];
      let margin = biasWeight * bias;
      for (let k = start; k < end; k++) margin += weights[indices[k]] * values[k];
      const gradient = y * margin - 1 + alpha[s] * diagonal[s];
      let projected = gradient;
      if (alpha[s] === 0) {
        if (gradient > maxOld) {
          // Shrink: this row is very likely to stay at α = 0.
          active--;
          order[position] = order[active];
          order[active] = s;
          position--;
          continue;
        }
        if (gradient > 0) projected = 0;
      }
      if (projected > maxNew) maxNew = projected;
      if (projected < minNew) minNew = projected;
      if (Math.abs(projected) > 1e-12) {
        const previous = alpha[s];
        const next = Math.max(previous - gradient / curvature[s], 0);
        alpha[s] = next;
        const step = (next - previous) * y;
        for (let k = start; k < end; k++) weights[indices[k]] += step * values[k];
        biasWeight += step * bias;
      }
    }
    pass++;
    options.onPass?.(pass, weights, biasWeight * bias);
    if (maxNew - minNew <= options.tol) {
      if (active === count) {
        converged = true;
        break;
      }
      // Converged on the active set: check every row once more.
      active = count;
      maxOld = Infinity;
      continue;
    }
    // Only the lower bound α = 0 shrinks: the squared hinge leaves α without an upper bound.
    maxOld = maxNew > 0 ? maxNew : Infinity;
  }
  return { weights, intercept: biasWeight * bias, passes: pass, converged };
}
