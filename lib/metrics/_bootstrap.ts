/** Private helpers for the bootstrap: resampling units (rows or clusters) and percentiles. */
import { createRng } from "../core/mod.ts";

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Seed of the resampling; same seed and data, same interval. */
  seed: number;
  /** Number of resamples (default 1,000). */
  resamples?: number;
  /**
   * One group key per row (e.g. the PubMed id): whole groups are resampled (cluster bootstrap), so rows
   * that are not independent (sentences of one abstract) do not make the interval too narrow. An empty
   * key makes the row its own group.
   */
  groups?: readonly string[];
  /** Confidence level (default 0.95). */
  level?: number;
}

/** Per-unit confusion counts of one or more prediction sets. */
export interface _Units {
  /** Number of resampling units (rows, or distinct groups). */
  count: number;
  /** `tp[set][unit]`, likewise `fp` and `fn`. */
  tp: Int32Array[];
  fp: Int32Array[];
  fn: Int32Array[];
}

/** Checks the options and returns them with defaults filled in. */
export function _checkOptions(
  options: BootstrapOptions,
  rows: number,
  what: string,
): { seed: number; resamples: number; level: number; groups?: readonly string[] } {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`${what}: resamples must be a positive integer (got ${resamples})`);
  }
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`${what}: level must be between 0 and 1 (got ${level})`);
  }
  if (!Number.isFinite(options.seed)) throw new RangeError(`${what}: seed must be a number`);
  if (rows === 0) throw new RangeError(`${what}: no rows`);
  if (options.groups && options.groups.length !== rows) {
    throw new RangeError(`${what}: ${options.groups.length} groups but ${rows} rows`);
  }
  return { seed: options.seed, resamples, level, groups: options.groups };
}

/**
 * The resampling unit of each row: the row itself, or its group (numbered by first appearance; an empty
 * key makes the row its own unit).
 */
export function _unitOfRow(
  rows: number,
  groups: readonly string[] | undefined,
): { unitOfRow: Int32Array; count: number } {
  const unitOfRow = new Int32Array(rows);
  let count = 0;
  if (!groups) {
    for (let row = 0; row < rows; row++) unitOfRow[row] = row;
    return { unitOfRow, count: rows };
  }
  const unitOfGroup = new Map<string, number>();
  for (let row = 0; row < rows; row++) {
    const key = groups[row];
    if (key === "") {
      unitOfRow[row] = count++;
      continue;
    }
    let unit = unitOfGroup.get(key);
    if (unit === undefined) {
      unit = count++;
      unitOfGroup.set(key, unit);
    }
    unitOfRow[row] = unit;
  }
  return { unitOfRow, count };
}

/** Sums confusion counts per resampling unit: each row, or each distinct group key. */
export function _buildUnits(
  goldPositive: readonly boolean[],
  predictionSets: ReadonlyArray<readonly boolean[]>,
  groups: readonly string[] | undefined,
): _Units {
  const { unitOfRow, count } = _unitOfRow(goldPositive.length, groups);
  const units: _Units = { count, tp: [], fp: [], fn: [] };
  for (const predicted of predictionSets) {
    const tp = new Int32Array(count), fp = new Int32Array(count), fn = new Int32Array(count);
    for (let row = 0; row < goldPositive.length; row++) {
      const unit = unitOfRow[row];
      if (goldPositive[row]) {
        if (predicted[row]) tp[unit]++;
        else fn[unit]++;
      } else if (predicted[row]) fp[unit]++;
    }
    units.tp.push(tp);
    units.fp.push(fp);
    units.fn.push(fn);
  }
  return units;
}

/**
 * Draws `resamples` bootstrap samples of the units (with replacement, same size as the data) and calls
 * `statistic` with the summed counts of every prediction set. The same draws serve every set (paired).
 */
export function _resample(
  units: _Units,
  resamples: number,
  seed: number,
  statistic: (tp: Float64Array, fp: Float64Array, fn: Float64Array) => number,
): Float64Array {
  const rng = createRng(seed);
  const sets = units.tp.length;
  const values = new Float64Array(resamples);
  const tp = new Float64Array(sets), fp = new Float64Array(sets), fn = new Float64Array(sets);
  for (let r = 0; r < resamples; r++) {
    tp.fill(0);
    fp.fill(0);
    fn.fill(0);
    for (let draw = 0; draw < units.count; draw++) {
      const unit = rng.int(units.count);
      for (let set = 0; set < sets; set++) {
        tp[set] += units.tp[set][unit];
        fp[set] += units.fp[set][unit];
        fn[set] += units.fn[set][unit];
      }
    }
    values[r] = statistic(tp, fp, fn);
  }
  return values;
}

/** The `q`-quantile (0..1) of values, linear interpolation between order statistics (NumPy's default). */
export function _quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The method label stored with an interval. */
export function _methodName(groups: readonly string[] | undefined): string {
  return groups ? "bootstrap-percentile-clusters" : "bootstrap-percentile-rows";
}

/** A confidence interval from the percentile bootstrap. */
export interface BootstrapInterval {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
  /** `bootstrap-percentile-rows` or `bootstrap-percentile-clusters`. */
  method: string;
  /** Number of resamples drawn. */
  resamples: number;
}

/**
 * Checks the options, builds the resampling units of every prediction set, draws the resamples (the same
 * draws for every set) and returns the percentile interval of `statistic` at the options' level.
 */
export function _bootstrapInterval(
  goldPositive: readonly boolean[],
  predictionSets: ReadonlyArray<readonly boolean[]>,
  options: BootstrapOptions,
  what: string,
  statistic: (tp: Float64Array, fp: Float64Array, fn: Float64Array) => number,
): BootstrapInterval {
  const checked = _checkOptions(options, goldPositive.length, what);
  const units = _buildUnits(goldPositive, predictionSets, checked.groups);
  const values = _resample(units, checked.resamples, checked.seed, statistic);
  const tail = (1 - checked.level) / 2;
  return {
    low: _quantile(values, tail),
    high: _quantile(values, 1 - tail),
    method: _methodName(checked.groups),
    resamples: checked.resamples,
  };
}
