import assert from "node:assert/strict";
import { ExperimentStore, exportRuns } from "../../lib/track/mod.ts";
import { RUN_EXPORT_COLUMNS } from "../../lib/track/export_runs.ts";

async function storeWithTwoRuns(): Promise<ExperimentStore> {
  const dir = await Deno.makeTempDir();
  const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
  const first = store.startRun({
    kind: "evaluate",
    runId: "s1",
    name: "baseline",
    params: { C: 1 },
  });
  store.finishRun(first, { status: "completed", metrics: { f1: 0.7, note: 'a "quoted", text' } });
  const second = store.startRun({ kind: "train", runId: "s1", params: { seed: 3 } });
  store.addResource(second, { type: "local-dir", name: "/tmp/x" });
  store.finishRun(second, { status: "failed", error: "line one\nline two" });
  return store;
}

/** Minimal RFC 4180 reader, enough to check the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") (row.push(field), field = "");
    else if (char === "\n") (row.push(field), rows.push(row), row = [], field = "");
    else field += char;
  }
  return rows;
}

Deno.test("exportRuns() csv has fixed columns, flattened scalars and RFC 4180 quoting", async () => {
  const store = await storeWithTwoRuns();
  const [header, ...rows] = parseCsv(exportRuns(store, "csv"));
  store.close();
  assert.deepEqual(header.slice(0, RUN_EXPORT_COLUMNS.length), [...RUN_EXPORT_COLUMNS]);
  assert.deepEqual(header.slice(RUN_EXPORT_COLUMNS.length), [
    "params.C",
    "params.seed",
    "metrics.f1",
    "metrics.note",
  ]);
  assert.equal(rows.length, 2);
  const column = (name: string) => header.indexOf(name);
  assert.equal(rows[0][column("name")], "baseline");
  assert.equal(rows[0][column("metrics.f1")], "0.7");
  assert.equal(rows[0][column("metrics.note")], 'a "quoted", text');
  assert.equal(rows[1][column("error")], "line one\nline two");
  assert.equal(rows[1][column("metrics.f1")], "");
  assert.deepEqual(JSON.parse(rows[1][column("resources")]), [{
    type: "local-dir",
    name: "/tmp/x",
  }]);
});

Deno.test("exportRuns() json holds the stored records and honours the filter", async () => {
  const store = await storeWithTwoRuns();
  const all = JSON.parse(exportRuns(store, "json"));
  const evaluations = JSON.parse(exportRuns(store, "json", { kind: "evaluate" }));
  assert.deepEqual(all, JSON.parse(JSON.stringify(store.listRuns())));
  store.close();
  assert.equal(all.length, 2);
  assert.equal(evaluations.length, 1);
  assert.equal(evaluations[0].metrics.f1, 0.7);
});

Deno.test("exportRuns() refuses an unknown format", async () => {
  const store = await storeWithTwoRuns();
  assert.throws(() => exportRuns(store, "xml" as "csv"), /unknown export format "xml"/);
  store.close();
});
