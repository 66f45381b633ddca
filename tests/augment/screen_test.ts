import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { CandidateScreen, PromptExamplePool } from "../../lib/augment/mod.ts";
import { charShingles, jaccardSimilarity } from "../../lib/augment/_minhash.ts";
import { testRows, trainRows } from "./_fixtures.ts";

const PROTECTED =
  "Fulminant liver failure followed a single course of oral kavastatin in a previously healthy teenager.";

/** Appends filler words to the protected sentence until its similarity drops below 0.8. */
function aroundThreshold(): { above: string; below: string; simAbove: number; simBelow: number } {
  const base = charShingles(PROTECTED);
  const filler = "and recovered fully within nine days of stopping the medicine at home".split(" ");
  let previous = PROTECTED;
  for (let k = 1; k <= filler.length; k++) {
    const text = `${PROTECTED} ${filler.slice(0, k).join(" ")}`;
    const similarity = jaccardSimilarity(base, charShingles(text));
    if (similarity < 0.8) {
      return {
        above: previous,
        below: text,
        simAbove: jaccardSimilarity(base, charShingles(previous)),
        simBelow: similarity,
      };
    }
    previous = text;
  }
  throw new Error("filler too short");
}

function newScreen(): CandidateScreen {
  return new CandidateScreen({
    trainRows: trainRows(),
    protectedSets: [{ origin: "exclude:test.jsonl", rows: testRows() }],
    index: { seed: 9 },
  });
}

Deno.test("CandidateScreen rejects a near-copy of a test sentence just above 0.8 and accepts one just below", () => {
  const { above, below, simAbove, simBelow } = aroundThreshold();
  assert.ok(simAbove >= 0.8 && simAbove < 0.83, `above: ${simAbove}`);
  assert.ok(simBelow < 0.8 && simBelow > 0.77, `below: ${simBelow}`);
  const screen = newScreen();
  const rejected = screen.check(above, { examples: [], checkEcho: false });
  assert.equal(rejected.accepted, false);
  assert.equal(!rejected.accepted && rejected.reason, "contamination");
  assert.equal(!rejected.accepted && rejected.match?.id, "test-1");
  assert.deepEqual(screen.check(below, { examples: [], checkEcho: false }), { accepted: true });
});

Deno.test("CandidateScreen rejects exact normalised copies of test sentences as contamination", () => {
  const verdict = newScreen().check(`  ${PROTECTED.toUpperCase()} `, {
    examples: [],
    checkEcho: false,
  });
  assert.deepEqual(verdict, {
    accepted: false,
    reason: "contamination",
    match: { origin: "exclude:test.jsonl", id: "test-1", similarity: 1 },
  });
});

Deno.test("CandidateScreen gives empty, too_short, too_long and duplicate reasons", () => {
  const screen = newScreen();
  const reason = (text: string) => {
    const verdict = screen.check(text, { examples: [], checkEcho: false });
    return verdict.accepted ? "accepted" : verdict.reason;
  };
  assert.equal(reason("   "), "empty");
  assert.equal(reason("Too short."), "too_short");
  assert.equal(reason("word ".repeat(200)), "too_long");
  assert.equal(reason(trainRows()[0].text.toUpperCase()), "duplicate");
  const fresh = "Agranulocytosis developed in a 30-year-old woman during treatment with zolvarin.";
  assert.equal(reason(fresh), "accepted");
  assert.equal(reason(fresh), "duplicate");
  // A near-copy of a training sentence is allowed: it is not leakage.
  assert.equal(
    reason(trainRows()[1].text.replace("withdrawal", "withdrawal of the drug")),
    "accepted",
  );
});

Deno.test("CandidateScreen rejects an echo of the candidate's own prompt example for language models only", () => {
  const screen = newScreen();
  const prompt = new PromptExamplePool(trainRows()).buildPrompt(createRng(2));
  const nearCopy = prompt.examples[0].text.replace(/\.$/, " again.");
  const verdict = screen.check(nearCopy, { examples: prompt.examples, checkEcho: true });
  assert.equal(!verdict.accepted && verdict.reason, "echo");
  assert.equal(!verdict.accepted && verdict.match?.id, prompt.examples[0].id);
  assert.deepEqual(screen.check(nearCopy, { examples: prompt.examples, checkEcho: false }), {
    accepted: true,
  });
});
