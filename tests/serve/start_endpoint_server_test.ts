import assert from "node:assert/strict";
import { AdeError } from "../../lib/core/mod.ts";
import {
  type AccessLogEntry,
  formatAccessLogEntry,
  measureEndpointLatency,
  type Predictor,
  startEndpointServer,
} from "../../lib/serve/mod.ts";
import { MAX_INVOCATION_BODY_BYTES } from "../../lib/serve/types.ts";
import { createFakePredictor, expectedPrediction } from "./_fake_predictor.ts";

const SENTINEL = "Zebulon Quartermaine suffered purple hiccups after taking sentinelumab.";

async function withServer(
  options: { token?: string; predictor?: Predictor | Promise<Predictor> },
  work: (url: string, log: AccessLogEntry[]) => Promise<void>,
): Promise<void> {
  const log: AccessLogEntry[] = [];
  const server = startEndpointServer({
    predictor: options.predictor ?? createFakePredictor(),
    token: options.token,
    port: 0,
    log: (entry) => log.push(entry),
  });
  try {
    await work(server.url, log);
  } finally {
    await server.shutdown();
  }
}

async function call(
  url: string,
  init: RequestInit & { path?: string } = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${url}${init.path ?? "/invocations"}`, {
    method: "POST",
    ...init,
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

Deno.test("startEndpointServer() listens on 127.0.0.1 by default and answers GET /ping with 200", async () => {
  await withServer({}, async (url) => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const ping = await call(url, { method: "GET", path: "/ping" });
    assert.equal(ping.status, 200);
  });
});

Deno.test("startEndpointServer() answers /ping 503 while the model loads, then 200", async () => {
  let resolveModel!: (predictor: Predictor) => void;
  const loading = new Promise<Predictor>((resolve) => resolveModel = resolve);
  await withServer({ predictor: loading }, async (url) => {
    assert.equal((await call(url, { method: "GET", path: "/ping" })).status, 503);
    const early = await call(url, { headers: { "content-type": "text/plain" }, body: "x" });
    assert.equal(early.status, 503);
    resolveModel(createFakePredictor());
    await loading;
    assert.equal((await call(url, { method: "GET", path: "/ping" })).status, 200);
  });
});

Deno.test("startEndpointServer() predicts JSON, CSV and text bodies in input order", async () => {
  const texts = [
    "short",
    "a somewhat longer sentence about a drug and an effect",
    'quote " and, comma',
  ];
  await withServer({}, async (url) => {
    const json = await call(url, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ inputs: texts }),
    });
    assert.equal(json.status, 200);
    assert.match(json.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(JSON.parse(json.body), texts.map(expectedPrediction));

    const single = await call(url, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ inputs: texts[1] }),
    });
    assert.deepEqual(JSON.parse(single.body), [expectedPrediction(texts[1])]);

    const csvBody = texts.map((text) => `"${text.replaceAll('"', '""')}"`).join("\n");
    const csv = await call(url, { headers: { "content-type": "text/csv" }, body: csvBody });
    assert.equal(csv.status, 200);
    assert.deepEqual(JSON.parse(csv.body), texts.map(expectedPrediction));

    const plain = await call(url, {
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: texts[2],
    });
    assert.deepEqual(JSON.parse(plain.body), [expectedPrediction(texts[2])]);
  });
});

Deno.test("startEndpointServer() answers label,score CSV lines when Accept is text/csv", async () => {
  const texts = ["one", "two, with a comma, and quite a lot more words to pass half"];
  await withServer({}, async (url) => {
    const response = await call(url, {
      headers: { "content-type": "application/json", accept: "text/csv" },
      body: JSON.stringify({ inputs: texts }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
    const expected = texts.map(expectedPrediction).map((p) => `${p.label},${p.score}\n`).join("");
    assert.equal(response.body, expected);
  });
});

Deno.test("startEndpointServer() refuses with 400, 404, 405, 406 and 415 as JSON errors", async () => {
  await withServer({}, async (url) => {
    const cases: Array<[RequestInit & { path?: string }, number]> = [
      [{ headers: { "content-type": "application/json" }, body: "{not json" }, 400],
      [{ headers: { "content-type": "application/json" }, body: '{"inputs": []}' }, 400],
      [{ headers: { "content-type": "text/plain" }, body: "" }, 400],
      [{ headers: { "content-type": "text/csv" }, body: '"open quote\n' }, 400],
      [{ path: "/predict", headers: { "content-type": "text/plain" }, body: "x" }, 404],
      [{ path: "/", method: "GET" }, 404],
      [{ method: "GET" }, 405],
      [{ method: "PUT", headers: { "content-type": "text/plain" }, body: "x" }, 405],
      [{ path: "/ping", method: "POST", body: "x" }, 405],
      [{ headers: { "content-type": "text/plain", accept: "text/html" }, body: "x" }, 406],
      [{ headers: { "content-type": "application/xml" }, body: "<x/>" }, 415],
      [{ headers: { "content-type": "text/plain; charset=iso-8859-1" }, body: "x" }, 415],
    ];
    for (const [init, status] of cases) {
      const response = await call(url, init);
      assert.equal(response.status, status, `${init.method ?? "POST"} ${init.path ?? ""}`);
      assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(typeof JSON.parse(response.body).error, "string");
      if (status === 405) assert.ok(response.headers.get("allow"));
    }
    assert.equal((await call(url, { method: "GET" })).headers.get("allow"), "POST");
    assert.equal((await call(url, { path: "/ping" })).headers.get("allow"), "GET");
  });
});

Deno.test("startEndpointServer() with a token answers 401 unless the bearer token matches", async () => {
  const token = "s3cret-token-value";
  await withServer({ token }, async (url) => {
    const body = JSON.stringify({ inputs: "text" });
    const base = { "content-type": "application/json" };
    const missing = await call(url, { headers: base, body });
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), "Bearer");
    for (
      const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(1)}`, token, "Bearer "]
    ) {
      const wrong = await call(url, { headers: { ...base, authorization }, body });
      assert.equal(wrong.status, 401, authorization);
    }
    const right = await call(url, { headers: { ...base, authorization: `Bearer ${token}` }, body });
    assert.equal(right.status, 200);
    // Health checks stay open.
    assert.equal((await call(url, { method: "GET", path: "/ping" })).status, 200);
  });
});

Deno.test("startEndpointServer() refuses a declared Content-Length over the limit with 413", async () => {
  await withServer({}, async (url, log) => {
    const body = new Uint8Array(MAX_INVOCATION_BODY_BYTES + 1).fill(0x61);
    const response = await call(url, { headers: { "content-type": "text/plain" }, body });
    assert.equal(response.status, 413);
    assert.equal(typeof JSON.parse(response.body).error, "string");
    assert.equal(log.at(-1)?.status, 413);
    // Exactly at the limit is fine.
    const atLimit = await call(url, {
      headers: { "content-type": "text/plain" },
      body: new Uint8Array(MAX_INVOCATION_BODY_BYTES).fill(0x61),
    });
    assert.equal(atLimit.status, 200);
  });
});

/** Sends raw HTTP/1.1 on a socket; `feed` writes the body. Returns the status line and bytes written. */
async function rawRequest(
  url: string,
  head: string,
  feed: (write: (bytes: Uint8Array) => Promise<boolean>, answered: Promise<void>) => Promise<void>,
): Promise<{ statusLine: string; bodyBytesWritten: number }> {
  const { port } = new URL(url);
  const connection = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  let bodyBytesWritten = 0;
  let broken = false;
  const reading = (async () => {
    const buffer = new Uint8Array(4096);
    let text = "";
    while (!text.includes("\r\n")) {
      const count = await connection.read(buffer).catch(() => null);
      if (count === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, count));
    }
    return text.split("\r\n")[0];
  })();
  const answered = reading.then(() => {});
  await connection.write(new TextEncoder().encode(head));
  const write = async (bytes: Uint8Array) => {
    if (broken) return false;
    try {
      let offset = 0;
      while (offset < bytes.length) offset += await connection.write(bytes.subarray(offset));
      bodyBytesWritten += bytes.length;
      return true;
    } catch {
      broken = true;
      return false;
    }
  };
  const statusLine = await Promise.race([
    reading,
    feed(write, answered).then(() => reading),
  ]);
  broken = true;
  try {
    connection.close();
  } catch { /* already closed */ }
  await reading.catch(() => {});
  return { statusLine, bodyBytesWritten };
}

Deno.test("startEndpointServer() answers 413 to a huge declared body before any of it is sent", async () => {
  await withServer({}, async (url) => {
    const result = await rawRequest(
      url,
      "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" +
        "Content-Length: 1000000000\r\n\r\n",
      // Send nothing: the answer must come from the header alone.
      (_write, answered) => answered,
    );
    assert.match(result.statusLine, /^HTTP\/1\.1 413/);
    assert.equal(result.bodyBytesWritten, 0);
  });
});

Deno.test("startEndpointServer() answers 413 to a chunked body once it passes the limit, unread rest", async () => {
  await withServer({}, async (url, log) => {
    const planned = 64 * 1024 * 1024; // ten times the limit
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const chunkHead = new TextEncoder().encode(`${chunk.length.toString(16)}\r\n`);
    const crlf = new TextEncoder().encode("\r\n");
    const result = await rawRequest(
      url,
      "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" +
        "Transfer-Encoding: chunked\r\n\r\n",
      async (write, answered) => {
        for (let sent = 0; sent < planned; sent += chunk.length) {
          if (!(await write(chunkHead)) || !(await write(chunk)) || !(await write(crlf))) return;
        }
        // The whole body went out: finish it and wait for whatever answer comes.
        await write(new TextEncoder().encode("0\r\n\r\n"));
        await answered;
      },
    );
    assert.match(result.statusLine, /^HTTP\/1\.1 413/);
    assert.ok(result.bodyBytesWritten < planned, `wrote ${result.bodyBytesWritten} bytes`);
    const entry = log.find((item) => item.status === 413);
    assert.ok(entry && entry.requestBytes > MAX_INVOCATION_BODY_BYTES);
    assert.ok(entry.requestBytes < MAX_INVOCATION_BODY_BYTES + 1024 * 1024);
  });
});

Deno.test("startEndpointServer() serves 200 concurrent requests, 16 at a time, all correct", async () => {
  const predictor = createFakePredictor();
  await withServer({ predictor }, async (url, log) => {
    const total = 200;
    const concurrency = 16;
    let next = 0;
    let correct = 0;
    const deadline = AbortSignal.timeout(30_000);
    const worker = async () => {
      while (next < total) {
        const index = next++;
        const texts = [
          `request ${index}`,
          `second text of request ${index} ${"x".repeat(index % 60)}`,
        ];
        const response = await fetch(`${url}/invocations`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ inputs: texts }),
          signal: deadline,
        });
        const body = await response.json();
        if (response.status === 200) {
          assert.deepEqual(body, texts.map(expectedPrediction));
          correct++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    assert.equal(correct, total);
    // Concurrent requests may share a model call (dynamic batching), never need more than one each.
    assert.ok(predictor.calls >= 1 && predictor.calls <= total);
    assert.equal(log.filter((entry) => entry.status === 200).length, total);
  });
});

Deno.test("startEndpointServer() logs method, path, status, sizes and latency but never the text", async () => {
  await withServer({}, async (url, log) => {
    const bodies: Array<[string, string]> = [
      ["application/json", JSON.stringify({ inputs: [SENTINEL] })],
      ["text/csv", `"${SENTINEL}"\n`],
      ["text/plain", SENTINEL],
      ["application/json", `{"inputs": "${SENTINEL}`], // malformed: 400
      ["text/csv", `${SENTINEL}, extra field\n`], // two fields: 400
    ];
    const answers: string[] = [];
    for (const [type, body] of bodies) {
      answers.push((await call(url, { headers: { "content-type": type }, body })).body);
    }
    await call(url, {
      path: `/invocations?text=${encodeURIComponent(SENTINEL)}`,
      headers: { "content-type": "text/plain" },
      body: "short",
    });
    assert.equal(log.length, bodies.length + 1);
    const lines = log.map(formatAccessLogEntry);
    for (const line of lines) {
      assert.ok(!line.includes("Zebulon") && !line.includes("sentinelumab"), "text in log line");
    }
    for (const answer of answers) assert.ok(!answer.includes("Zebulon"), "text in error body");
    const first = log[0];
    assert.equal(first.method, "POST");
    assert.equal(first.path, "/invocations");
    assert.equal(first.status, 200);
    assert.equal(first.requestBytes, new TextEncoder().encode(bodies[0][1]).length);
    assert.ok(first.responseBytes > 0);
    assert.ok(first.latencyMs >= 0);
    assert.deepEqual(log.map((entry) => entry.status), [200, 200, 200, 400, 400, 200]);
  });
});

Deno.test("startEndpointServer() answers 500 without details when the model throws", async () => {
  const failing: Predictor = {
    predict: () => {
      throw new Error(`cannot handle ${SENTINEL}`);
    },
  };
  await withServer({ predictor: failing }, async (url) => {
    const response = await call(url, { headers: { "content-type": "text/plain" }, body: "x" });
    assert.equal(response.status, 500);
    assert.ok(!response.body.includes("Zebulon"));
  });
});

Deno.test("measureEndpointLatency() sends exactly the requested count and reports ordered percentiles", async () => {
  const predictor = createFakePredictor();
  await withServer({ predictor }, async (url) => {
    const result = await measureEndpointLatency({
      url,
      texts: ["one", "two"],
      requests: 50,
      concurrency: 5,
    });
    assert.equal(result.requests, 50);
    assert.equal(result.errors, 0);
    assert.equal(result.batchSize, 2);
    assert.ok(predictor.calls <= 50);
    assert.ok(result.p50Ms <= result.p90Ms && result.p90Ms <= result.p99Ms);
    assert.ok(result.p99Ms <= result.maxMs);
  });
});

Deno.test("startEndpointServer() reports a port in use as an AdeError that names the port", async () => {
  await withServer({}, (url) => {
    const { port } = new URL(url);
    assert.throws(
      () => startEndpointServer({ predictor: createFakePredictor(), port: Number(port) }),
      (error: unknown) => error instanceof AdeError && error.message.includes(`port ${port}`),
    );
    return Promise.resolve();
  });
});
