import assert from "node:assert/strict";
import { recordWriteReport } from "../../lib/pipeline/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { makeFixtureStore } from "../report/_fixture.ts";

Deno.test("recordWriteReport() records a completed report run with the report's settings, numbers and files", async () => {
  const fixture = await makeFixtureStore();
  const outDir = `${fixture.dir}/report`;
  const written = await recordWriteReport({
    storePath: fixture.storePath,
    outDir,
    resamples: 300,
    seed: 7,
  });
  const store = await ExperimentStore.open(fixture.storePath);
  try {
    const run = store.getRun(written.recordId)!;
    assert.deepEqual(store.listRuns({ kind: "report" }).map((r) => r.id), [written.recordId]);
    assert.equal(run.kind, "report");
    assert.equal(run.name, "comparison");
    assert.equal(run.runId, fixture.runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.params, { out: outDir, seed: 7, resamples: 300, show_text: true });
    const baseline =
      store.listRuns({ runId: fixture.runId, kind: "evaluate", name: "baseline" })[0];
    assert.equal(run.manifestHash, baseline.manifestHash);
    assert.deepEqual(run.artifacts, { html: written.htmlPath, markdown: written.markdownPath });
    assert.equal(run.metrics.rows, 3);
    assert.deepEqual(
      Object.keys(run.metrics).sort(),
      [
        "baseline.f1",
        "rows",
        "tuned+synthetic.f1",
        "tuned+synthetic.f1_diff",
        "tuned+synthetic.mcnemar_p",
        "tuned.f1",
        "tuned.f1_diff",
        "tuned.mcnemar_p",
      ],
    );
    assert.equal(run.metrics["baseline.f1"], baseline.metrics.f1);
  } finally {
    store.close();
  }
  assert.ok((await Deno.readTextFile(written.markdownPath)).includes("| baseline |"));
});

Deno.test("recordWriteReport() records nothing when there is nothing to report, and a failed run when the files cannot be written", async () => {
  const empty = await makeFixtureStore({ configurations: [] });
  await assert.rejects(
    recordWriteReport({ storePath: empty.storePath, outDir: `${empty.dir}/out` }),
    /baseline/,
  );
  const fixture = await makeFixtureStore({ configurations: ["baseline"], tuning: false });
  await Deno.writeTextFile(`${fixture.dir}/a-file`, "");
  await assert.rejects(
    recordWriteReport({
      storePath: fixture.storePath,
      outDir: `${fixture.dir}/a-file/report`,
      resamples: 100,
    }),
  );
  for (const [{ storePath }, expected] of [[empty, []], [fixture, ["failed"]]] as const) {
    const store = await ExperimentStore.open(storePath);
    try {
      assert.deepEqual(store.listRuns({ kind: "report" }).map((r) => r.status), expected);
    } finally {
      store.close();
    }
  }
});
