/** Every bad line is reported (the first 20 listed, the rest counted), and `--skip-invalid` lists them all. */
import assert from "node:assert/strict";
import { DataError, DataProblemsError } from "../../lib/core/mod.ts";
import { loadSource, prepareDataset, readLabelledFile, readRows } from "../../lib/data/mod.ts";
import { run } from "../../lib/cli/verbs/prepare.ts";
import { brokenCorpus, setColumn } from "./_fixtures.ts";

/** 40 good rows (both labels, 20 groups) with a bad label on every line listed in `bad`. */
function csvWithBadLines(bad: ReadonlySet<number>, rows = 40): string {
  const lines = ["id,text,label,group"];
  for (let i = 0; i < rows; i++) {
    const line = lines.length + 1;
    const label = bad.has(line) ? "maybe" : i % 3 === 0 ? "1" : "0";
    lines.push(`r${i},Invented sentence number ${i}.,${label},g${Math.floor(i / 2)}`);
  }
  return lines.join("\n") + "\n";
}

/** `prepare --skip-invalid` of `path` into `out`. */
function prepareSkipping(path: string, out: string) {
  return prepareDataset({
    source: path,
    split: "dedup",
    seed: 1,
    testSize: 0.25,
    out,
    skipInvalid: true,
    quiet: true,
  });
}

const THIRTY_BAD = new Set(Array.from({ length: 30 }, (_, i) => 3 + i));

async function withFile<T>(
  name: string,
  content: string,
  use: (path: string, dir: string) => Promise<T>,
) {
  const dir = await Deno.makeTempDir({ prefix: "ade-bad-lines-" });
  try {
    await Deno.writeTextFile(`${dir}/${name}`, content);
    return await use(`${dir}/${name}`, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readRows() reports all 30 bad lines: the first 20 one a line, then how many more", async () => {
  await withFile("rows.csv", csvWithBadLines(THIRTY_BAD, 50), async (path) => {
    await assert.rejects(() => readRows(path), (error: unknown) => {
      assert.ok(error instanceof DataProblemsError);
      assert.equal(error.total, 30);
      assert.equal(error.location.line, 3, "the error's own place is the first problem");
      const lines = error.message.split("\n");
      assert.equal(lines.length, 21);
      lines.slice(0, 20).forEach((line, i) =>
        assert.equal(
          line,
          `${path}:${
            3 + i
          } field "label": unknown label "maybe" (expected Adverse_Event, Not_AE, 1 or 0)`,
        )
      );
      assert.equal(lines[20], "... and 10 more (30 problems in all)");
      return true;
    });
  });
});

Deno.test("readLabelledFile() with skipInvalid keeps every good row and lists all 30 bad ones", async () => {
  await withFile("rows.csv", csvWithBadLines(THIRTY_BAD, 50), async (path) => {
    const { rows, rejects } = await readLabelledFile(path, { skipInvalid: true });
    assert.equal(rows.length, 20);
    assert.deepEqual(rejects.map((reject) => reject.line), [...THIRTY_BAD]);
    assert.ok(rejects.every((reject) => reject.field === "label" && reject.file === path));
  });
});

Deno.test("readRows() collects problems of every kind in one pass, in line order", async () => {
  const content = [
    "id,text,label",
    "a,Fine.,1",
    "b,,0", // empty text
    "c,Too,many,1", // columns
    'd,"open quote here,1', // unterminated: runs to the end
  ].join("\n") + "\n";
  await withFile("rows.csv", content, async (path) => {
    await assert.rejects(() => readRows(path), (error: unknown) => {
      assert.ok(error instanceof DataProblemsError);
      assert.deepEqual(
        error.problems.map((p) => [p.line, p.field]),
        [[3, "text"], [4, "columns"], [5, "column 2"]],
      );
      assert.match(error.message, /\(3 problems in all\)$/);
      return true;
    });
  });
});

Deno.test("loadSource() reports the bad lines of both corpus files together", async () => {
  const dir = await brokenCorpus({
    "DRUG-AE.rel": (lines) => setColumn(setColumn(lines, 1, 3, "6a"), 3, 1, " "),
    "ADE-NEG.txt": (lines) => [lines[0], lines[1].replace(" NEG ", " POS "), ...lines.slice(2)],
  });
  try {
    await assert.rejects(() => loadSource(dir), (error: unknown) => {
      assert.ok(error instanceof DataProblemsError);
      assert.equal(error.total, 3);
      assert.deepEqual(error.problems.map((p) => [p.file.split("/").pop(), p.line, p.field]), [
        ["DRUG-AE.rel", 2, "effect_begin"],
        ["DRUG-AE.rel", 4, "sentence"],
        ["ADE-NEG.txt", 2, "label"],
      ]);
      return true;
    });
    const skipped = await loadSource(dir, { skipInvalid: true });
    assert.deepEqual(skipped.rejects.map((r) => [r.file.split("/").pop(), r.line]), [
      ["DRUG-AE.rel", 2],
      ["DRUG-AE.rel", 4],
      ["ADE-NEG.txt", 2],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prepareDataset() with skipInvalid writes all 30 rejects to rejects.jsonl", async () => {
  await withFile("rows.csv", csvWithBadLines(THIRTY_BAD, 70), async (path, dir) => {
    const result = await prepareDataset({
      source: path,
      split: "grouped",
      seed: 1,
      testSize: 0.25,
      out: `${dir}/out`,
      skipInvalid: true,
      quiet: true,
    });
    const rejects = (await Deno.readTextFile(`${dir}/out/rejects.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(rejects.length, 30);
    assert.deepEqual(rejects.map((r) => r.line), [...THIRTY_BAD]);
    assert.equal(result.manifest.raw_rows, 40);
  });
});

Deno.test("prepareDataset() fails and writes nothing when skipInvalid leaves no rows, or one label only", async () => {
  const allBad = csvWithBadLines(new Set(Array.from({ length: 12 }, (_, i) => 2 + i)), 12);
  await withFile("rows.csv", allBad, async (path, dir) => {
    await assert.rejects(
      () => prepareSkipping(path, `${dir}/out`),
      (error: unknown) =>
        error instanceof DataError &&
        error.message ===
          `${path}: no valid rows after skipping 12 invalid rows; nothing was written`,
    );
    assert.equal(await Deno.stat(`${dir}/out`).then(() => true, () => false), false);
  });
  // Every positive row invalid: only Not_AE left.
  const positivesBad = csvWithBadLines(new Set([2, 5, 8, 11]), 12);
  await withFile("rows.csv", positivesBad, async (path, dir) => {
    await assert.rejects(
      () => prepareSkipping(path, `${dir}/out`),
      (error: unknown) =>
        error instanceof DataError && error.location.field === "label" &&
        /every one of the 8 rows after skipping 4 invalid rows is Not_AE/.test(error.message),
    );
    assert.equal(await Deno.stat(`${dir}/out`).then(() => true, () => false), false);
  });
});

Deno.test("ade prepare lists 20 of 30 bad lines, says how to see them all, and writes nothing", async () => {
  await withFile("rows.csv", csvWithBadLines(THIRTY_BAD, 50), async (path, dir) => {
    await assert.rejects(
      () => run(["--source", path, "--out", `${dir}/out`, "--store", `${dir}/s.sqlite`, "--quiet"]),
      (error: unknown) => {
        assert.ok(error instanceof DataProblemsError);
        const last = error.message.split("\n").at(-1)!;
        assert.equal(
          last,
          "... and 10 more (30 problems in all); --skip-invalid skips them and lists them all in " +
            "OUT/rejects.jsonl",
        );
        return true;
      },
    );
    assert.equal(await Deno.stat(`${dir}/out`).then(() => true, () => false), false);
  });
});
