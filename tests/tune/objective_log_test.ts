import assert from "node:assert/strict";
import { DEFAULT_METRIC_REGEX, MetricLineReader, parseObjectiveLog } from "../../lib/tune/mod.ts";

Deno.test("parseObjectiveLog() takes the last match as final and earlier ones as intermediate", () => {
  const log =
    "loading\nepoch 1 f1: 0.61 loss 0.3\nepoch 2 f1: 0.70\nprecision: 0.8\nf1: 0.7512\ndone\n";
  const parsed = parseObjectiveLog(log, DEFAULT_METRIC_REGEX);
  assert.equal(parsed.final, 0.7512);
  assert.deepEqual(parsed.intermediate, [0.61, 0.7]);
  assert.equal(parsed.finalLine, 5);
  assert.equal(log.split("\n")[parsed.finalLine! - 1], "f1: 0.7512");
});

Deno.test("parseObjectiveLog() returns null when nothing matches and skips unparsable captures", () => {
  assert.deepEqual(parseObjectiveLog("no metrics here\n"), {
    final: null,
    intermediate: [],
    finalLine: null,
  });
  assert.equal(parseObjectiveLog("f1: 1.2.3\nf1: 0.4\n").final, 0.4);
  assert.equal(parseObjectiveLog("f1: 0.4\nf1: 1.2.3\n").final, 0.4);
});

Deno.test("parseObjectiveLog() applies a custom regex per line (multiline)", () => {
  const parsed = parseObjectiveLog("val_f1=0.3\nval_f1=0.5\n", "^val_f1=([0-9.]+)$");
  assert.equal(parsed.final, 0.5);
  assert.deepEqual(parsed.intermediate, [0.3]);
});

Deno.test("MetricLineReader reports values only for completed lines", () => {
  const reader = new MetricLineReader();
  assert.deepEqual(reader.push("epoch 1 f1: 0.5"), []);
  assert.deepEqual(reader.push("5\nepoch 2 f"), [0.55]);
  assert.deepEqual(reader.push("1: 0.6\n"), [0.6]);
});
