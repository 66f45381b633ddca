/** Private helpers for grouped splits: union-find over rows and stratified assignment of groups to bins. */
import type { Rng } from "../core/mod.ts";
import { normalizeText } from "./normalize.ts";
import type { Label } from "./types.ts";

/** What grouping needs of a row: its text, its PubMed id and, for merged rows, every PubMed id. */
export interface GroupableRow {
  /** The sentence. */
  text: string;
  /** PubMed id (or user group). */
  pmid?: string;
  /** Every PubMed id of a merged row (written as `pmids` when there are several). */
  pmids?: unknown;
}

/** The PubMed ids of a row: `pmids` when present, else `pmid`. */
export function rowPmids(row: GroupableRow): string[] {
  if (Array.isArray(row.pmids) && row.pmids.length > 0) return row.pmids.map(String);
  return row.pmid !== undefined ? [row.pmid] : [];
}

/**
 * Groups rows so that rows sharing a PubMed id or a normalised text get the same group (connected
 * components, union-find).
 * @returns a dense group number per row, numbered by first appearance
 */
export function connectedGroups(rows: readonly GroupableRow[]): number[] {
  const parent = rows.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root];
    while (parent[index] !== root) {
      const next = parent[index];
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const union = (a: number, b: number) => {
    const rootA = find(a), rootB = find(b);
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  const firstByText = new Map<string, number>();
  const firstByPmid = new Map<string, number>();
  const link = (map: Map<string, number>, key: string, index: number) => {
    const first = map.get(key);
    if (first === undefined) map.set(key, index);
    else union(first, index);
  };
  rows.forEach((row, index) => {
    link(firstByText, normalizeText(row.text), index);
    for (const pmid of rowPmids(row)) link(firstByPmid, pmid, index);
  });
  const dense = new Map<number, number>();
  return rows.map((_, index) => {
    const root = find(index);
    let group = dense.get(root);
    if (group === undefined) {
      group = dense.size;
      dense.set(root, group);
    }
    return group;
  });
}

/**
 * Assigns whole groups to bins so that each bin's positives and negatives approach `shares` of the totals.
 * Groups are shuffled with `rng`, then placed largest first, each into the bin where it reduces the squared
 * relative shortfall most (ties: the emptier bin, then the lower index).
 * @param groupOfRow group number per row (dense, 0..G-1)
 * @param labels label per row
 * @param shares target share per bin (sums to 1)
 * @param rng seeded random source
 * @returns bin number per group
 */
export function assignGroupsStratified(
  groupOfRow: readonly number[],
  labels: readonly Label[],
  shares: readonly number[],
  rng: Rng,
): number[] {
  const groupCount = groupOfRow.reduce((max, group) => Math.max(max, group + 1), 0);
  const positives = new Array<number>(groupCount).fill(0);
  const negatives = new Array<number>(groupCount).fill(0);
  groupOfRow.forEach((group, row) => {
    if (labels[row] === "Adverse_Event") positives[group]++;
    else negatives[group]++;
  });
  const totalPositive = positives.reduce((a, b) => a + b, 0);
  const totalNegative = negatives.reduce((a, b) => a + b, 0);
  const order = rng.shuffle(Array.from({ length: groupCount }, (_, group) => group));
  const size = (group: number) => positives[group] + negatives[group];
  // Stable sort keeps the shuffled order among equal sizes.
  order.sort((a, b) => size(b) - size(a));
  const binPositive = shares.map(() => 0);
  const binNegative = shares.map(() => 0);
  const targetPositive = shares.map((share) => Math.max(share * totalPositive, 1e-9));
  const targetNegative = shares.map((share) => Math.max(share * totalNegative, 1e-9));
  const binOfGroup = new Array<number>(groupCount).fill(0);
  for (const group of order) {
    const p = positives[group], n = negatives[group];
    let bestBin = 0, bestCost = Infinity, bestFill = Infinity;
    for (let bin = 0; bin < shares.length; bin++) {
      const cost = (p * (2 * (binPositive[bin] - targetPositive[bin]) + p)) / targetPositive[bin] +
        (n * (2 * (binNegative[bin] - targetNegative[bin]) + n)) / targetNegative[bin];
      const fill = (binPositive[bin] + binNegative[bin]) /
        (targetPositive[bin] + targetNegative[bin]);
      if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && fill < bestFill)) {
        bestBin = bin;
        bestCost = cost;
        bestFill = fill;
      }
    }
    binOfGroup[group] = bestBin;
    binPositive[bestBin] += p;
    binNegative[bestBin] += n;
  }
  return binOfGroup;
}
