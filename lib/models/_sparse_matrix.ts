/** Compressed sparse row matrices in typed arrays. */

/** A sparse matrix in CSR form: row `r` holds `indices/values[rowStarts[r] .. rowStarts[r+1])`. */
export interface CsrMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly columns: number;
  /** Row start offsets, length `rows + 1`. */
  readonly rowStarts: Int32Array;
  /** Column index of each stored value. */
  readonly indices: Int32Array;
  /** Stored values. */
  readonly values: Float32Array;
}

/**
 * Computes `X · weights + bias` for every row.
 * @param matrix the rows
 * @param weights one weight per column (extra trailing entries are ignored)
 * @param bias added to every row's value
 * @returns one value per row
 * @example const decisions = multiplyRows(matrix, weights, 0);
 */
export function multiplyRows(
  matrix: CsrMatrix,
  weights: Float64Array,
  bias: number,
): Float64Array {
  const out = new Float64Array(matrix.rows);
  const { rowStarts, indices, values } = matrix;
  for (let row = 0; row < matrix.rows; row++) {
    let sum = 0;
    for (let k = rowStarts[row], end = rowStarts[row + 1]; k < end; k++) {
      sum += weights[indices[k]] * values[k];
    }
    out[row] = sum + bias;
  }
  return out;
}
