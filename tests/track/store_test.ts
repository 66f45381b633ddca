import { DatabaseSync } from "node:sqlite";
import assert from "node:assert/strict";
import { ExperimentStore, manifestHashOf, recordRun } from "../../lib/track/mod.ts";
import { sha256Hex } from "../../lib/core/mod.ts";

Deno.test("ExperimentStore round trip keeps params, metrics, artifacts, resources and hashes", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/ade.sqlite`;
  const manifestPath = `${dir}/manifest.json`;
  await Deno.writeTextFile(manifestPath, '{"seed":42}\n');
  const manifestHash = await manifestHashOf(manifestPath);
  assert.equal(manifestHash, await sha256Hex('{"seed":42}\n'));

  const store = await ExperimentStore.open(path);
  const id = store.startRun({
    kind: "evaluate",
    runId: "study-1",
    name: "baseline",
    params: { C: 0.5, model: "tfidf-svm", nested: { a: [1, 2] } },
    manifestHash,
  });
  store.addResource(id, {
    type: "endpoint",
    name: "ade-ep",
    region: "eu-west-1",
    instanceType: "ml.m5.large",
    instanceCount: 1,
  });
  store.finishRun(id, {
    status: "completed",
    metrics: { f1: 0.71, f1_ci: { low: 0.68, high: 0.74 } },
    artifacts: { predictions: "p.jsonl" },
  });
  store.close();

  const reopened = await ExperimentStore.open(path);
  const run = reopened.getRun(id)!;
  assert.equal(run.runId, "study-1");
  assert.equal(run.kind, "evaluate");
  assert.equal(run.name, "baseline");
  assert.deepEqual(run.params, { C: 0.5, model: "tfidf-svm", nested: { a: [1, 2] } });
  assert.deepEqual(run.metrics, { f1: 0.71, f1_ci: { low: 0.68, high: 0.74 } });
  assert.deepEqual(run.artifacts, { predictions: "p.jsonl" });
  assert.deepEqual(run.resources, [{
    type: "endpoint",
    name: "ade-ep",
    region: "eu-west-1",
    instanceType: "ml.m5.large",
    instanceCount: 1,
  }]);
  assert.equal(run.manifestHash, manifestHash);
  assert.equal(run.status, "completed");
  assert.ok(run.endedAt && run.endedAt >= run.startedAt);
  // Inside this git checkout the code version is the commit (40 hex digits, maybe "+dirty").
  assert.match(run.codeVersion ?? "", /^[0-9a-f]{40}(\+dirty)?$/);
  assert.deepEqual(reopened.listRuns({ runId: "study-1", name: "baseline" }).map((r) => r.id), [
    id,
  ]);
  assert.deepEqual(reopened.listRuns({ kind: "train" }), []);
  reopened.close();
});

Deno.test("recordRun() marks a run failed with the message when the work throws", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/ade.sqlite`;
  await assert.rejects(
    recordRun(path, { kind: "train", runId: "s" }, () => Promise.reject(new Error("boom"))),
    /boom/,
  );
  const store = await ExperimentStore.open(path);
  const [run] = store.listRuns({ runId: "s" });
  assert.equal(run.status, "failed");
  assert.equal(run.error, "boom");
  store.close();
});

Deno.test("ExperimentStore takes two concurrent writer processes without losing a row", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/ade.sqlite`;
  const perWriter = 400;
  const script = new URL("./_concurrent_writer.ts", import.meta.url).pathname;
  const writers = ["a", "b"].map((writer) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, path, writer, String(perWriter), "2"],
      stdout: "piped",
      stderr: "piped",
    }).output()
  );
  const results = await Promise.all(writers);
  for (const result of results) {
    const stderr = new TextDecoder().decode(result.stderr);
    assert.ok(result.success, `writer failed: ${stderr}`);
    assert.doesNotMatch(stderr, /database is locked/);
  }
  const store = await ExperimentStore.open(path);
  const runs = store.listRuns({ runId: "concurrent-study" });
  assert.equal(runs.length, 2 * perWriter);
  assert.equal(new Set(runs.map((run) => run.name)).size, 2 * perWriter);
  assert.ok(runs.every((run) => run.status === "completed" && run.resources.length === 1));
  // The writes overlapped in time: in insertion order the writer changes more than once.
  const writersInOrder = runs.map((run) => run.params.writer);
  const switches = writersInOrder.filter((writer, i) => i > 0 && writer !== writersInOrder[i - 1]);
  assert.ok(switches.length > 1, `writers did not overlap (${switches.length} switch)`);
  store.close();
});

Deno.test("ExperimentStore.open() adds the process_start column to a store written by an older version", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/old.sqlite`;
  try {
    const old = new DatabaseSync(path);
    old.exec(
      `CREATE TABLE resources (record_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
      arn TEXT, region TEXT, instance_type TEXT, instance_count INTEGER,
      PRIMARY KEY (record_id, type, name))`,
    );
    old.close();
    const store = await ExperimentStore.open(path);
    const id = store.startRun({ kind: "serve", runId: "r1" });
    store.addResource(id, { type: "local-endpoint", name: "123", processStart: "boot/42" });
    assert.deepEqual(store.getRun(id)!.resources, [{
      type: "local-endpoint",
      name: "123",
      processStart: "boot/42",
    }]);
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
