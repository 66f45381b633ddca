import assert from "node:assert/strict";
import { type AccessLogEntry, type Predictor, startEndpointServer } from "../../lib/serve/mod.ts";
import { createFakePredictor } from "./_fake_predictor.ts";

async function withServer(
  predictor: Predictor,
  work: (url: string, log: AccessLogEntry[]) => Promise<void>,
): Promise<void> {
  const log: AccessLogEntry[] = [];
  const server = startEndpointServer({ predictor, port: 0, log: (entry) => log.push(entry) });
  try {
    await work(server.url, log);
  } finally {
    await server.shutdown();
  }
}

Deno.test("startEndpointServer() logs the exact byte count of every answer, also beyond ASCII", async () => {
  // Labels beyond ASCII (and a lone surrogate, which goes out as U+FFFD) exercise the byte count.
  const predictor: Predictor = {
    predict: (texts) =>
      texts.map((_, i) => ({ label: (i % 2 ? "Näive—é😀" : "x\ud800") as "Not_AE", score: 0.5 })),
  };
  await withServer(predictor, async (url, log) => {
    const requests: Array<[string, RequestInit]> = [
      ["/invocations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"inputs":["a","b"]}',
      }],
      ["/invocations", {
        method: "POST",
        headers: { "content-type": "text/csv", accept: "text/csv" },
        body: "a\nb\n",
      }],
      ["/invocations", { method: "POST", headers: { "content-type": "text/xml" }, body: "a" }],
      ["/ping", { method: "GET" }],
    ];
    const sizes: number[] = [];
    for (const [path, init] of requests) {
      const response = await fetch(`${url}${path}`, init);
      sizes.push((await response.bytes()).byteLength);
    }
    assert.deepEqual(log.map((entry) => entry.responseBytes), sizes);
    assert.deepEqual(log.map((entry) => entry.status), [200, 200, 415, 200]);
  });
});

/** Sends one request with the request target exactly as given (fetch would normalise it first). */
async function rawStatus(url: string, method: string, target: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const connection = await Deno.connect({ hostname, port: Number(port) });
  try {
    const body = method === "POST" ? "x" : "";
    const head = `${method} ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n` +
      (body ? `Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n` : "");
    await connection.write(new TextEncoder().encode(`${head}\r\n${body}`));
    const answer = new TextDecoder().decode(
      await new Response(connection.readable).bytes(),
    );
    return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  } catch (error) {
    connection.close();
    throw error;
  }
}

Deno.test("startEndpointServer() routes by the URL's path as the URL parser reads it", async () => {
  await withServer(createFakePredictor(), async (url, log) => {
    const cases: Array<[string, string, number, string]> = [
      ["GET", "/ping", 200, "/ping"],
      ["GET", "/ping?probe=1", 200, "/ping"],
      ["GET", "/other/../ping", 200, "/ping"],
      ["POST", "/./invocations", 200, "/invocations"],
      ["POST", "/invocations?x=1", 200, "/invocations"],
      ["POST", "/invocations/", 404, "/invocations/"],
      ["POST", "/Invocations", 404, "/Invocations"],
      ["GET", "/pingx", 404, "/pingx"],
    ];
    for (const [method, target, status] of cases) {
      assert.equal(await rawStatus(url, method, target), status, `${method} ${target}`);
    }
    assert.deepEqual(log.map((entry) => entry.path), cases.map((c) => c[3]));
  });
});
