/** Private: binomial tail bounds for the shift rule. */

/**
 * The smallest count k with P(X ≥ k) ≤ alpha for X ~ Binomial(n, p): exact for n ≤ 20,000 (pmf by
 * recurrence in log space), normal approximation with continuity correction above.
 */
export function _upperCriticalCount(n: number, p: number, alpha: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return n + 1;
  if (n > 20_000) {
    const z = _normalQuantile(1 - alpha);
    return Math.min(n + 1, Math.ceil(n * p + z * Math.sqrt(n * p * (1 - p)) + 0.5));
  }
  const logPmf = new Float64Array(n + 1);
  logPmf[0] = n * Math.log1p(-p);
  const ratio = Math.log(p) - Math.log1p(-p);
  for (let k = 0; k < n; k++) logPmf[k + 1] = logPmf[k] + Math.log((n - k) / (k + 1)) + ratio;
  let tail = 0;
  for (let k = n; k >= 0; k--) {
    const next = tail + Math.exp(logPmf[k]);
    if (next > alpha) return k + 1;
    tail = next;
  }
  return 0;
}

/** The largest count k with P(X ≤ k) ≤ alpha (−1 when none). */
export function _lowerCriticalCount(n: number, p: number, alpha: number): number {
  return n - _upperCriticalCount(n, 1 - p, alpha);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function _normalQuantile(probability: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (probability < low) {
    const q = Math.sqrt(-2 * Math.log(probability));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (probability > 1 - low) return -_normalQuantile(1 - probability);
  const q = probability - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
