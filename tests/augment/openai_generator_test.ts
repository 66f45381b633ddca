import assert from "node:assert/strict";
import { augment, OpenAiGenerator } from "../../lib/augment/mod.ts";
import { testRows, trainRows, writeSplit } from "./_fixtures.ts";
import { startFakeLlmServer } from "./_fake_llm_server.ts";

Deno.test("augment() with a fake OpenAI-compatible server: chat body, 5 shots, 429 retried, contamination", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const testSentence = testRows()[0].text;
  const server = startFakeLlmServer({
    path: "/v1/chat/completions",
    failures: 1,
    failureStatus: 429,
    answer: (_body, index) => ({
      choices: [{
        message: {
          role: "assistant",
          content: `- ${testSentence.replace("teenager", "teenage boy")}\n- Acute dystonia ` +
            `followed the first dose of metoclopramide in patient ${index}.`,
        },
      }],
    }),
  });
  try {
    const result = await augment({
      trainPath,
      excludePaths: [testPath],
      generator: new OpenAiGenerator({
        endpoint: `${server.url}/v1`,
        model: "falcon-7b-instruct",
        retry: { baseDelayMs: 1 },
      }),
      n: 2,
      seed: 8,
      concurrency: 1,
      outPath: `${dir}/syn.jsonl`,
      quiet: true,
    });
    assert.equal(result.summary.accepted, 2);
    assert.equal(result.summary.rejected.contamination, 2, "near-copy of a test sentence");
    assert.equal(server.requests.length, 3);
    const trainTexts = new Set(
      trainRows().filter((r) => r.label === "Adverse_Event").map((r) => r.text),
    );
    for (const { path, body } of server.requests) {
      assert.equal(path, "/v1/chat/completions");
      assert.equal(body.model, "falcon-7b-instruct");
      assert.equal(typeof body.max_tokens, "number");
      const messages = body.messages as Array<{ role: string; content: string }>;
      assert.equal(messages.length, 1);
      assert.equal(messages[0].role, "user");
      const examples = messages[0].content.split("\n").filter((l) => /^\d+\. /.test(l))
        .map((l) => l.replace(/^\d+\. /, ""));
      assert.equal(examples.length, 5);
      for (const example of examples) assert.ok(trainTexts.has(example));
    }
    assert.ok(
      result.rows.every((row) => row.generator === "openai" && row.model === "falcon-7b-instruct"),
    );
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
