import assert from "node:assert/strict";
import { DataError, sha256Hex } from "../../lib/core/mod.ts";
import { recordPrepareDataset } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { FIXTURE_CORPUS } from "../data/_fixtures.ts";

Deno.test("recordPrepareDataset() records a prepare run with artifacts, manifest counts and the manifest hash", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/store.sqlite`;
  const result = await recordPrepareDataset({
    source: FIXTURE_CORPUS,
    split: "grouped",
    seed: 3,
    testSize: 0.3,
    out: `${dir}/fixture`,
    quiet: true,
  }, { storePath, runId: "study-1" });
  const store = await ExperimentStore.open(storePath);
  try {
    const run = store.getRun(result.recordId)!;
    assert.equal(run.kind, "prepare");
    assert.equal(run.runId, "study-1");
    assert.equal(run.status, "completed");
    assert.equal(run.manifestHash, await sha256Hex(await Deno.readTextFile(result.manifestPath)));
    assert.deepEqual(run.artifacts, {
      train: result.trainPath,
      test: result.testPath,
      manifest: result.manifestPath,
    });
    assert.equal(run.metrics.raw_rows, 12);
    assert.equal(run.metrics.unique_texts, 10);
    assert.equal(run.metrics.pmid_overlap, 0);
    assert.deepEqual(run.params, {
      source: FIXTURE_CORPUS,
      split: "grouped",
      seed: 3,
      test_size: 0.3,
      out: `${dir}/fixture`,
      skip_invalid: false,
    });
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recordPrepareDataset() records a failed prepare run and throws the stage's error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/rows.jsonl`, '{"id": "a", "text": "x", "label": "Maybe"}\n');
    await assert.rejects(
      recordPrepareDataset(
        {
          source: `${dir}/rows.jsonl`,
          split: "random",
          seed: 1,
          testSize: 0.2,
          out: `${dir}/data`,
        },
        { storePath: `${dir}/ade.sqlite`, runId: "study-f" },
      ),
      DataError,
    );
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const [run] = store.listRuns({ runId: "study-f" });
      assert.equal(run.kind, "prepare");
      assert.equal(run.status, "failed");
      assert.match(run.error ?? "", /label/);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
