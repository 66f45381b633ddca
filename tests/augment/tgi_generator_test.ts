import assert from "node:assert/strict";
import { augment, createGenerator, DEFAULT_DECODING, TgiGenerator } from "../../lib/augment/mod.ts";
import { retryDelayMs } from "../../lib/augment/_retry.ts";
import { AdeError } from "../../lib/core/mod.ts";
import { testRows, trainRows, writeSplit } from "./_fixtures.ts";
import { startFakeLlmServer } from "./_fake_llm_server.ts";

const NOVEL = [
  "Severe agranulocytosis developed in a 61-year-old man on long-term carbimazole therapy.",
  "A girl treated with lamotrigine presented with Stevens-Johnson syndrome on day 12.",
];

Deno.test("augment() with a fake TGI server: 5-shot prompts, retries on 503, test sentence rejected", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const testSentence = testRows()[0].text;
  const server = startFakeLlmServer({
    path: "/generate",
    failures: 2,
    answer: (_body, index) => ({
      generated_text: [
        `1. ${NOVEL[0].replace("61", String(60 + index))}`,
        `2. "${testSentence}"`,
        `3. ${NOVEL[1].replace("12", String(10 + index))}`,
        "4. Too short.",
      ].join("\n"),
    }),
  });
  try {
    const generator = createGenerator({
      generator: "tgi",
      endpoint: server.url,
      model: "tiiuae/falcon-7b-instruct",
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const result = await augment({
      trainPath,
      excludePaths: [testPath],
      generator,
      n: 4,
      seed: 3,
      concurrency: 1,
      outPath: `${dir}/syn.jsonl`,
      quiet: true,
    });
    // Two 503s were retried, then two successful calls gave 2 accepted rows each.
    assert.equal(server.requests.length, 4);
    assert.equal(result.summary.calls, 2);
    assert.equal(result.summary.failed_calls, 0);
    assert.equal(result.summary.accepted, 4);
    assert.equal(result.summary.rejected.contamination, 2);
    assert.equal(result.summary.rejected.too_short, 1);
    assert.equal(
      result.summary.unused,
      1,
      "the candidate after the 4th accepted row is not screened",
    );
    assert.ok(!result.rows.some((row) => row.text === testSentence));
    const contaminated = result.rejects.filter((r) => r.reason === "contamination");
    assert.ok(contaminated.every((r) => r.match?.id === "test-1"));

    const trainById = new Map(trainRows().map((row) => [row.id, row]));
    for (const { path, body } of server.requests) {
      assert.equal(path, "/generate");
      const inputs = body.inputs as string;
      const parameters = body.parameters as Record<string, unknown>;
      assert.equal(parameters.do_sample, true);
      assert.equal(parameters.temperature, DEFAULT_DECODING.temperature);
      assert.equal(parameters.max_new_tokens, DEFAULT_DECODING.max_new_tokens);
      assert.equal(typeof parameters.seed, "number");
      const numbered = inputs.split("\n").filter((line) => /^\d+\. /.test(line));
      assert.equal(numbered.length, 5, "five examples");
      for (const line of numbered) {
        const text = line.replace(/^\d+\. /, "");
        assert.ok(
          [...trainById.values()].some((row) => row.label === "Adverse_Event" && row.text === text),
        );
      }
      assert.ok(!inputs.includes(testSentence), "a test sentence never enters a prompt");
    }
    for (const row of result.rows) {
      assert.equal(row.generator, "tgi");
      assert.equal(row.model, "tiiuae/falcon-7b-instruct");
      assert.equal(row.prompt_example_ids.length, 5);
      for (const id of row.prompt_example_ids) assert.ok(trainById.has(id));
    }
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("augment() reports failed calls and an exhausted budget without failing the batch", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const server = startFakeLlmServer({
    path: "/generate",
    failures: 1000,
    failureStatus: 500,
    answer: () => ({}),
  });
  try {
    const result = await augment({
      trainPath,
      excludePaths: [testPath],
      generator: new TgiGenerator({ endpoint: server.url, retry: { attempts: 2, baseDelayMs: 1 } }),
      n: 5,
      maxCalls: 3,
      outPath: `${dir}/syn.jsonl`,
      quiet: true,
    });
    assert.equal(result.summary.calls, 3);
    assert.equal(result.summary.failed_calls, 3);
    assert.equal(result.summary.budget_exhausted, true);
    assert.equal(server.requests.length, 6);
    assert.match(result.summary.failures[0].error, /HTTP 500/);
    assert.equal(await Deno.readTextFile(`${dir}/syn.jsonl`), "");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TgiGenerator does not retry a 400 and times out a silent server", async () => {
  const server = startFakeLlmServer({
    path: "/generate",
    failures: 5,
    failureStatus: 400,
    answer: () => ({}),
  });
  const prompt = { text: "x", examples: [], requested: 1 };
  try {
    const generator = new TgiGenerator({ endpoint: server.url, retry: { baseDelayMs: 1 } });
    await assert.rejects(generator.generate(prompt, DEFAULT_DECODING), AdeError);
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
  const silent = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response("{}")), 500)),
  );
  try {
    const generator = new TgiGenerator({
      endpoint: `http://127.0.0.1:${silent.addr.port}`,
      retry: { attempts: 2, timeoutMs: 50, baseDelayMs: 1 },
    });
    await assert.rejects(generator.generate(prompt, DEFAULT_DECODING), /timed out/);
  } finally {
    await silent.shutdown();
  }
});

Deno.test("augment() keeps at most --concurrency calls in flight", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  let inFlight = 0;
  let maxInFlight = 0;
  let served = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      await request.body?.cancel();
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight--;
      served++;
      return Response.json({
        generated_text:
          `Acute urticaria appeared within ${served} hours of the first dose of cefaclor in a boy.`,
      });
    },
  );
  try {
    const result = await augment({
      trainPath,
      excludePaths: [testPath],
      generator: new TgiGenerator({ endpoint: `http://127.0.0.1:${server.addr.port}` }),
      n: 8,
      concurrency: 3,
      outPath: `${dir}/syn.jsonl`,
      quiet: true,
    });
    assert.equal(result.summary.accepted, 8);
    assert.equal(maxInFlight, 3);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("retryDelayMs() doubles with jitter, honours Retry-After and caps at maxDelayMs", () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(retryDelayMs(1, policy, 0), 50);
  assert.equal(retryDelayMs(2, policy, 0.5), 150);
  assert.equal(retryDelayMs(3, policy, 0), 200);
  assert.equal(retryDelayMs(10, policy, 0.5), 750, "the backoff itself is capped before jitter");
  assert.equal(retryDelayMs(1, policy, 0, 700), 700);
  assert.equal(retryDelayMs(1, policy, 0, 5000), 1000);
});

Deno.test("TgiGenerator retries a 429 that carries Retry-After", async () => {
  let attempts = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      await request.body?.cancel();
      attempts++;
      if (attempts === 1) {
        return new Response("slow down", { status: 429, headers: { "retry-after": "1" } });
      }
      return Response.json({ generated_text: "ok" });
    },
  );
  try {
    const generator = new TgiGenerator({
      endpoint: `http://127.0.0.1:${server.addr.port}`,
      retry: { baseDelayMs: 1, maxDelayMs: 20 },
    });
    const text = await generator.generate(
      { text: "x", examples: [], requested: 1 },
      DEFAULT_DECODING,
    );
    assert.equal(text, "ok");
    assert.equal(attempts, 2);
  } finally {
    await server.shutdown();
  }
});
