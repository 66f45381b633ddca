import assert from "node:assert/strict";
import type { Label } from "../../lib/data/mod.ts";
import {
  buildEvaluationReport,
  buildGroupedEvaluationReport,
  formatGroupTable,
  groupTableRows,
} from "../../lib/metrics/mod.ts";
import { createRng } from "../../lib/core/mod.ts";

const rng = createRng(5);
const n = 400;
const groups = Array.from(
  { length: n },
  (_, i) => (i < 300 ? "forum" : i < 390 ? "tweet" : undefined),
);
const gold: Label[] = Array.from(
  { length: n },
  (_, i) => (i < 300 ? rng.next() < 0.4 : rng.next() < 0.2) ? "Adverse_Event" : "Not_AE",
);
const scores = gold.map((label) => (label === "Adverse_Event" ? 0.3 : 0) + 0.7 * rng.next());

Deno.test("buildGroupedEvaluationReport() gives every group the report of its own rows, same keys as the top", () => {
  const report = buildGroupedEvaluationReport(gold, scores, 0.5, "source", groups, { seed: 3 });
  assert.deepEqual(Object.keys(report.by), ["(none)", "forum", "tweet"]);
  const forum = groups.flatMap((g, i) => (g === "forum" ? [i] : []));
  assert.deepEqual(
    report.by.forum,
    buildEvaluationReport(forum.map((i) => gold[i]), forum.map((i) => scores[i]), 0.5, { seed: 3 }),
  );
  const { by: _by, by_field: field, ...top } = report;
  assert.equal(field, "source");
  assert.deepEqual(top, buildEvaluationReport(gold, scores, 0.5, { seed: 3 }));
  for (const groupReport of Object.values(report.by)) {
    assert.deepEqual(Object.keys(groupReport), Object.keys(top));
  }
});

Deno.test("buildGroupedEvaluationReport() warns plainly for groups under 30 AEs; the table shows no interval for them", () => {
  const report = buildGroupedEvaluationReport(gold, scores, 0.5, "source", groups, { seed: 3 });
  const tweetPositives = report.by.tweet.confusion.tp + report.by.tweet.confusion.fn;
  assert.ok(tweetPositives < 30);
  assert.equal(report.by.tweet.warnings.length, 1);
  assert.match(
    report.by.tweet.warnings[0],
    new RegExp(`^only ${tweetPositives} adverse-event rows in source "tweet"`),
  );
  assert.deepEqual(report.by.forum.warnings, []);
  assert.deepEqual(report.warnings, []);
  const rows = groupTableRows(report);
  assert.match(rows.find((row) => row.group === "tweet")!.f1, /no interval/);
  assert.match(
    rows.find((row) => row.group === "forum")!.f1,
    /^\d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\)$/,
  );
  assert.match(formatGroupTable(report), /warning: \(none\), tweet: fewer than 30 AEs/);
});

Deno.test("buildGroupedEvaluationReport() rejects a group list of another length", () => {
  assert.throws(
    () => buildGroupedEvaluationReport(gold, scores, 0.5, "source", groups.slice(1)),
    /399 groups but 400 rows/,
  );
});
