import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/mod.ts";
import {
  buildEvaluationReport,
  computeMetrics,
  operatingPoints,
  thresholdForRecall,
} from "../../lib/metrics/mod.ts";
import { assertClose, labels } from "./_fixtures.ts";

/** A scored test set with PubMed-like groups of 1–4 rows and tied scores. */
function scoredRows(count: number, seed: number) {
  const rng = createRng(seed);
  const gold: Label[] = [];
  const scores: number[] = [];
  const pmids: string[] = [];
  let group = 0;
  while (gold.length < count) {
    const size = 1 + rng.int(4);
    for (let i = 0; i < size && gold.length < count; i++) {
      const positive = rng.next() < 0.25;
      gold.push(positive ? "Adverse_Event" : "Not_AE");
      const z = (positive ? 1.2 : -1.2) + rng.normal();
      scores.push(Math.round(100 / (1 + Math.exp(-z))) / 100); // two decimals: many ties
      pmids.push(`pm${group}`);
    }
    group++;
  }
  return { gold, scores, pmids };
}

/** NumPy's default quantile (linear interpolation between order statistics). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * The operating-point intervals computed directly: materialise every resample (whole groups drawn with
 * replacement, in the order the seeded generator draws them), then for each resample try every distinct
 * score from the top and stop at the first whose recall reaches the target.
 */
function directIntervals(
  gold: readonly Label[],
  scores: readonly number[],
  pmids: readonly string[],
  threshold: number,
  targets: readonly number[],
  seed: number,
  resamples: number,
) {
  const groupOrder: string[] = [];
  const rowsOfGroup = new Map<string, number[]>();
  pmids.forEach((pmid, row) => {
    if (!rowsOfGroup.has(pmid)) {
      groupOrder.push(pmid);
      rowsOfGroup.set(pmid, []);
    }
    rowsOfGroup.get(pmid)!.push(row);
  });
  const rng = createRng(seed);
  const share: number[] = [];
  const byTarget = targets.map(() => [] as number[]);
  for (let r = 0; r < resamples; r++) {
    const sample: number[] = [];
    for (let draw = 0; draw < groupOrder.length; draw++) {
      sample.push(...rowsOfGroup.get(groupOrder[rng.int(groupOrder.length)])!);
    }
    share.push(sample.filter((row) => scores[row] >= threshold).length / sample.length);
    const positives = sample.filter((row) => gold[row] === "Adverse_Event").length;
    if (positives === 0) continue;
    const distinct = [...new Set(sample.map((row) => scores[row]))].sort((a, b) => b - a);
    targets.forEach((target, index) => {
      for (const cut of distinct) {
        const flagged = sample.filter((row) => scores[row] >= cut);
        const caught = flagged.filter((row) => gold[row] === "Adverse_Event").length;
        if (caught / positives >= target - 1e-12) {
          byTarget[index].push(flagged.length / sample.length);
          break;
        }
      }
    });
  }
  const interval = (values: number[]) => ({
    low: quantile(values, 0.025),
    high: quantile(values, 0.975),
  });
  return { fixed: interval(share), targets: byTarget.map(interval) };
}

Deno.test("operatingPoints() flagged-share intervals equal a direct computation over PubMed clusters", () => {
  const { gold, scores, pmids } = scoredRows(240, 3);
  const targets = [0.5, 0.9, 0.95, 0.99];
  const result = operatingPoints(gold, scores, 0.5, {
    seed: 11,
    resamples: 300,
    groups: pmids,
    targets,
  });
  const direct = directIntervals(gold, scores, pmids, 0.5, targets, 11, 300);
  assert.equal(result.method, "bootstrap-percentile-clusters");
  assert.equal(result.resamples, 300);
  assert.equal(result.points.length, 1 + targets.length);
  assertClose(result.points[0].flagged_share_ci.low, direct.fixed.low);
  assertClose(result.points[0].flagged_share_ci.high, direct.fixed.high);
  targets.forEach((target, index) => {
    const point = result.points[index + 1];
    assert.equal(point.target_recall, target);
    assertClose(point.flagged_share_ci.low, direct.targets[index].low);
    assertClose(point.flagged_share_ci.high, direct.targets[index].high);
  });
});

Deno.test("operatingPoints() point values agree with computeMetrics() and thresholdForRecall()", () => {
  const { gold, scores } = scoredRows(200, 5);
  const result = operatingPoints(gold, scores, 0.42, { seed: 1, resamples: 50 });
  assert.equal(result.method, "bootstrap-percentile-rows");
  const [own, ...targets] = result.points;
  const metrics = computeMetrics(gold, scores, 0.42);
  assert.equal(own.target_recall, null);
  assert.equal(own.threshold, 0.42);
  assertClose(own.precision, metrics.precision);
  assertClose(own.recall, metrics.recall);
  assertClose(own.flagged_share, (metrics.tp + metrics.fp) / metrics.n);
  assert.deepEqual(targets.map((point) => point.target_recall), [0.9, 0.95, 0.99]);
  for (const point of targets) {
    const chosen = thresholdForRecall(gold, scores, point.target_recall!);
    assert.equal(point.threshold, chosen.threshold);
    assert.equal(point.flagged_share, chosen.flaggedShare);
    assert.ok(point.recall >= point.target_recall!);
  }
  // Every interval brackets its point (the bootstrap distribution surrounds the observed value here).
  for (const point of result.points) {
    for (const key of ["flagged_share", "precision", "recall"] as const) {
      const ci = point[`${key}_ci`];
      assert.ok(ci.low <= point[key] + 1e-12 && point[key] <= ci.high + 1e-12, `${key}`);
    }
  }
  // Reaching more recall never costs less reading.
  for (let i = 1; i < targets.length; i++) {
    assert.ok(targets[i].flagged_share >= targets[i - 1].flagged_share);
  }
});

Deno.test("operatingPoints() without adverse events gives only the model's point", () => {
  const result = operatingPoints(labels([0, 0, 0]), [0.2, 0.6, 0.9], 0.5, {
    seed: 1,
    resamples: 20,
  });
  assert.equal(result.points.length, 1);
  assert.equal(result.points[0].recall, 0);
  assertClose(result.points[0].flagged_share, 2 / 3);
});

Deno.test("operatingPoints() rejects a target outside (0, 1]", () => {
  assert.throws(
    () => operatingPoints(labels([1, 0]), [0.9, 0.1], 0.5, { seed: 1, targets: [0] }),
    /target recall must be in \(0, 1\]/,
  );
});

Deno.test("buildEvaluationReport() writes operating_points with exactly the keys of metrics.json", () => {
  const { gold, scores, pmids } = scoredRows(150, 9);
  const report = buildEvaluationReport(gold, scores, 0.5, { seed: 2, resamples: 100, pmids });
  assert.deepEqual(report.operating_points.map((point) => point.target_recall), [
    null,
    0.9,
    0.95,
    0.99,
  ]);
  for (const point of report.operating_points) {
    assert.deepEqual(Object.keys(point).slice(0, 6), [
      "target_recall",
      "threshold",
      "precision",
      "recall",
      "flagged_share",
      "flagged_share_ci",
    ]);
    assert.deepEqual(Object.keys(point.flagged_share_ci), ["low", "high"]);
  }
  assert.deepEqual(report.operating_points_ci, {
    method: "bootstrap-percentile-clusters",
    resamples: 100,
    level: 0.95,
  });
  assertClose(
    report.brier,
    scores.reduce(
      (sum, score, i) => sum + (score - (gold[i] === "Adverse_Event" ? 1 : 0)) ** 2,
      0,
    ) /
      scores.length,
  );
});
