import assert from "node:assert/strict";
import {
  chooseOperatingPoint,
  MINIMUM_ROWS_PER_LABEL,
  type SelectDesign,
  selectFile,
  selectForLabelling,
} from "../../lib/adapt/mod.ts";
import { createRng, UsageError } from "../../lib/core/mod.ts";
import { type Label, parseCsv, readRows } from "../../lib/data/mod.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { DIR, exists, MODEL_DIR, POOL, writeRowsFile } from "./_adapt_fixture.ts";

/**
 * A pool where the answer is known: 1,000 texts whose scores are their true probability of being an
 * adverse event (about 15% are), a quarter of them one repeated text. The best threshold for F1 on the
 * whole pool is known from its labels, so a sample can be judged by the pool F1 of the threshold that
 * is chosen on it, the way `adapt` chooses one.
 */
function knownPool(): { texts: string[]; scores: number[]; gold: Label[] } {
  const rng = createRng(5);
  const words = "rash sick dizzy itchy tired swollen numb shaky bloated achy refill clinic".split(
    " ",
  );
  const texts: string[] = [];
  const scores: number[] = [];
  const gold: Label[] = [];
  const repeated = { score: 0.02, label: "Not_AE" as Label };
  for (let i = 0; i < 1000; i++) {
    if (i % 4 === 0) {
      texts.push("pharmacy closed again today");
      scores.push(repeated.score);
      gold.push(repeated.label);
      continue;
    }
    const probability = 1 / (1 + Math.exp(-14 * (rng.next() - 0.85)));
    texts.push(`${words[i % 12]} note ${i} ${words[(i * 7) % 12]}`);
    scores.push(probability);
    gold.push(rng.next() < probability ? "Adverse_Event" : "Not_AE");
  }
  return { texts, scores, gold };
}

Deno.test("selectForLabelling() is deterministic for a seed and differs with another seed", () => {
  const { texts, scores } = knownPool();
  const pick = (seed: number) =>
    selectForLabelling(texts, scores, 0.5, { n: 40, seed }).map((row) => row.index);
  assert.deepEqual(pick(1), pick(1));
  assert.notDeepEqual(pick(1), pick(2));
  assert.equal(new Set(pick(1)).size, 40);
});

Deno.test("selectForLabelling() beats random picks on a pool where the best threshold is known", () => {
  const { texts, scores, gold } = knownPool();
  const poolF1 = (threshold: number) =>
    computeMetrics(gold, scores.map((score) => (score >= threshold ? 1 : 0)), 0.5).f1;
  // A sample adapt refuses (under 5 rows of a label) leaves the user with no adapted model: F1 0.
  const judge = (indices: number[]) => {
    const labels = indices.map((index) => gold[index]);
    const positives = labels.filter((label) => label === "Adverse_Event").length;
    if (Math.min(positives, labels.length - positives) < MINIMUM_ROWS_PER_LABEL) return null;
    const point = chooseOperatingPoint(labels, indices.map((index) => scores[index]));
    return poolF1(point.threshold);
  };
  const seeds = Array.from({ length: 40 }, (_, k) => k + 1);
  const selected = seeds.map((seed) =>
    judge(selectForLabelling(texts, scores, 0.5, { n: 50, seed }).map((pick) => pick.index))
  );
  const random = seeds.map((seed) =>
    judge(createRng(1000 + seed).shuffle([...texts.keys()]).slice(0, 50))
  );
  const mean = (values: (number | null)[]) =>
    values.reduce((sum: number, value) => sum + (value ?? 0), 0) / values.length;
  const unusable = (values: (number | null)[]) => values.filter((value) => value === null).length;
  assert.ok(
    unusable(selected) * 3 <= unusable(random) && unusable(random) > 0,
    `samples with too few AEs: select ${unusable(selected)}, random ${unusable(random)}`,
  );
  assert.ok(
    mean(selected) > mean(random) + 0.03,
    `pool F1 of the threshold chosen on the sample: select ${mean(selected).toFixed(3)}, random ${
      mean(random).toFixed(3)
    }`,
  );
});

/**
 * A pool where the answer is known for what `retrain` learns: each text holds one cue word, the cue
 * decides its label, and cue frequencies fall off as 1/rank (a few words make most of the pool, as in
 * real text). The model knows nothing (every score equal). A learner that labels a text by its cue's
 * label in the sample (and unseen cues as the sample's majority) labels right exactly the pool share
 * whose cue the sample covered, so a sample is judged by that share.
 */
function cuePool(): { texts: string[]; cues: number[]; gold: Label[] } {
  const rng = createRng(11);
  const cueCount = 60;
  const harmonic = Array.from({ length: cueCount }, (_, k) => 1 / (k + 1));
  const total = harmonic.reduce((a, b) => a + b, 0);
  const texts: string[] = [];
  const cues: number[] = [];
  const gold: Label[] = [];
  for (let i = 0; i < 600; i++) {
    let u = rng.next() * total;
    let cue = 0;
    while (u > harmonic[cue] && cue < cueCount - 1) u -= harmonic[cue++];
    texts.push(`note ${i} cue${cue}`);
    cues.push(cue);
    gold.push(cue % 3 === 0 ? "Adverse_Event" : "Not_AE");
  }
  return { texts, cues, gold };
}

Deno.test("selectForLabelling() covers more of the pool's frequent words than random picks", () => {
  const { texts, cues, gold } = cuePool();
  const scores = texts.map(() => 0.5);
  const accuracy = (indices: number[]) => {
    const learned = new Map(indices.map((index) => [cues[index], gold[index]]));
    const positives = indices.filter((index) => gold[index] === "Adverse_Event").length;
    const majority: Label = positives * 2 > indices.length ? "Adverse_Event" : "Not_AE";
    return gold.filter((label, i) => (learned.get(cues[i]) ?? majority) === label).length /
      gold.length;
  };
  const seeds = Array.from({ length: 20 }, (_, k) => k + 1);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const picked = (design?: SelectDesign) =>
    mean(seeds.map((seed) =>
      accuracy(
        selectForLabelling(texts, scores, 0.9, {
          n: 30,
          seed,
          ...(design ? { withinStratum: design } : {}),
        }).map((pick) => pick.index),
      )
    ));
  const byDefault = picked();
  const coverage = picked("coverage");
  const withinRandom = picked("random");
  const randomPicks = mean(
    seeds.map((seed) => accuracy(createRng(500 + seed).shuffle([...texts.keys()]).slice(0, 30))),
  );
  const shares = `default ${byDefault.toFixed(3)}, coverage ${coverage.toFixed(3)}, stratified ` +
    `random ${withinRandom.toFixed(3)}, random ${randomPicks.toFixed(3)}`;
  assert.ok(coverage > withinRandom + 0.04, shares);
  assert.ok(byDefault > randomPicks + 0.03 && byDefault > withinRandom + 0.015, shares);
});

Deno.test("selectForLabelling() follows the pool's score distribution: one pick per score stratum", () => {
  const rng = createRng(3);
  const texts = Array.from({ length: 300 }, (_, i) => `text number ${i}`);
  const scores = texts.map(() => 0.3 + 0.4 * rng.next());
  const picks = selectForLabelling(texts, scores, 0.5, { n: 30, seed: 9 });
  assert.ok(picks.every((pick) => pick.reason === "score stratum"));
  const strata = picks.map((pick) => Math.floor(pick.scoreQuantile * 30));
  assert.deepEqual([...strata].sort((a, b) => a - b), Array.from({ length: 30 }, (_, k) => k));
});

Deno.test("selectForLabelling() adds likely positives from the top when the pool holds few AEs", () => {
  const texts = Array.from({ length: 1000 }, (_, i) => `message ${i} about a refill`);
  const scores = texts.map((_, i) => (i < 980 ? 0.001 : 0.9)); // 2% look like AEs
  const picks = selectForLabelling(texts, scores, 0.5, { n: 50, seed: 4 });
  const likely = picks.filter((pick) => pick.reason === "likely positive");
  assert.equal(likely.length, 9); // 10 wanted, 2% × 50 = 1 expected from the strata
  assert.ok(likely.every((pick) => pick.index >= 980));
  const none = selectForLabelling(texts, scores, 0.5, {
    n: 50,
    seed: 4,
    minimumLikelyPositives: 0,
  });
  assert.equal(none.filter((pick) => pick.reason === "likely positive").length, 0);
});

Deno.test("selectForLabelling() never picks a near-duplicate twice while its stratum holds unlike texts", () => {
  const texts = [
    ...Array(30).fill("same text here, copied"),
    ...Array.from({ length: 30 }, (_, i) => `unlike text ${i}`),
  ];
  const scores = texts.map(() => 0.4); // one tied block: copies and unlike texts share every stratum
  for (let seed = 1; seed <= 20; seed++) {
    const picks = selectForLabelling(texts, scores, 0.35, { n: 6, seed });
    assert.ok(picks.filter((pick) => pick.index < 30).length <= 1, `seed ${seed}`);
  }
});

Deno.test("selectForLabelling() refuses an empty pool, a bad n and scores that are not numbers", () => {
  assert.throws(
    () => selectForLabelling([], [], 0.5, { n: 1, seed: 1 }),
    (error) => error instanceof UsageError && /the pool has no rows/.test(error.message),
  );
  for (const n of [0, 3, 1.5]) {
    assert.throws(
      () => selectForLabelling(["a", "b"], [0.1, 0.2], 0.5, { n, seed: 1 }),
      /--n must be an integer from 1 to the pool's 2 rows/,
    );
  }
  assert.throws(
    () => selectForLabelling(["a", "b"], [0.1, Number.NaN], 0.5, { n: 1, seed: 1 }),
    /score of pool row 2 is not a finite number/,
  );
  assert.throws(
    () => selectForLabelling(["a", "b"], [0.1], 0.5, { n: 1, seed: 1 }),
    /1 scores for 2 texts/,
  );
});

Deno.test("selectFile() writes the pool's rows as JSONL and a CSV with an empty label column", async () => {
  const pool = POOL.slice(0, 150).map(({ label: _label, ...row }) => row);
  const poolPath = await writeRowsFile("pool.jsonl", pool);
  const summary = await selectFile({
    modelDir: MODEL_DIR,
    poolPath,
    n: 20,
    outPath: `${DIR}/to-label.jsonl`,
    seed: 4,
  });
  assert.equal(summary.picked, 20);
  assert.equal(summary.pickedFromStrata + summary.pickedAsLikelyPositive, 20);
  const lines = (await Deno.readTextFile(summary.jsonlPath)).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  assert.equal(lines.length, 20);
  for (const line of lines) {
    assert.deepEqual(Object.keys(line).sort(), ["id", "source", "text"]);
    assert.deepEqual(line, pool.find((row) => row.id === line.id));
  }
  const [header, ...records] = parseCsv(await Deno.readTextFile(summary.csvPath));
  assert.deepEqual(header.fields, ["id", "text", "source", "label"]);
  assert.equal(records.length, 20);
  assert.ok(records.every((record) => record.fields[3] === ""));
  assert.deepEqual(records.map((record) => record.fields[1]), lines.map((line) => line.text));
  // once labelled in a spreadsheet, adapt reads it back
  const labels = new Map(POOL.map((row) => [row.id, row.label]));
  const filled = `${DIR}/labelled.csv`;
  await Deno.writeTextFile(
    filled,
    (await Deno.readTextFile(summary.csvPath)).replace(
      /^([^,\r\n]+)(,.*),\r$/gm,
      (_, id, rest) => `${id}${rest},${labels.get(id) ?? "label"}\r`,
    ),
  );
  const read = await readRows(filled);
  assert.deepEqual(read.map((row) => row.label), lines.map((line) => labels.get(line.id)));
  // the same seed writes the same picks
  const again = await selectFile({
    modelDir: MODEL_DIR,
    poolPath,
    n: 20,
    outPath: `${DIR}/to-label-again.jsonl`,
    seed: 4,
  });
  assert.equal(
    await Deno.readTextFile(again.jsonlPath),
    await Deno.readTextFile(summary.jsonlPath),
  );
});

Deno.test("selectFile() refuses an empty pool and an n larger than the pool, writing nothing", async () => {
  const empty = `${DIR}/empty.jsonl`;
  await Deno.writeTextFile(empty, "\n");
  await assert.rejects(
    selectFile({ modelDir: MODEL_DIR, poolPath: empty, n: 5, outPath: `${DIR}/none.jsonl` }),
    /select: the pool has no rows/,
  );
  const small = await writeRowsFile("small-pool.jsonl", POOL.slice(0, 3));
  await assert.rejects(
    selectFile({ modelDir: MODEL_DIR, poolPath: small, n: 5, outPath: `${DIR}/none.jsonl` }),
    /--n must be an integer from 1 to the pool's 3 rows/,
  );
  const broken = `${DIR}/broken-pool.jsonl`;
  await Deno.writeTextFile(broken, '{"id":"a","text":"fine"}\n{"id":"b"}\n');
  await assert.rejects(
    selectFile({ modelDir: MODEL_DIR, poolPath: broken, n: 1, outPath: `${DIR}/none.jsonl` }),
    /broken-pool\.jsonl:2 field "text": missing/,
  );
  assert.equal(await exists(`${DIR}/none.jsonl`), false);
  assert.equal(await exists(`${DIR}/none.csv`), false);
});
