import assert from "node:assert/strict";
import { parquetWriteBuffer } from "hyparquet-writer";
import { AdeError, DataError } from "../../lib/core/errors.ts";
import { HUB_PARQUET_PATH, loadHubDataset } from "../../lib/data/_load_hub.ts";
import { loadSource, prepareDataset } from "../../lib/data/mod.ts";

/** A local stand-in for the hub: serves one parquet file and honours Range requests. */
function startHub(
  file: Uint8Array<ArrayBuffer>,
): { url: string; requests: string[]; close: () => Promise<void> } {
  const requests: string[] = [];
  const expectedPath = `/datasets/ade_corpus_v2/resolve/${
    encodeURIComponent("refs/convert/parquet")
  }/${HUB_PARQUET_PATH}`;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.pathname} ${request.headers.get("range") ?? ""}`.trim());
    if (url.pathname !== expectedPath) return new Response("not found", { status: 404 });
    const range = request.headers.get("range")?.match(/^bytes=(\d+)-(\d*)$/);
    if (range) {
      const start = Number(range[1]);
      const end = range[2] === "" ? file.length - 1 : Math.min(Number(range[2]), file.length - 1);
      return new Response(request.method === "HEAD" ? null : file.slice(start, end + 1), {
        status: 206,
        headers: {
          "Content-Range": `bytes ${start}-${end}/${file.length}`,
          "Content-Length": String(end - start + 1),
          "Accept-Ranges": "bytes",
          "Content-Type": "application/octet-stream",
          "ETag": '"fixture-1"',
        },
      });
    }
    return new Response(request.method === "HEAD" ? null : file, {
      headers: {
        "Content-Length": String(file.length),
        "Accept-Ranges": "bytes",
        "ETag": '"fixture-1"',
      },
    });
  });
  const address = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${address.port}`, requests, close: () => server.shutdown() };
}

function parquetFixture(texts: string[], labels: number[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(parquetWriteBuffer({
    columnData: [
      { name: "text", data: texts, type: "STRING" },
      { name: "label", data: labels, type: "INT32" },
    ],
  }));
}

const texts = [
  "Drug alpha caused a rash.",
  "The outcome was good.",
  "Beta led to hepatitis.",
  "No events were seen.",
  "drug alpha caused a  RASH.",
];

Deno.test("loadHubDataset() downloads the parquet export from a local hub and maps 1 to Adverse_Event", async () => {
  const hub = startHub(parquetFixture(texts, [1, 0, 1, 0, 1]));
  const cacheDir = await Deno.makeTempDir({ prefix: "ade-hub-" });
  try {
    const { rows, rejects, cachedFile } = await loadHubDataset({ hubUrl: hub.url, cacheDir });
    assert.deepEqual(rows.map((row) => [row.id, row.label]), [
      ["hf-0", "Adverse_Event"],
      ["hf-1", "Not_AE"],
      ["hf-2", "Adverse_Event"],
      ["hf-3", "Not_AE"],
      ["hf-4", "Adverse_Event"],
    ]);
    assert.deepEqual(rows.map((row) => row.text), texts);
    assert.ok(rows.every((row) => row.pmid === undefined));
    assert.deepEqual(rejects, []);
    assert.ok(cachedFile.startsWith(cacheDir));
    assert.ok(hub.requests.some((line) => line.endsWith("bytes=0-0")), hub.requests.join("\n"));
    // A second load reads the cache without asking the hub.
    const before = hub.requests.length;
    const again = await loadHubDataset({ hubUrl: hub.url, cacheDir });
    assert.equal(again.rows.length, 5);
    assert.equal(hub.requests.length, before);
  } finally {
    await hub.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadHubDataset() reports an unknown label with its row, or rejects it with skipInvalid", async () => {
  const hub = startHub(parquetFixture(texts.slice(0, 3), [1, 7, 0]));
  const cacheDir = await Deno.makeTempDir({ prefix: "ade-hub-" });
  try {
    await assert.rejects(() => loadHubDataset({ hubUrl: hub.url, cacheDir }), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.location.line, 2);
      assert.equal(error.location.field, "label");
      return true;
    });
    const { rows, rejects } = await loadHubDataset({
      hubUrl: hub.url,
      cacheDir,
      skipInvalid: true,
    });
    assert.equal(rows.length, 2);
    assert.equal(rejects.length, 1);
    assert.match(rejects[0].reason, /unknown label "7"/);
  } finally {
    await hub.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadHubDataset() fails clearly when the hub does not have the file", async () => {
  const hub = startHub(parquetFixture(texts, [1, 0, 1, 0, 1]));
  const cacheDir = await Deno.makeTempDir({ prefix: "ade-hub-" });
  try {
    await assert.rejects(
      () => loadHubDataset({ hubUrl: hub.url, cacheDir, dataset: "someone/other" }),
      AdeError,
    );
  } finally {
    await hub.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("prepareDataset() with source hf de-duplicates and falls back from grouped to dedup", async () => {
  const hub = startHub(parquetFixture(texts, [1, 0, 1, 0, 1]));
  const dir = await Deno.makeTempDir({ prefix: "ade-hub-" });
  try {
    const loaded = await loadSource("hf", { hubUrl: hub.url, cacheDir: `${dir}/cache` });
    assert.equal(loaded.source, "hf");
    const warnings: string[] = [];
    const { manifest } = await prepareDataset({
      source: "hf",
      split: "grouped",
      seed: 1,
      testSize: 0.5,
      out: `${dir}/out`,
      hubUrl: hub.url,
      cacheDir: `${dir}/cache`,
      quiet: true,
      onWarning: (message) => warnings.push(message),
    });
    assert.equal(manifest.split, "dedup");
    assert.equal(manifest.source, "hf");
    assert.equal(manifest.raw_rows, 5);
    assert.equal(manifest.unique_texts, 4);
    assert.equal(manifest.text_overlap, 0);
    assert.match(warnings.join("\n"), /falls back to dedup/);
  } finally {
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});
