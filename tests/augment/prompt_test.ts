import assert from "node:assert/strict";
import { createRng, UsageError } from "../../lib/core/mod.ts";
import { PromptExamplePool, readPromptTemplate } from "../../lib/augment/mod.ts";
import { DEFAULT_TEMPLATE, renderTemplate } from "../../lib/augment/prompt_template.ts";
import { testRows, trainRows } from "./_fixtures.ts";

Deno.test("PromptExamplePool.buildPrompt() shows 5 training AE sentences verbatim, each with another drug", () => {
  const rows = trainRows();
  const pool = new PromptExamplePool(rows);
  const prompt = pool.buildPrompt(createRng(11), { shots: 5, requested: 5 });
  assert.equal(prompt.examples.length, 5);
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const example of prompt.examples) {
    assert.equal(byId.get(example.id)?.label, "Adverse_Event");
    assert.ok(prompt.text.includes(example.text), "example appears verbatim");
  }
  assert.equal(new Set(prompt.examples.map((e) => e.drugKey)).size, 5);
  assert.ok(prompt.text.startsWith("User: Here are 5 sentences"));
  assert.ok(prompt.text.includes("Write 5 new sentences"));
});

Deno.test("PromptExamplePool.buildPrompt() is seeded", () => {
  const pool = new PromptExamplePool(trainRows());
  const ids = (seed: number) => pool.buildPrompt(createRng(seed)).examples.map((e) => e.id);
  assert.deepEqual(ids(3), ids(3));
  assert.notDeepEqual(ids(3), ids(4));
});

Deno.test("PromptExamplePool never offers a training sentence that also appears in an excluded file", () => {
  const rows = trainRows();
  const leaked = { ...rows[0], id: "test-copy" };
  const pool = new PromptExamplePool(rows, {
    excludeTexts: [...testRows(), leaked].map((r) => r.text),
  });
  assert.equal(pool.skippedAsExcluded, 1);
  assert.ok(!pool.examples.some((example) => example.id === rows[0].id));
  for (let seed = 0; seed < 20; seed++) {
    assert.ok(!pool.buildPrompt(createRng(seed)).examples.some((e) => e.id === rows[0].id));
  }
});

Deno.test("renderTemplate() fills {{examples}}, {{n}}, {{shots}} and rejects unknown placeholders", async () => {
  assert.equal(
    renderTemplate("{{shots}}:{{examples}}:{{n}}", { examples: "E", n: "3", shots: "5" }),
    "5:E:3",
  );
  assert.throws(() => renderTemplate("{{examples}} {{drug}}", { examples: "" }), UsageError);
  assert.throws(() => renderTemplate("no examples here", {}), UsageError);
  assert.ok(DEFAULT_TEMPLATE.includes("{{examples}}"));
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/t.txt`, "Examples:\n{{examples}}\nMore ({{n}}):\n");
  const template = await readPromptTemplate(`${dir}/t.txt`);
  const prompt = new PromptExamplePool(trainRows()).buildPrompt(createRng(1), {
    template,
    requested: 7,
  });
  assert.ok(prompt.text.startsWith("Examples:\n1. "));
  assert.ok(prompt.text.endsWith("More (7):\n"));
  await Deno.remove(dir, { recursive: true });
});
