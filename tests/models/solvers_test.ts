import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import type { LinearModel, LinearProblem } from "../../lib/models/_linear_problem.ts";
import type { CsrMatrix } from "../../lib/models/_sparse_matrix.ts";
import { trainLinearSvm } from "../../lib/models/_train_linear_svm.ts";
import { trainLogisticRegression } from "../../lib/models/_train_logistic_regression.ts";

function denseToCsr(rows: number[][]): CsrMatrix {
  const rowStarts = [0], indices: number[] = [], values: number[] = [];
  for (const row of rows) {
    row.forEach((value, column) => {
      if (value !== 0) {
        indices.push(column);
        values.push(value);
      }
    });
    rowStarts.push(indices.length);
  }
  return {
    rows: rows.length,
    columns: rows[0].length,
    rowStarts: Int32Array.from(rowStarts),
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}

function margins(problem: LinearProblem, model: LinearModel): number[] {
  const { matrix } = problem;
  return Array.from({ length: matrix.rows }, (_, row) => {
    let sum = model.intercept;
    for (let k = matrix.rowStarts[row]; k < matrix.rowStarts[row + 1]; k++) {
      sum += model.weights[matrix.indices[k]] * matrix.values[k];
    }
    return sum;
  });
}

/** Primal gradient of ½‖w‖² + ½b² + Σ Cᵢ loss(yᵢ(w·xᵢ + b)) for the given loss derivative. */
function primalGradient(
  problem: LinearProblem,
  model: LinearModel,
  lossDerivative: (margin: number) => number,
): number[] {
  const { matrix, labels } = problem;
  const gradient = [...model.weights, model.intercept / problem.bias];
  margins(problem, model).forEach((value, row) => {
    const cost = labels[row] > 0 ? problem.positiveCost : problem.negativeCost;
    const factor = cost * lossDerivative(labels[row] * value) * labels[row];
    for (let k = matrix.rowStarts[row]; k < matrix.rowStarts[row + 1]; k++) {
      gradient[matrix.indices[k]] += factor * matrix.values[k];
    }
    gradient[gradient.length - 1] += factor * problem.bias;
  });
  return gradient;
}

const squaredHingeDerivative = (m: number) => -2 * Math.max(0, 1 - m);
const logisticDerivative = (m: number) => -1 / (1 + Math.exp(m));

function randomProblem(seed: number): LinearProblem {
  const rng = createRng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 60; i++) {
    const row = Array.from({ length: 8 }, () => (rng.next() < 0.5 ? 0 : rng.normal()));
    rows.push(row);
    labels.push(row[0] + 0.5 * row[1] + 0.3 * rng.normal() > 0 ? 1 : -1);
  }
  return {
    matrix: denseToCsr(rows),
    labels: Int8Array.from(labels),
    positiveCost: 0.7,
    negativeCost: 1.3,
    bias: 1,
  };
}

Deno.test("trainLinearSvm() finds the known optimum of a one-feature problem", () => {
  // ½w² + 2·max(0, 1 − w)² is minimised at w = 0.8 (no intercept).
  const problem: LinearProblem = {
    matrix: denseToCsr([[1], [-1]]),
    labels: Int8Array.from([1, -1]),
    positiveCost: 1,
    negativeCost: 1,
    bias: 0,
  };
  const model = trainLinearSvm(problem, { tol: 1e-10, maxIter: 1000, rng: createRng(1) });
  assert.ok(Math.abs(model.weights[0] - 0.8) < 1e-8, `w = ${model.weights[0]}`);
  assert.ok(model.converged);
});

Deno.test("trainLinearSvm() reaches a zero primal gradient with class costs and an intercept", () => {
  const problem = randomProblem(3);
  const model = trainLinearSvm(problem, { tol: 1e-8, maxIter: 10000, rng: createRng(2) });
  const gradient = primalGradient(problem, model, squaredHingeDerivative);
  assert.ok(Math.max(...gradient.map(Math.abs)) < 1e-5, `gradient ${gradient}`);
});

Deno.test("trainLinearSvm() separates a separable problem", () => {
  const problem: LinearProblem = {
    matrix: denseToCsr([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.8]]),
    labels: Int8Array.from([1, 1, -1, -1]),
    positiveCost: 10,
    negativeCost: 10,
    bias: 1,
  };
  const model = trainLinearSvm(problem, { tol: 1e-6, maxIter: 1000, rng: createRng(5) });
  margins(problem, model).forEach((value, row) => assert.ok(value * problem.labels[row] > 0));
});

Deno.test("trainLogisticRegression() solves the one-feature problem (gradient ≈ 0)", () => {
  // ½w² + 2·log(1 + e^(−w)): optimum where w = 2/(1 + e^w).
  const problem: LinearProblem = {
    matrix: denseToCsr([[1], [-1]]),
    labels: Int8Array.from([1, -1]),
    positiveCost: 1,
    negativeCost: 1,
    bias: 0,
  };
  const model = trainLogisticRegression(problem, { tol: 1e-10, maxIter: 1000, rng: createRng(1) });
  const w = model.weights[0];
  assert.ok(Math.abs(w - 2 / (1 + Math.exp(w))) < 1e-8, `w = ${w}`);
});

Deno.test("trainLogisticRegression() reaches a zero primal gradient with class costs and an intercept", () => {
  const problem = randomProblem(4);
  const model = trainLogisticRegression(problem, {
    tol: 1e-9,
    maxIter: 10000,
    rng: createRng(2),
  });
  const gradient = primalGradient(problem, model, logisticDerivative);
  assert.ok(Math.max(...gradient.map(Math.abs)) < 1e-5, `gradient ${gradient}`);
});

Deno.test("solvers are deterministic for a seed and report passes", () => {
  const problem = randomProblem(9);
  for (const solve of [trainLinearSvm, trainLogisticRegression]) {
    const seen: number[] = [];
    const a = solve(problem, {
      tol: 1e-3,
      maxIter: 50,
      rng: createRng(11),
      onPass: (pass) => seen.push(pass),
    });
    const b = solve(problem, { tol: 1e-3, maxIter: 50, rng: createRng(11) });
    assert.deepEqual(a.weights, b.weights);
    assert.equal(a.intercept, b.intercept);
    assert.deepEqual(seen, Array.from({ length: a.passes }, (_, i) => i + 1));
    const capped = solve(problem, { tol: 1e-12, maxIter: 2, rng: createRng(11) });
    assert.equal(capped.passes, 2);
    assert.equal(capped.converged, false);
  }
});
