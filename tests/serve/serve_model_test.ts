import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { expectedPrediction } from "./_fake_predictor.ts";

const FIXTURE = new URL("./_serve_fixture.ts", import.meta.url).pathname;

/** Reads lines from a stream until one matches, returning the match (with a time limit). */
async function waitForLine(
  lines: AsyncIterator<string>,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = await Promise.race([
      lines.next(),
      new Promise<null>((resolve) =>
        timer = setTimeout(() => resolve(null), deadline - Date.now())
      ),
    ]);
    clearTimeout(timer);
    if (next === null || next.done) break;
    const match = pattern.exec(next.value);
    if (match) return match;
  }
  throw new Error(`no line matching ${pattern} within ${timeoutMs} ms`);
}

async function* splitLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      yield buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
    }
  }
  if (buffer) yield buffer;
}

Deno.test("serveModel() on SIGTERM stops accepting, finishes the in-flight request and exits 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
  const modelDir = `${dir}/model`;
  await Deno.mkdir(modelDir);
  const storePath = `${dir}/ade.sqlite`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", FIXTURE, modelDir, storePath, "study-1"],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const stderrText = new Response(child.stderr).text();
  const stdoutLines = splitLines(child.stdout);
  let killed = false;
  try {
    const [, url] = await waitForLine(stdoutLines, /^listening on (http:\S+)$/, 60_000);
    assert.equal((await fetch(`${url}/ping`)).status, 200);

    // An in-flight request: headers and half the body now, the rest after SIGTERM.
    let sendRest!: () => void;
    const restReady = new Promise<void>((resolve) => sendRest = resolve);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('{"inputs": ["first text", "sec'));
        await restReady;
        controller.enqueue(encoder.encode('ond text"]}'));
        controller.close();
      },
    });
    const client = Deno.createHttpClient({});
    const inFlight = fetch(`${url}/invocations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      client,
    });
    await waitForLine(stdoutLines, /^request in flight$/, 30_000);
    child.kill("SIGTERM");
    killed = true;
    await new Promise((resolve) => setTimeout(resolve, 300));

    // New requests are refused while the in-flight one is still receiving its body.
    const late = await fetch(`${url}/ping`, { client: Deno.createHttpClient({}) });
    assert.equal(late.status, 503);
    await late.body?.cancel();

    sendRest();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(
      await response.json(),
      ["first text", "second text"].map(expectedPrediction),
    );
    client.close();
    const status = await child.status;
    assert.equal(status.code, 0);
    // The listener is closed.
    const { port } = new URL(url);
    await assert.rejects(Deno.connect({ hostname: "127.0.0.1", port: Number(port) }));
    await waitForLine(stdoutLines, /^stopped$/, 5_000);
    const logText = await stderrText;
    assert.match(logText, /POST \/invocations 200 req=\d+B resp=\d+B/);
    assert.ok(!logText.includes("first text") && !logText.includes("second text"));

    const store = await ExperimentStore.open(storePath);
    const [run] = store.listRuns({ kind: "serve" });
    store.close();
    assert.equal(run.runId, "study-1");
    assert.equal(run.status, "completed");
    assert.equal(run.metrics.requests, 3);
    assert.deepEqual(run.metrics.by_status, { 200: 2, 503: 1 });
    assert.deepEqual(run.resources, []);
  } finally {
    if (!killed) child.kill("SIGKILL");
    await child.status;
    await stdoutLines.return(undefined);
    await stderrText.catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});
