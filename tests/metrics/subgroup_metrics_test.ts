import assert from "node:assert/strict";
import {
  bootstrapF1Interval,
  SMALL_SAMPLE_POSITIVES,
  smallSampleWarning,
  subgroupMetrics,
} from "../../lib/metrics/mod.ts";
import { assertClose, labels } from "./_fixtures.ts";

Deno.test("subgroupMetrics() counts a row in each of its subgroups, in order of first appearance", () => {
  const gold = labels([1, 0, 1, 1, 0]);
  const predicted = [true, true, false, true, false];
  const groups = subgroupMetrics(
    gold,
    predicted,
    [["warfarin", "heparin"], ["warfarin"], ["heparin"], [], ["heparin", "heparin"]],
    { seed: 1, resamples: 50 },
  );
  assert.deepEqual(groups.map((group) => [group.group, group.n, group.positives]), [
    ["warfarin", 2, 1],
    ["heparin", 3, 2],
  ]);
  // warfarin: tp 1, fp 1 → precision 0.5, recall 1; heparin: tp 1, fn 1.
  assertClose(groups[0].f1, 2 / 3);
  assertClose(groups[1].recall, 0.5);
});

Deno.test("subgroupMetrics() intervals are the bootstrap of the subgroup's rows, clusters kept", () => {
  const gold = labels([1, 0, 1, 0, 1, 0, 1, 1]);
  const predicted = [true, false, false, true, true, false, true, false];
  const pmids = ["a", "a", "b", "b", "c", "c", "d", "d"];
  const [group] = subgroupMetrics(gold, predicted, gold.map(() => ["all"]), {
    seed: 4,
    resamples: 80,
    groups: pmids,
  });
  assert.deepEqual(
    group.f1_ci,
    bootstrapF1Interval(gold, predicted, { seed: 4, resamples: 80, groups: pmids }),
  );
});

Deno.test("subgroupMetrics() warns under 30 positives and gives no interval without any", () => {
  const gold = labels([0, 0, 1]);
  const [none, few] = subgroupMetrics(gold, [true, false, true], [["x"], ["x"], ["y"]], {
    seed: 1,
    resamples: 20,
  });
  assert.equal(none.f1_ci, null);
  assert.match(none.warning!, /no adverse-event rows/);
  assert.match(few.warning!, /only 1 adverse-event row in this set \(under 30\)/);
  assert.equal(smallSampleWarning(SMALL_SAMPLE_POSITIVES), null);
  assert.match(
    smallSampleWarning(29, "the test set")!,
    /^only 29 adverse-event rows in the test set/,
  );
});
