import assert from "node:assert/strict";
import { createRng, type Rng } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/mod.ts";
import { bootstrapF1Interval } from "../../lib/metrics/mod.ts";
import { labels } from "./_fixtures.ts";

/** Probabilities of the four outcomes of a row: tp, fn, fp (tn is the rest). */
type OutcomeShares = [number, number, number];

/** Draws one row's gold label and prediction from the outcome shares. */
function drawRow(rng: Rng, [tp, fn, fp]: OutcomeShares): { gold: Label; predicted: boolean } {
  const u = rng.next();
  if (u < tp) return { gold: "Adverse_Event", predicted: true };
  if (u < tp + fn) return { gold: "Adverse_Event", predicted: false };
  if (u < tp + fn + fp) return { gold: "Not_AE", predicted: true };
  return { gold: "Not_AE", predicted: false };
}

/** Population F1 from expected outcome shares: 2tp / (2tp + fp + fn). */
function populationF1([tp, fn, fp]: OutcomeShares): number {
  return (2 * tp) / (2 * tp + fp + fn);
}

Deno.test("bootstrapF1Interval() is deterministic for a seed and changes with the seed", () => {
  const rng = createRng(1);
  const rows = Array.from({ length: 300 }, () => drawRow(rng, [0.2, 0.1, 0.1]));
  const gold = rows.map((row) => row.gold);
  const predicted = rows.map((row) => row.predicted);
  const first = bootstrapF1Interval(gold, predicted, { seed: 7, resamples: 200 });
  const again = bootstrapF1Interval(gold, predicted, { seed: 7, resamples: 200 });
  const other = bootstrapF1Interval(gold, predicted, { seed: 8, resamples: 200 });
  assert.deepEqual(first, again);
  assert.notDeepEqual(first, other);
  assert.equal(first.method, "bootstrap-percentile-rows");
  assert.equal(first.resamples, 200);
  assert.ok(first.low < first.high);
});

Deno.test("bootstrapF1Interval() defaults to 1,000 resamples and brackets the observed F1", () => {
  const gold = labels([1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0]);
  const predicted = [true, true, true, false, false, false, true, false, true, false, false, false];
  const interval = bootstrapF1Interval(gold, predicted, { seed: 42 });
  assert.equal(interval.resamples, 1000);
  // Observed: tp 4, fn 2, fp 1 → F1 = 8/11.
  assert.ok(interval.low <= 8 / 11 && 8 / 11 <= interval.high);
});

Deno.test("bootstrapF1Interval() is a single point when every resample gives the same F1", () => {
  const interval = bootstrapF1Interval(labels([1, 1, 0]), [true, true, false], { seed: 3 });
  // Perfect predictions: every non-empty resample has F1 1, except all-negative resamples (F1 0).
  assert.equal(interval.high, 1);
  const perfectGroups = bootstrapF1Interval(labels([1, 1, 0]), [true, true, false], {
    seed: 3,
    groups: ["a", "a", "a"],
  });
  assert.deepEqual([perfectGroups.low, perfectGroups.high], [1, 1]);
  assert.equal(perfectGroups.method, "bootstrap-percentile-clusters");
});

Deno.test("bootstrapF1Interval() rejects bad options", () => {
  const gold = labels([1, 0]);
  assert.throws(() => bootstrapF1Interval(gold, [true], { seed: 1 }), RangeError);
  assert.throws(
    () => bootstrapF1Interval(gold, [true, false], { seed: 1, resamples: 0 }),
    /resamples/,
  );
  assert.throws(() => bootstrapF1Interval(gold, [true, false], { seed: 1, level: 1 }), /level/);
  assert.throws(
    () => bootstrapF1Interval(gold, [true, false], { seed: 1, groups: ["a"] }),
    /groups/,
  );
  assert.throws(() => bootstrapF1Interval([], [], { seed: 1 }), /no rows/);
});

Deno.test("bootstrapF1Interval() covers the true F1 about 95% of the time on independent rows", () => {
  const shares: OutcomeShares = [0.15, 0.05, 0.1];
  const truth = populationF1(shares); // 2/3
  const rng = createRng(2024);
  const datasets = 200;
  let covered = 0;
  for (let d = 0; d < datasets; d++) {
    const rows = Array.from({ length: 400 }, () => drawRow(rng, shares));
    const interval = bootstrapF1Interval(
      rows.map((row) => row.gold),
      rows.map((row) => row.predicted),
      { seed: d, resamples: 300 },
    );
    if (interval.low <= truth && truth <= interval.high) covered++;
  }
  const coverage = covered / datasets;
  // Binomial sd of the estimate at 200 datasets is 0.015: allow about 3 sd around 0.95.
  assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
});

Deno.test("bootstrapF1Interval() with clusters keeps ~95% coverage where the row bootstrap falls short", () => {
  // Abstracts of 8 sentences; half are "easy" for the model, half "hard": rows within one abstract are
  // correlated, as sentences of one PubMed abstract are.
  const easy: OutcomeShares = [0.25, 0.02, 0.05];
  const hard: OutcomeShares = [0.05, 0.13, 0.15];
  const truth = populationF1([0.15, 0.075, 0.1]);
  const rng = createRng(99);
  const datasets = 150;
  let coveredClusters = 0;
  let coveredRows = 0;
  for (let d = 0; d < datasets; d++) {
    const gold: Label[] = [];
    const predicted: boolean[] = [];
    const groups: string[] = [];
    for (let cluster = 0; cluster < 50; cluster++) {
      const shares = rng.next() < 0.5 ? easy : hard;
      for (let sentence = 0; sentence < 8; sentence++) {
        const row = drawRow(rng, shares);
        gold.push(row.gold);
        predicted.push(row.predicted);
        groups.push(`pmid-${cluster}`);
      }
    }
    const byCluster = bootstrapF1Interval(gold, predicted, { seed: d, resamples: 300, groups });
    const byRow = bootstrapF1Interval(gold, predicted, { seed: d, resamples: 300 });
    if (byCluster.low <= truth && truth <= byCluster.high) coveredClusters++;
    if (byRow.low <= truth && truth <= byRow.high) coveredRows++;
  }
  const clusterCoverage = coveredClusters / datasets;
  const rowCoverage = coveredRows / datasets;
  assert.ok(
    clusterCoverage >= 0.88 && clusterCoverage <= 0.99,
    `cluster coverage ${clusterCoverage}`,
  );
  assert.ok(
    rowCoverage < clusterCoverage - 0.05,
    `row ${rowCoverage} vs cluster ${clusterCoverage}`,
  );
});
