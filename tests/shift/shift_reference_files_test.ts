import assert from "node:assert/strict";
import {
  fitShiftReference,
  judgeShift,
  loadShiftReference,
  RollingShiftWindow,
  saveShiftReference,
  SHIFT_JSON,
  SHIFT_TOKENS,
} from "../../lib/shift/mod.ts";
import type { Label } from "../../lib/data/mod.ts";

const CANARY = "Zanthropelia Quorvistad";
const texts = Array.from(
  { length: 120 },
  (_, i) =>
    i % 4 === 0
      ? `Patient ${CANARY} of 12 Wobbleton Lane developed a rash after drug ${i % 7}.`
      : `The patient received treatment ${i % 9} and recovered without events.`,
);
const labels: Label[] = texts.map((_, i) => (i % 4 === 0 ? "Adverse_Event" : "Not_AE"));
const groups = texts.map((_, i) => `g${i % 30}`);

Deno.test("saveShiftReference() writes numbers only: no training word appears in the files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await saveShiftReference(dir, fitShiftReference(texts, labels, { seed: 1, groups }));
    const bytes = [
      ...await Deno.readFile(`${dir}/${SHIFT_JSON}`),
      ...await Deno.readFile(`${dir}/${SHIFT_TOKENS}`),
    ];
    const latin1 = String.fromCharCode(...bytes).toLowerCase();
    for (const word of ["zanthropelia", "quorvistad", "wobbleton", "patient", "rash"]) {
      assert.equal(latin1.includes(word), false, word);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadShiftReference() round-trips, returns undefined without files, rejects a corrupt token file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await loadShiftReference(dir), undefined);
    const reference = fitShiftReference(texts, labels, { seed: 1, groups });
    await saveShiftReference(dir, reference);
    const loaded = await loadShiftReference(dir);
    assert.deepEqual(loaded, reference);
    const probe = ["lol my tummy hurts so bad rn", "The patient received treatment 3."];
    assert.deepEqual(judgeShift(loaded!, probe), judgeShift(reference, probe));
    const tokens = await Deno.readFile(`${dir}/${SHIFT_TOKENS}`);
    tokens[0] ^= 0xff;
    await Deno.writeFile(`${dir}/${SHIFT_TOKENS}`, tokens);
    await assert.rejects(
      loadShiftReference(dir),
      /shift_tokens\.bin: size or SHA-256 does not match/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RollingShiftWindow keeps counts over the last N texts only, and no text", () => {
  const reference = fitShiftReference(texts, labels, { seed: 1, groups });
  const window = new RollingShiftWindow(reference, 60);
  window.add(texts.slice(0, 40), texts.slice(0, 40).map((_, i) => i % 2 === 0));
  assert.equal(window.stats().rows, 40);
  assert.equal(window.stats().shift.flagged, false);
  assert.match(window.stats().shift.reason, /cannot judge: 40 rows/);
  const lay = Array.from({ length: 60 }, (_, i) => `omg my ${i} tummy is killing me lol`);
  window.add(lay, lay.map(() => false));
  const stats = window.stats();
  assert.equal(stats.rows, 60);
  assert.equal(stats.rows_total, 100);
  assert.equal(stats.predicted_positive, 0);
  assert.equal(stats.shift.flagged, true, stats.shift.reason);
  assert.equal(stats.training_positive_rate, 0.25);
  assert.equal(/tummy|patient|omg/i.test(JSON.stringify(stats)), false);
});
