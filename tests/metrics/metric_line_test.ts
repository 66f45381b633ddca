import assert from "node:assert/strict";
import { F1_METRIC_REGEX, formatF1Line } from "../../lib/metrics/mod.ts";

Deno.test("formatF1Line() is matched by SageMaker's regex and round-trips the value", () => {
  const regex = new RegExp(F1_METRIC_REGEX);
  for (const value of [0, 1e-9, 0.5, 0.7012345, 1]) {
    const line = formatF1Line(value);
    const match = regex.exec(line);
    assert.ok(match, line);
    assert.ok(Math.abs(Number(match[1]) - value) < 1e-6);
  }
  assert.equal(formatF1Line(0.7), "f1: 0.700000");
});

Deno.test("formatF1Line() refuses non-finite values", () => {
  assert.throws(() => formatF1Line(NaN), RangeError);
});
