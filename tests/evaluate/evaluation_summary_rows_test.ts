import assert from "node:assert/strict";
import { evaluationSummaryRows } from "../../lib/evaluate/mod.ts";
import { buildEvaluationReport } from "../../lib/metrics/mod.ts";
import { GOLD, SCORES } from "../metrics/_fixtures.ts";

const metrics = buildEvaluationReport(GOLD, SCORES, 0.5, {
  seed: 1,
  resamples: 50,
  pmids: GOLD.map((_, i) => `p${Math.floor(i / 2)}`),
});

Deno.test("evaluationSummaryRows() flattens reports with the PubMed-cluster interval", () => {
  const [row] = evaluationSummaryRows([{ name: "grouped", metrics }]);
  assert.equal(row.name, "grouped");
  assert.equal(row.n, 10);
  assert.equal(row.f1, Math.round((6 / 11) * 1e4) / 1e4);
  assert.equal(row.f1_ci_method, "bootstrap-percentile-clusters");
  assert.equal(row.roc_auc, 0.62);
});
