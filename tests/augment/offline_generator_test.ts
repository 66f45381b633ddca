import assert from "node:assert/strict";
import { augment, OfflineGenerator } from "../../lib/augment/mod.ts";
import { swapMentions } from "../../lib/augment/offline_generator.ts";
import { createRng } from "../../lib/core/mod.ts";
import { normalizeText } from "../../lib/data/normalize.ts";
import { trainRows, writeSplit } from "./_fixtures.ts";

Deno.test("augment() with the offline generator writes byte-identical files for the same seed", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const run = (out: string, seed: number, concurrency: number) =>
    augment({
      trainPath,
      excludePaths: [testPath],
      generator: new OfflineGenerator(),
      n: 20,
      seed,
      concurrency,
      outPath: `${dir}/${out}.jsonl`,
      quiet: true,
    });
  await run("a", 5, 4);
  await run("b", 5, 1);
  await run("c", 6, 4);
  const a = await Deno.readFile(`${dir}/a.jsonl`);
  assert.deepEqual(await Deno.readFile(`${dir}/b.jsonl`), a);
  assert.notDeepEqual(await Deno.readFile(`${dir}/c.jsonl`), a);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("OfflineGenerator rows differ from their source sentence in a drug or effect mention", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const result = await augment({
    trainPath,
    excludePaths: [testPath],
    generator: new OfflineGenerator(),
    n: 25,
    seed: 1,
    outPath: `${dir}/syn.jsonl`,
    quiet: true,
  });
  assert.equal(result.summary.accepted, 25);
  const train = trainRows();
  const trainTexts = new Set(train.map((row) => normalizeText(row.text)));
  const mentionTexts = new Set(
    train.flatMap((row) =>
      [...(row.drugs ?? []), ...(row.effects ?? [])].map((m) => normalizeText(m.text))
    ),
  );
  for (const row of result.rows) {
    assert.equal(row.generator, "offline");
    assert.equal(row.model, "mention-swap");
    assert.equal(row.label, "Adverse_Event");
    assert.equal(row.source, "synthetic");
    assert.equal(row.prompt_example_ids.length, 5);
    assert.ok(!trainTexts.has(normalizeText(row.text)), "never a copy of a training sentence");
    // Some source example, with at least one of its mentions replaced by another training mention.
    const sources = train.filter((t) => row.prompt_example_ids.includes(t.id));
    const fromSource = sources.some((source) =>
      [...(source.drugs ?? []), ...(source.effects ?? [])].some((m) =>
        !normalizeText(row.text).includes(normalizeText(m.text))
      ) && [...mentionTexts].some((mention) => normalizeText(row.text).includes(mention))
    );
    assert.ok(fromSource);
  }
  const summary = JSON.parse(await Deno.readTextFile(`${dir}/syn.summary.json`));
  assert.equal(summary.requested, 25);
  assert.equal(summary.accepted, 25);
  assert.equal(
    summary.generated,
    summary.accepted + Object.values(summary.rejected as Record<string, number>)
      .reduce((a, b) => a + b, 0),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("swapMentions() replaces every occurrence of the chosen mention and fixes capitals", () => {
  const make = (id: string, text: string, drug: string, effect: string) => {
    const drugs = [...text.matchAll(new RegExp(drug, "gi"))].map((m) => ({
      text: m[0],
      start: m.index!,
      end: m.index! + m[0].length,
    }));
    const start = text.indexOf(effect);
    return {
      id,
      text,
      drugKey: drug.toLowerCase(),
      row: {
        id,
        text,
        label: "Adverse_Event" as const,
        drugs,
        effects: [{ text: effect, start, end: start + effect.length }],
      },
    };
  };
  const source = make(
    "s",
    "Zolvarin caused hepatitis; zolvarin was stopped.",
    "zolvarin",
    "hepatitis",
  );
  const donor = make("d", "Mextrabol-induced tinnitus in a child.", "Mextrabol", "tinnitus");
  for (let seed = 0; seed < 30; seed++) {
    const text = swapMentions(source, [donor], createRng(seed));
    assert.ok(text !== undefined && text !== source.text);
    if (text.includes("extrabol")) {
      assert.equal(text.match(/zolvarin/gi), null, "both drug mentions replaced");
      assert.ok(text.startsWith("Mextrabol caused"));
      assert.ok(text.includes("; mextrabol was stopped"));
    } else {
      assert.equal(text, "Zolvarin caused tinnitus; zolvarin was stopped.");
    }
  }
  assert.equal(
    swapMentions(source, [source], createRng(1)),
    undefined,
    "no different mention to use",
  );
});
