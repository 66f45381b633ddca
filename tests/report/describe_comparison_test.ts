import assert from "node:assert/strict";
import type { Comparison, ComparisonEntry, VersusBaseline } from "../../lib/report/mod.ts";
import { describeComparison } from "../../lib/report/mod.ts";

function entry(
  configuration: string,
  f1: number,
  versus?: Partial<VersusBaseline>,
): ComparisonEntry {
  return {
    configuration: configuration as ComparisonEntry["configuration"],
    run: {} as ComparisonEntry["run"],
    predictions: [],
    metrics: {
      n: 100,
      precision: f1,
      recall: f1,
      f1,
      f1_ci: { low: f1 - 0.05, high: f1 + 0.05, method: "m", resamples: 10 },
      roc_auc: 0.9,
      pr_auc: 0.8,
      threshold: 0.5,
      confusion: { tp: 1, fp: 1, fn: 1, tn: 1 },
      positives: 2,
      operating_points: [],
      operating_points_ci: { method: "m", resamples: 10, level: 0.95 },
      warnings: [],
    },
    ...(versus
      ? {
        versusBaseline: {
          difference: 0,
          low: 0,
          high: 0,
          method: "m",
          resamples: 10,
          mcnemar: { b: 3, c: 9, pValue: 0.5 },
          ...versus,
        },
      }
      : {}),
  };
}

function comparison(entries: ComparisonEntry[], missing: string[] = []): Comparison {
  return {
    runId: "r",
    entries,
    missing: missing as Comparison["missing"],
    notes: [],
    seed: 1,
    resamples: 10,
  };
}

const p = (pValue: number) => ({ b: 3, c: 9, pValue });

Deno.test("describeComparison() words each verdict from the interval and the p-value", () => {
  const findings = describeComparison(comparison([
    entry("baseline", 0.7),
    entry("tuned", 0.75, { difference: 0.05, low: 0.01, high: 0.09, mcnemar: p(0.01) }),
    entry("tuned+synthetic", 0.71, { difference: 0.01, low: -0.02, high: 0.04, mcnemar: p(0.4) }),
  ]));
  assert.deepEqual(findings.map((finding) => finding.verdict), [
    "significant improvement",
    "not significant",
  ]);
  assert.match(findings[0].sentence, /difference \+0\.050 \(95% CI \+0\.010 to \+0\.090\)/);
  assert.match(findings[0].sentence, /McNemar p = 0\.010/);
  assert.match(findings[1].sentence, /includes 0 and p ≥ 0\.05/);
});

Deno.test("describeComparison() tells declines, mixed evidence and missing rows apart", () => {
  const findings = describeComparison(
    comparison([
      entry("baseline", 0.7),
      entry("tuned", 0.6, { difference: -0.1, low: -0.15, high: -0.05, mcnemar: p(0.0001) }),
      entry("tuned+synthetic", 0.72, {
        difference: 0.02,
        low: -0.01,
        high: 0.05,
        mcnemar: p(0.02),
      }),
    ]),
  );
  assert.deepEqual(findings.map((finding) => finding.verdict), [
    "significant decline",
    "mixed evidence",
  ]);
  assert.match(findings[0].sentence, /McNemar p < 0\.001/);
  assert.match(
    findings[1].sentence,
    /\(tuned\+synthetic is right on more of the rows where they disagree\)/,
  );
  const onlyBaseline = describeComparison(
    comparison([entry("baseline", 0.7)], ["tuned", "tuned+synthetic"]),
  );
  assert.deepEqual(onlyBaseline.map((finding) => finding.verdict), ["missing", "missing"]);
  assert.match(onlyBaseline[0].sentence, /tuned: no completed evaluate run in run r/);
});

Deno.test("describeComparison() follows alpha", () => {
  const rows = [
    entry("baseline", 0.7),
    entry("tuned", 0.75, { difference: 0.05, low: 0.01, high: 0.09, mcnemar: p(0.03) }),
  ];
  assert.equal(describeComparison(comparison(rows))[0].verdict, "significant improvement");
  assert.equal(describeComparison(comparison(rows), 0.01)[0].verdict, "mixed evidence");
});
