/** The shared shape of a binary linear training problem and of a fitted linear model. */
import type { Rng } from "../core/mod.ts";
import type { CsrMatrix } from "./_sparse_matrix.ts";

/** A binary problem: rows of a sparse matrix with ±1 labels and per-class costs. */
export interface LinearProblem {
  /** Feature rows. */
  matrix: CsrMatrix;
  /** +1 (positive) or -1 for every row of `matrix`. */
  labels: Int8Array;
  /** The rows to train on (default: all), e.g. one fold's training rows. */
  rows?: Int32Array;
  /** C for positive rows (C · class weight). */
  positiveCost: number;
  /** C for negative rows. */
  negativeCost: number;
  /** Value of the constant bias feature appended to each row (LIBLINEAR's `-B`); 0 = no intercept. */
  bias: number;
}

/** Solver settings. */
export interface SolverOptions {
  /** Stopping tolerance. */
  tol: number;
  /** Most passes over the data. */
  maxIter: number;
  /** Source of the per-pass random order. */
  rng: Rng;
  /** Called after each pass with the current weights and intercept (do not keep the array: copy it). */
  onPass?: (pass: number, weights: Float64Array, intercept: number) => void;
}

/** A fitted linear decision function `weights · x + intercept`. */
export interface LinearModel {
  /** One weight per feature column. */
  weights: Float64Array;
  /** The intercept (bias weight times bias value). */
  intercept: number;
  /** Passes run. */
  passes: number;
  /** Whether the tolerance was reached before `maxIter`. */
  converged: boolean;
}

/**
 * The training rows of a problem as an Int32Array.
 * @param problem the problem
 * @returns `problem.rows`, or every row index of its matrix
 * @example const rows = problemRows(problem);
 */
export function problemRows(problem: LinearProblem): Int32Array {
  if (problem.rows) return problem.rows;
  const rows = new Int32Array(problem.matrix.rows);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return rows;
}

/**
 * Shuffles `order[0..count)` in place with the generator (Fisher–Yates).
 * @param order the indices
 * @param count how many leading entries to shuffle
 * @param rng the random source
 * @example shufflePrefix(order, order.length, createRng(1));
 */
export function shufflePrefix(order: Int32Array, count: number, rng: Rng): void {
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
}
