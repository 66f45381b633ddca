import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { PromptExamplePool } from "../../lib/augment/mod.ts";
import { parseCandidates } from "../../lib/augment/_parse_candidates.ts";
import { trainRows } from "./_fixtures.ts";

Deno.test("parseCandidates() strips numbering, bullets, labels and quotes", () => {
  const text = [
    '1. "Rash after penicillin in a child."',
    "2) Fever after vaccination in an adult.",
    "- Hepatitis after isoniazid therapy.",
    "(4) Sentence 4: Tinnitus after high-dose aspirin.",
    "",
    "5-Fluorouracil caused severe mucositis.",
    "“Neutropenia after clozapine.”",
  ].join("\n");
  assert.deepEqual(parseCandidates(text), [
    "Rash after penicillin in a child.",
    "Fever after vaccination in an adult.",
    "Hepatitis after isoniazid therapy.",
    "Tinnitus after high-dose aspirin.",
    "5-Fluorouracil caused severe mucositis.",
    "Neutropenia after clozapine.",
  ]);
});

Deno.test("parseCandidates() keeps an emptied line as empty and returns [''] for no output", () => {
  assert.deepEqual(parseCandidates("1. Good sentence here.\n2.\n"), ["Good sentence here.", ""]);
  assert.deepEqual(parseCandidates("  \n\n"), [""]);
  assert.deepEqual(parseCandidates(""), [""]);
});

Deno.test("parseCandidates() drops an echoed prompt and its instruction lines but keeps copied examples", () => {
  const pool = new PromptExamplePool(trainRows());
  const prompt = pool.buildPrompt(createRng(1), { shots: 5, requested: 5 });
  const echoed = prompt.text + "1. A brand new sentence about a drug and an effect.";
  assert.deepEqual(parseCandidates(echoed, prompt), [
    "A brand new sentence about a drug and an effect.",
  ]);
  const instructionsAgain = prompt.text.split("\n").filter((line) => line.startsWith("Write")).join(
    "\n",
  );
  const copied = `${instructionsAgain}\n1. ${prompt.examples[0].text}\nAssistant:`;
  assert.deepEqual(parseCandidates(copied, prompt), [prompt.examples[0].text]);
});
