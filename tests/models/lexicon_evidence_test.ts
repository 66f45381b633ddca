import assert from "node:assert/strict";
import {
  DEFAULT_HYPERPARAMETERS,
  loadModel,
  saveModel,
  TextClassifier,
} from "../../lib/models/mod.ts";
import { _evidenceOf, _lexiconOf } from "../../lib/models/_lexicon_evidence.ts";
import { TRAIN_ROWS } from "../shift/_grouped_split.ts";

const rows = TRAIN_ROWS.slice(0, 3000);
const mentionsOf = (row: (typeof rows)[number]) => ({
  effects: (row.effects ?? []).map((mention) => mention.text),
  drugs: (row.drugs ?? []).map((mention) => mention.text),
});
const fit = (evidence: "lexicon" | "none") =>
  TextClassifier.fit(
    rows.map((row) => row.text),
    rows.map((row) => row.label),
    { ...DEFAULT_HYPERPARAMETERS, evidence },
    { seed: 3, groups: rows.map((row) => row.pmid), mentions: rows.map(mentionsOf) },
  );
const model = fit("lexicon");

Deno.test("_evidenceOf() matches effects on 4-character stems and drugs on whole tokens", () => {
  const lexicon = _lexiconOf([{ effects: ["dizziness", "severe diarrhea"], drugs: ["lithium"] }]);
  assert.deepEqual(_evidenceOf(lexicon, "I get so dizzy on it"), [1, 0, 0]);
  assert.deepEqual(_evidenceOf(lexicon, "Severe diarrhoea since the lithium"), [1, 1, 1]);
  assert.deepEqual(_evidenceOf(lexicon, "lithiumate levels were fine"), [0, 0, 0]);
});

Deno.test("_evidenceOf() finds phrases of up to 6 tokens anywhere in the text, as a plain search would", () => {
  const words = ["aa", "bbbb", "ccccc", "dd", "eeeeee", "ff", "gg", "hhh"];
  const phrases = [
    "bbbb ccccc dd eeeeee ff gg", // 6 tokens: matched
    "aa bbbb ccccc dd eeeeee ff gg", // 7 tokens: never a phrase
    "gg hhh",
    "ccccc",
  ];
  const lexicon = _lexiconOf([{ effects: [], drugs: phrases }]);
  const sentence = (tokens: string[]) => tokens.join(" ");
  assert.deepEqual(_evidenceOf(lexicon, sentence(words.slice(0, 7))), [0, 1, 0]);
  assert.deepEqual(_evidenceOf(lexicon, sentence(["xx", ...words.slice(1, 7)])), [0, 1, 0]);
  assert.deepEqual(_evidenceOf(lexicon, sentence(["xx", "hhh", "gg"])), [0, 0, 0], "order counts");
  assert.deepEqual(_evidenceOf(lexicon, "Then GG, hhh."), [0, 1, 0], "case and punctuation");
  assert.deepEqual(_evidenceOf(lexicon, "ccccca"), [0, 0, 0], "drugs match whole tokens");
  // Thousands of phrases (as a real corpus gives): each found, and near misses not.
  const many = Array.from({ length: 5000 }, (_, i) => `drug${i} x${i % 7}`);
  const big = _lexiconOf([{ effects: ["heada", "nausea vomiting"], drugs: many }]);
  for (let i = 0; i < 5000; i += 97) {
    assert.deepEqual(_evidenceOf(big, `took drug${i} x${i % 7} daily`), [0, 1, 0], `phrase ${i}`);
    assert.deepEqual(_evidenceOf(big, `took drug${i} x${(i + 1) % 7}`), [0, 0, 0], `miss ${i}`);
  }
  assert.deepEqual(_evidenceOf(big, "Headaches, nauseated and vomited"), [1, 0, 0], "stems");
  assert.deepEqual(_evidenceOf(_lexiconOf([]), "nausea"), [0, 0, 0], "empty lexicon");
});

Deno.test("TextClassifier.fit() with mentions learns the evidence weights and the register rule", () => {
  assert.ok(model.evidence, "fitted with evidence");
  assert.equal(model.evidence!.registerPercentile, 98);
  assert.ok(model.evidence!.effectHashes.length > 100 && model.evidence!.drugHashes.length > 50);
  assert.ok(model.evidence!.weights.some((weight) => weight > 0), `${model.evidence!.weights}`);
  assert.equal(fit("none").evidence, undefined);
  const withoutMentions = TextClassifier.fit(
    rows.map((row) => row.text),
    rows.map((row) => row.label),
    { ...DEFAULT_HYPERPARAMETERS },
    { seed: 3, groups: rows.map((row) => row.pmid) },
  );
  assert.equal(withoutMentions.evidence, undefined, "no mentions, no evidence");
});

Deno.test("the register rule flags lay text naming a known effect, and leaves other text alone", () => {
  const lay = "omg tbh this pill got me sooo dizzy n nauseous rn lol smh";
  const layNoEffect = "omg tbh picked up my pills rn lol smh";
  const [layScore, plainScore] = model.scores([lay, layNoEffect]);
  assert.ok(
    layScore >= model.threshold,
    `lay text with an effect: ${layScore} vs ${model.threshold}`,
  );
  assert.ok(plainScore < model.threshold, `lay text without an effect: ${plainScore}`);
  const off = new TextClassifier({
    ...model,
    evidence: { ...model.evidence!, registerPercentile: null },
  });
  assert.ok(off.scores([lay])[0] < layScore, "without the rule the lay text scores lower");
  const inDomain = TRAIN_ROWS.slice(5000, 5400).map((row) => row.text);
  const changed = model.scores(inDomain).filter((score, i) =>
    score !== off.scores([inDomain[i]])[0]
  );
  assert.ok(changed.length <= 0.05 * inDomain.length, `${changed.length} in-domain rows changed`);
});

Deno.test("saveModel() writes the evidence as hashes (no mention text); loadModel() predicts the same", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await saveModel(model, dir, { trainingDataSha256: "cd".repeat(32), seed: 3 });
    const loaded = await loadModel(dir);
    const probe = ["Rash after amoxicillin.", "so dizzy since the new tablets", "Dose was 5 mg."];
    assert.deepEqual(loaded.scores(probe), model.scores(probe));
    assert.deepEqual(loaded.evidence, model.evidence);
    const bytes = new TextDecoder("latin1").decode(
      new Uint8Array([
        ...await Deno.readFile(`${dir}/evidence.json`),
        ...await Deno.readFile(`${dir}/lexicon.bin`),
      ]),
    ).toLowerCase();
    for (const mention of rows.flatMap((row) => mentionsOf(row).effects).slice(0, 200)) {
      if (mention.length >= 6) assert.equal(bytes.includes(mention.toLowerCase()), false, mention);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
