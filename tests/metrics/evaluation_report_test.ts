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
