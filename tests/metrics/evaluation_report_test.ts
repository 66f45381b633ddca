import assert from "node:assert/strict";
import { buildEvaluationReport } from "../../lib/metrics/mod.ts";
import { assertClose, GOLD, labels, SCORES } from "./_fixtures.ts";

Deno.test("buildEvaluationReport() has exactly the metrics.json keys, in order", () => {
  const report = buildEvaluationReport(GOLD, SCORES, 0.5, { seed: 1, resamples: 100 });
  assert.deepEqual(Object.keys(report).slice(0, 11), [
    "n",
    "f1",
    "precision",
    "recall",
    "accuracy",
    "macro_f1",
    "roc_auc",
    "pr_auc",
    "threshold",
    "confusion",
    "f1_ci",
  ]);
  assert.deepEqual(Object.keys(report.confusion), ["tp", "fp", "fn", "tn"]);
  assert.deepEqual(Object.keys(report.f1_ci), ["low", "high", "method", "resamples"]);
  assert.deepEqual(report.confusion, { tp: 3, fp: 3, fn: 2, tn: 2 });
  assertClose(report.f1, 6 / 11);
  assert.equal(report.f1_ci.resamples, 100);
  assert.equal(report.f1_ci_pmid, undefined);
});

Deno.test("buildEvaluationReport() adds the PubMed-cluster interval when rows have ids", () => {
  const pmids = ["1", "1", "2", "2", "3", "3", "4", "4", undefined, "5"];
  const report = buildEvaluationReport(GOLD, SCORES, 0.5, { seed: 1, resamples: 100, pmids });
  assert.equal(report.f1_ci_pmid?.method, "bootstrap-percentile-clusters");
  assert.equal(report.f1_ci.method, "bootstrap-percentile-rows");
});

Deno.test("buildEvaluationReport() writes null AUCs when a class is missing", () => {
  const report = buildEvaluationReport(labels([0, 0]), [0.2, 0.7], 0.5, { resamples: 10 });
  assert.equal(report.roc_auc, null);
  assert.equal(report.pr_auc, null);
  assert.equal(JSON.parse(JSON.stringify(report)).roc_auc, null);
});

Deno.test("buildEvaluationReport() warns in plain words under 30 adverse events, not above", () => {
  const few = buildEvaluationReport(GOLD, SCORES, 0.5, { seed: 1, resamples: 20 });
  assert.equal(few.warnings.length, 1);
  assert.match(few.warnings[0], /only 5 adverse-event rows in the test set \(under 30\)/);
  const gold = labels(Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
  const scores = gold.map((label, i) => (label === "Adverse_Event" ? 0.6 : 0.4) + (i % 7) / 100);
  assert.deepEqual(
    buildEvaluationReport(gold, scores, 0.5, { seed: 1, resamples: 20 }).warnings,
    [],
  );
});
