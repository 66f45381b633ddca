import { charShingles, jaccardSimilarity } from "/work/main/lib/augment/minhash.ts";
import { readRows, normalizeText } from "/work/main/lib/data/mod.ts";
const syn = await readRows("/tmp/aug-work/syn.jsonl");
const test = await readRows("/tmp/aug-work/data/test.jsonl");
const keys = new Set(test.map((r) => normalizeText(r.text)));
const sh = test.map((r) => charShingles(r.text));
let exact = 0, near = 0, max = 0;
for (const r of syn) {
  if (keys.has(normalizeText(r.text))) exact++;
  const s = charShingles(r.text);
  let best = 0;
  for (const t of sh) best = Math.max(best, jaccardSimilarity(s, t));
  if (best >= 0.8) near++;
  max = Math.max(max, best);
}
console.log({ n: syn.length, exact, near, max });
