import assert from "node:assert/strict";
import { ensureSplit } from "../../lib/pipeline/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { FIXTURE_CORPUS } from "../data/_fixtures.ts";

Deno.test("ensureSplit() prepares a missing split once, recorded as a prepare run, then reuses it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-ensure-" });
  try {
    const options = {
      dataDir: `${dir}/data`,
      source: FIXTURE_CORPUS,
      seed: 3,
      testSize: 0.3,
      storePath: `${dir}/ade.sqlite`,
      runId: "study-e",
    };
    const first = await ensureSplit(options);
    assert.equal(first.prepared, true);
    assert.equal(first.trainPath, `${dir}/data/train.jsonl`);
    const manifest = JSON.parse(await Deno.readTextFile(first.manifestPath));
    assert.equal(manifest.split, "grouped");
    assert.equal(manifest.seed, 3);
    const second = await ensureSplit(options);
    assert.deepEqual(second, { ...first, prepared: false });
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const runs = store.listRuns({ runId: "study-e" });
      assert.deepEqual(runs.map((run) => `${run.kind}:${run.status}`), ["prepare:completed"]);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
