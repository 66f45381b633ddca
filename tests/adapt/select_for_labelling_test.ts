import assert from "node:assert/strict";
import { selectFile, selectForLabelling } from "../../lib/adapt/mod.ts";
import { createRng } from "../../lib/core/mod.ts";
import { parseCsv, readRows } from "../../lib/data/mod.ts";
import { DIR, exists, MODEL_DIR, POOL, writeRowsFile } from "./_adapt_fixture.ts";

/**
 * A pool where the answer is known: 450 redundant texts (five templates, scored far below the boundary)
 * and 50 informative ones (each unlike the others, scored around the pool's boundary).
 */
function knownPool(): { texts: string[]; scores: number[]; informative: Set<number> } {
  const rng = createRng(99);
  const texts: string[] = [];
  const scores: number[] = [];
  const informative = new Set<number>();
  const templates = [
    "pharmacy closed again today",
    "my refill is ready for collection",
    "booked my appointment for next week",
    "insurance finally approved it",
    "picked up the new pack this morning",
  ];
  for (let i = 0; i < 450; i++) {
    texts.push(`${templates[i % 5]} ${i % 3 === 0 ? "ok" : "thanks"}`);
    scores.push(0.01 + 0.02 * rng.next());
  }
  const words = "rash sick dizzy itchy tired swollen numb shaky bloated achy".split(" ");
  for (let i = 0; i < 50; i++) {
    informative.add(texts.length);
    texts.push(
      `${words[i % 10]} since the ${["pill", "jab", "patch", "cream", "spray"][i % 5]} day ${i}`,
    );
    scores.push(0.2 + 0.3 * rng.next());
  }
  return { texts, scores, informative };
}

Deno.test("selectForLabelling() is deterministic for a seed and differs with another seed", () => {
  const { texts, scores } = knownPool();
  const pick = (seed: number) =>
    selectForLabelling(texts, scores, 0.35, { n: 40, seed }).map((row) => row.index);
  assert.deepEqual(pick(1), pick(1));
  assert.notDeepEqual(pick(1), pick(2));
  assert.equal(new Set(pick(1)).size, 40);
});

Deno.test("selectForLabelling() beats random picks on a pool where the informative texts are known", () => {
  const { texts, scores, informative } = knownPool();
  const hits = (indices: number[]) => indices.filter((index) => informative.has(index)).length;
  const selected = hits(
    selectForLabelling(texts, scores, 0.35, { n: 40, seed: 7 }).map((r) => r.index),
  );
  const rng = createRng(3);
  const randomHits = Array.from(
    { length: 200 },
    () => hits(rng.shuffle([...texts.keys()]).slice(0, 40)),
  );
  const best = Math.max(...randomHits);
  const mean = randomHits.reduce((a, b) => a + b) / randomHits.length;
  assert.ok(selected >= 28, `selected ${selected} of 50 informative texts`);
  assert.ok(
    selected > best,
    `selected ${selected}, best of 200 random draws ${best}, mean ${mean}`,
  );
});

Deno.test("selectForLabelling() never picks the same near-duplicate twice when unlike texts remain", () => {
  const texts = [
    ...Array(30).fill("same text here"),
    "a different one",
    "another entirely",
    "third",
  ];
  const scores = texts.map((_, i) => (i < 30 ? 0.4 : 0.1));
  const picks = selectForLabelling(texts, scores, 0.35, { n: 4, seed: 1, randomShare: 0 });
  assert.equal(picks.filter((pick) => pick.index < 30).length, 1);
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
  assert.equal(summary.pickedAtRandom, 6);
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
