import assert from "node:assert/strict";
import {
  DEFAULT_METRIC_REGEX,
  MetricLineReader,
  parseObjectiveLog,
} from "../../lib/tune/objective_log.ts";

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

Deno.test("DEFAULT_METRIC_REGEX is training/train.py's regex and reads the f1 lines train.py prints", async () => {
  const trainingDir = new URL("../../training", import.meta.url).pathname;
  const values = [0, 1e-9, 0.7012345, 1];
  // Debian's interpreter, as for the Python tests of training/: train.py imports no torch at module level.
  const { code, stdout, stderr } = await new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import json; import train; " +
      `print(json.dumps({"regex": train.METRIC_REGEX, "lines": [train.format_metric_line(v) for v in ${
        JSON.stringify(values)
      }]}))`,
    ],
    cwd: trainingDir,
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const printed = JSON.parse(new TextDecoder().decode(stdout)) as {
    regex: string;
    lines: string[];
  };
  assert.equal(printed.regex, DEFAULT_METRIC_REGEX);
  const parsed = parseObjectiveLog(printed.lines.join("\n") + "\n");
  const read = [...parsed.intermediate, parsed.final!];
  assert.equal(read.length, values.length);
  read.forEach((value, i) => assert.ok(Math.abs(value - values[i]) < 1e-6, printed.lines[i]));
});
