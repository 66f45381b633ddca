import assert from "node:assert/strict";
import { sha256File } from "../../lib/core/mod.ts";
import {
  defaultCorpusSource,
  type Manifest,
  prepareDataset,
  readRows,
} from "../../lib/data/mod.ts";
import { FIXTURE_DIR } from "./_fixtures.ts";

const MANIFEST_KEYS = [
  "raw_rows",
  "raw_positive",
  "raw_negative",
  "unique_texts",
  "duplicates_removed",
  "label_conflicts",
  "split",
  "seed",
  "test_size",
  "train_rows",
  "test_rows",
  "train_positive",
  "test_positive",
  "text_overlap",
  "pmid_overlap",
  "test_positive_text_in_train",
  "sha256",
  "source",
  "version",
];

const workDir = await Deno.makeTempDir({ prefix: "ade-prepare-" });
globalThis.addEventListener("unload", () => Deno.removeSync(workDir, { recursive: true }));
const source = defaultCorpusSource();
const first = await prepareDataset({
  source,
  split: "grouped",
  seed: 42,
  testSize: 0.2,
  out: `${workDir}/a`,
  quiet: true,
});
const files = ["train.jsonl", "test.jsonl", "manifest.json"];

Deno.test("prepareDataset() writes the manifest with exactly the issue's keys and real counts", async () => {
  const manifest = JSON.parse(await Deno.readTextFile(first.manifestPath)) as Manifest;
  assert.deepEqual(Object.keys(manifest), MANIFEST_KEYS);
  assert.equal(manifest.raw_rows, 23_516);
  assert.equal(manifest.raw_positive, 6_821);
  assert.equal(manifest.raw_negative, 16_695);
  assert.equal(manifest.unique_texts, 20_895);
  assert.equal(manifest.duplicates_removed, 2_621);
  assert.equal(manifest.split, "grouped");
  assert.equal(manifest.train_rows + manifest.test_rows, 20_895);
  assert.equal(manifest.text_overlap, 0);
  assert.equal(manifest.pmid_overlap, 0);
  assert.equal(manifest.test_positive_text_in_train, 0);
  assert.deepEqual(manifest.sha256, {
    train: await sha256File(first.trainPath),
    test: await sha256File(first.testPath),
  });
  assert.equal(first.manifestHash, await sha256File(first.manifestPath));
});

Deno.test("prepareDataset() writes rows in the issue's schema that readRows() reads back", async () => {
  const trainRows = await readRows(first.trainPath);
  const testRows = await readRows(first.testPath);
  assert.equal(trainRows.length, first.manifest.train_rows);
  assert.equal(testRows.length, first.manifest.test_rows);
  const allowed = new Set(["id", "text", "label", "pmid", "pmids", "drugs", "effects"]);
  for (const row of [...trainRows, ...testRows]) {
    for (const key of Object.keys(row)) assert.ok(allowed.has(key), `unexpected key ${key}`);
    assert.ok(row.label === "Adverse_Event" || row.label === "Not_AE");
  }
  assert.equal(new Set([...trainRows, ...testRows].map((row) => row.id)).size, 20_895);
});

Deno.test("prepareDataset() gives byte-identical files for the same seed", async () => {
  const again = await prepareDataset({
    source,
    split: "grouped",
    seed: 42,
    testSize: 0.2,
    out: `${workDir}/b`,
    quiet: true,
  });
  for (const name of files) {
    assert.equal(
      await sha256File(`${workDir}/b/${name}`),
      await sha256File(`${workDir}/a/${name}`),
      name,
    );
  }
  assert.equal(again.manifestHash, first.manifestHash);
});

Deno.test("prepareDataset() gives another split for another seed", async () => {
  const other = await prepareDataset({
    source,
    split: "grouped",
    seed: 7,
    testSize: 0.2,
    out: `${workDir}/c`,
    quiet: true,
  });
  assert.notEqual(other.manifest.sha256.test, first.manifest.sha256.test);
  assert.equal(other.manifest.pmid_overlap, 0);
});

Deno.test("prepareDataset() random split reports about half of the test positives leaked", async () => {
  const random = await prepareDataset({
    source,
    split: "random",
    seed: 42,
    testSize: 0.2,
    out: `${workDir}/r`,
    quiet: true,
  });
  const manifest = random.manifest;
  assert.equal(manifest.split, "random");
  assert.equal(manifest.train_rows + manifest.test_rows, 23_516);
  assert.equal(manifest.duplicates_removed, 0);
  assert.equal(manifest.unique_texts, 20_895);
  assert.ok(Math.abs(manifest.test_positive_text_in_train - 0.5) < 0.1);
  assert.ok(manifest.text_overlap > 0 && manifest.pmid_overlap > 0);
});

Deno.test("prepareDataset() reads a user CSV with groups and falls back to dedup without them", async () => {
  const grouped = await prepareDataset({
    source: `${FIXTURE_DIR}/user_rows.csv`,
    split: "grouped",
    seed: 1,
    testSize: 0.34,
    out: `${workDir}/user`,
    quiet: true,
  });
  assert.equal(grouped.manifest.split, "grouped");
  assert.equal(grouped.manifest.raw_rows, 4);
  const warnings: string[] = [];
  const fallback = await prepareDataset({
    source: `${FIXTURE_DIR}/user_no_groups.csv`,
    split: "grouped",
    seed: 1,
    testSize: 0.4,
    out: `${workDir}/user-no-groups`,
    quiet: true,
    onWarning: (message) => warnings.push(message),
  });
  assert.equal(fallback.manifest.split, "dedup");
  assert.equal(fallback.manifest.unique_texts, 5);
  assert.match(warnings.join("\n"), /falls back to dedup/);
});

Deno.test("prepareDataset() with validationSize holds out whole abstracts of train as validation.jsonl, the test split unchanged", async () => {
  const held = await prepareDataset({
    source,
    split: "grouped",
    seed: 42,
    testSize: 0.2,
    validationSize: 0.1,
    out: `${workDir}/validation`,
    quiet: true,
  });
  assert.ok(held.validationPath);
  const manifest = held.manifest;
  assert.equal(
    await Deno.readTextFile(held.testPath),
    await Deno.readTextFile(first.testPath),
    "the test set is the one without a validation fold",
  );
  const train = await readRows(held.trainPath);
  const validation = await readRows(held.validationPath);
  assert.equal(manifest.train_rows, train.length);
  assert.equal(manifest.validation_rows, validation.length);
  assert.equal(train.length + validation.length, first.manifest.train_rows);
  assert.ok(Math.abs(validation.length / first.manifest.train_rows - 0.1) < 0.01);
  const trainPmids = new Set(
    train.flatMap((row) => (row.pmids as string[] | undefined) ?? [row.pmid]),
  );
  for (const row of validation) {
    for (const pmid of (row.pmids as string[] | undefined) ?? [row.pmid]) {
      assert.ok(!trainPmids.has(pmid), "no abstract on both sides");
    }
  }
  assert.equal(
    manifest.validation_positive,
    validation.filter((r) => r.label === "Adverse_Event").length,
  );
  assert.equal(manifest.sha256.validation, await sha256File(held.validationPath));
});
