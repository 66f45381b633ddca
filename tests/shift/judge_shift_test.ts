import assert from "node:assert/strict";
import { splitHeldOut } from "../../lib/adapt/mod.ts";
import { createRng } from "../../lib/core/mod.ts";
import {
  fitShiftReference,
  judgeShift,
  judgeShiftCounts,
  type ShiftReference,
  shiftWarningLine,
  unusualRows,
} from "../../lib/shift/mod.ts";
import { LAY_ROWS, LAY_SOURCES, TEST_ROWS, TRAIN_ROWS } from "./_grouped_split.ts";

const reference = fitShiftReference(
  TRAIN_ROWS.map((row) => row.text),
  TRAIN_ROWS.map((row) => row.label),
  { seed: 42, groups: TRAIN_ROWS.map((row) => row.pmid) },
);

Deno.test("fitShiftReference() calibrates on out-of-fold rows: 10% of them are unusual", () => {
  assert.match(reference.calibratedOn, /out-of-fold training rows \(5 grouped folds\)/);
  assert.ok(Math.abs(reference.expectedUnusualShare - 0.1) < 0.002);
  assert.equal(reference.documents, TRAIN_ROWS.length);
  assert.ok(Math.abs(reference.trainingPositiveRate - 3417 / 16716) < 1e-9);
});

Deno.test("judgeShift() does not flag the in-domain grouped test split", () => {
  const shift = judgeShift(reference, TEST_ROWS.map((row) => row.text));
  assert.equal(shift.flagged, false, shift.reason);
  assert.ok(shift.score! < shift.threshold!);
});

Deno.test("judgeShift() false-alarm rate on random in-domain subsets of 50 and 200 rows is at most 2% (designed 1%)", () => {
  const unusual = unusualRows(reference, TEST_ROWS.map((row) => row.text));
  const rng = createRng(11);
  for (const size of [50, 200]) {
    let alarms = 0;
    const trials = 1000;
    for (let trial = 0; trial < trials; trial++) {
      const picked = rng.shuffle([...unusual.keys()]).slice(0, size);
      const count = picked.filter((index) => unusual[index]).length;
      if (judgeShiftCounts(reference, { rows: size, unusualRows: count }).flagged) alarms++;
    }
    assert.ok(alarms / trials <= 0.02, `${size} rows: ${alarms} false alarms in ${trials}`);
  }
});

Deno.test("judgeShift() flags every register of the lay-language fixture, whole and held-out part", () => {
  const { heldOut } = splitHeldOut(LAY_ROWS);
  for (const source of LAY_SOURCES) {
    for (const rows of [LAY_ROWS, heldOut]) {
      const texts = rows.filter((row) => row.source === source).map((row) => row.text);
      const shift = judgeShift(reference, texts);
      assert.equal(shift.flagged, true, `${source} (${texts.length} rows): ${shift.reason}`);
      assert.ok(shift.score! > 0.5, `${source}: ${shift.score}`);
    }
  }
});

Deno.test("judgeShiftCounts() cannot judge fewer than 50 rows and says so", () => {
  const shift = judgeShiftCounts(reference, { rows: 49, unusualRows: 49 });
  assert.equal(shift.flagged, false);
  assert.equal(shift.threshold, null);
  assert.match(shift.reason, /^cannot judge: 49 rows, at least 50 needed/);
});

Deno.test("judgeShiftCounts() threshold is the exact binomial 1% bound, never below expected + 5 points", () => {
  const expected = reference.expectedUnusualShare;
  const tail = (n: number, k: number) => {
    let sum = 0;
    for (let j = k; j <= n; j++) {
      let log = 0;
      for (let i = 0; i < j; i++) log += Math.log((n - i) / (i + 1));
      sum += Math.exp(log + j * Math.log(expected) + (n - j) * Math.log(1 - expected));
    }
    return sum;
  };
  for (const n of [50, 120]) {
    const threshold = judgeShiftCounts(reference, { rows: n, unusualRows: 0 }).threshold!;
    const k = Math.round(threshold * n);
    assert.ok(tail(n, k) <= 0.01 && tail(n, k - 1) > 0.01, `n=${n}, k=${k}`);
  }
  const large = judgeShiftCounts(reference, { rows: 100_000, unusualRows: 0 }).threshold!;
  assert.ok(Math.abs(large - (expected + 0.05)) < 1e-12);
});

Deno.test("judgeShiftCounts() with a two-sided reference also flags a share far below the expected one", () => {
  const adapted: ShiftReference = { ...reference, expectedUnusualShare: 0.8, twoSided: true };
  assert.equal(judgeShiftCounts(adapted, { rows: 200, unusualRows: 160 }).flagged, false);
  assert.equal(judgeShiftCounts(adapted, { rows: 200, unusualRows: 20 }).flagged, true);
  assert.equal(judgeShiftCounts(reference, { rows: 200, unusualRows: 20 }).flagged, false);
});

Deno.test("shiftWarningLine() is one line starting with the fixed prefix and says what to do", () => {
  const line = shiftWarningLine(judgeShiftCounts(reference, { rows: 100, unusualRows: 90 }));
  assert.ok(line.startsWith("warning: input differs from the training data"));
  assert.equal(line.includes("\n"), false);
  assert.match(line, /evaluate --by source/);
  assert.match(line, /adapt/);
});
