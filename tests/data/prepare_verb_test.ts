import assert from "node:assert/strict";
import { DataError, UsageError } from "../../lib/core/errors.ts";
import { run } from "../../lib/cli/verbs/prepare.ts";
import { FIXTURE_CORPUS, FIXTURE_DIR } from "./_fixtures.ts";

Deno.test("ade prepare writes train, test and manifest and records the run in --store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-verb-" });
  try {
    const code = await run([
      "--source",
      FIXTURE_CORPUS,
      "--split",
      "grouped",
      "--seed",
      "5",
      "--test-size",
      "0.3",
      "--out",
      `${dir}/out`,
      "--store",
      `${dir}/store.sqlite`,
      "--quiet",
    ]);
    assert.equal(code, 0);
    const names = [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name).sort();
    assert.deepEqual(names, ["manifest.json", "test.jsonl", "train.jsonl"]);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/out/manifest.json`));
    assert.equal(manifest.seed, 5);
    assert.equal(manifest.test_size, 0.3);
    assert.ok((await Deno.stat(`${dir}/store.sqlite`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade prepare exits non-zero with the place of a data error and writes nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-verb-" });
  try {
    await Deno.writeTextFile(`${dir}/rows.csv`, "text,label\nFine.,1\nBroken.,perhaps\n");
    const failing = run([
      "--source",
      `${dir}/rows.csv`,
      "--out",
      `${dir}/out`,
      "--store",
      `${dir}/store.sqlite`,
      "--quiet",
    ]);
    await assert.rejects(() => failing, (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(
        error.message,
        `${dir}/rows.csv:3 field "label": unknown label "perhaps" (expected Adverse_Event, Not_AE, 1 or 0)`,
      );
      assert.equal(error.exitCode, 1);
      return true;
    });
    assert.equal(await Deno.stat(`${dir}/out`).then(() => true, () => false), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade prepare rejects an unknown split, a bad test size and unknown flags as usage errors", async () => {
  const source = `${FIXTURE_DIR}/user_rows.csv`;
  await assert.rejects(() => run(["--split", "shuffled", "--source", source]), UsageError);
  await assert.rejects(() => run(["--test-size", "1.5", "--source", source]), UsageError);
  await assert.rejects(() => run(["--folds", "3"]), UsageError);
  assert.equal(await run(["--help"]), 0);
});
