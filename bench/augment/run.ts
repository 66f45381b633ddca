/**
 * The augmentation experiment (issue 6): on the grouped split of the real corpus, generate 300 synthetic
 * adverse-event sentences with the offline generator, check them against the test split by brute force,
 * then train the local model (default hyperparameters) with and without them and compare on the untouched
 * test split (paired cluster-bootstrap CI of the F1 difference, exact McNemar test).
 *
 *   deno run -A bench/augment/run.ts [--n 300] [--seed 42] [--resamples 1000]
 *
 * Writes bench/augment/results.json and bench/augment/results.md. Work files go to a temp folder.
 * @module
 */
import { parseArgs } from "node:util";
import { augment, compareAugmentation, OfflineGenerator } from "../../lib/augment/mod.ts";
import { charShingles, jaccardSimilarity } from "../../lib/augment/_minhash.ts";
import { writeFileAtomic, writeJsonAtomic } from "../../lib/core/mod.ts";
import {
  defaultCorpusSource,
  normalizeText,
  prepareDataset,
  readRows,
} from "../../lib/data/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    n: { type: "string", default: "300" },
    seed: { type: "string", default: "42" },
    resamples: { type: "string", default: "1000" },
    keep: { type: "boolean", default: false },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const resamples = Number(values.resamples);
const here = new URL(".", import.meta.url).pathname;
const work = await Deno.makeTempDir({ prefix: "bench-augment-" });
const source = defaultCorpusSource();
const started = performance.now();

const prepared = await prepareDataset({
  source,
  split: "grouped",
  seed,
  testSize: 0.2,
  out: `${work}/data`,
  quiet: true,
});
const generation = await augment({
  trainPath: prepared.trainPath,
  excludePaths: [prepared.testPath],
  corpusSource: source,
  generator: new OfflineGenerator(),
  n,
  seed,
  outPath: `${work}/synthetic.jsonl`,
  quiet: true,
});

// Brute-force audit of the done-when condition: no accepted row is an exact or near (≥ 0.8) copy of a test sentence.
const trainRows = await readRows(prepared.trainPath);
const testRows = await readRows(prepared.testPath);
const testKeys = new Set(testRows.map((row) => normalizeText(row.text)));
const testShingles = testRows.map((row) => charShingles(row.text));
let exactTestCopies = 0;
let nearTestCopies = 0;
let maxTestSimilarity = 0;
for (const row of generation.rows) {
  if (testKeys.has(normalizeText(row.text))) exactTestCopies++;
  const shingles = charShingles(row.text);
  let best = 0;
  for (const other of testShingles) best = Math.max(best, jaccardSimilarity(shingles, other));
  if (best >= 0.8) nearTestCopies++;
  maxTestSimilarity = Math.max(maxTestSimilarity, best);
}

const syntheticRows = await readRows(generation.outPath);
const comparison = await compareAugmentation({
  trainRows,
  syntheticRows,
  testRows,
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
  seed,
  resamples,
  outDir: `${work}/models`,
});

const round = (value: number) => Math.round(value * 10000) / 10000;
const results = {
  experiment: "synthetic AE augmentation, offline mention-swap generator, with vs without",
  corpus: "ADE Corpus V2 (raw files)",
  split: {
    kind: "grouped",
    seed,
    test_size: 0.2,
    train_rows: trainRows.length,
    test_rows: testRows.length,
  },
  hyperparameters: DEFAULT_HYPERPARAMETERS,
  generation: {
    generator: generation.summary.generator,
    model: generation.summary.model,
    requested: generation.summary.requested,
    generated: generation.summary.generated,
    accepted: generation.summary.accepted,
    rejected: generation.summary.rejected,
    calls: generation.summary.calls,
    protected_sentences: generation.summary.protected_sentences,
  },
  test_overlap_audit: {
    method: "brute force over every test sentence, char 5-gram Jaccard",
    exact_copies: exactTestCopies,
    near_copies_at_0_8: nearTestCopies,
    max_similarity: round(maxTestSimilarity),
  },
  without_synthetic: {
    train_rows: comparison.trainRows,
    f1: round(comparison.without.metrics.f1),
    f1_ci: comparison.without.metrics.f1_ci,
    f1_ci_pmid: comparison.without.metrics.f1_ci_pmid,
    precision: round(comparison.without.metrics.precision),
    recall: round(comparison.without.metrics.recall),
  },
  with_synthetic: {
    train_rows: comparison.trainRows + comparison.syntheticRows,
    f1: round(comparison.with.metrics.f1),
    f1_ci: comparison.with.metrics.f1_ci,
    f1_ci_pmid: comparison.with.metrics.f1_ci_pmid,
    precision: round(comparison.with.metrics.precision),
    recall: round(comparison.with.metrics.recall),
  },
  f1_difference: {
    with_minus_without: round(comparison.f1Difference.difference),
    ci95: [round(comparison.f1Difference.low), round(comparison.f1Difference.high)],
    method: comparison.f1Difference.method,
    resamples: comparison.f1Difference.resamples,
  },
  mcnemar: comparison.mcnemar,
  seconds: Math.round((performance.now() - started) / 1000),
  deno: Deno.version.deno,
};
await writeJsonAtomic(`${here}results.json`, results);

const d = results.f1_difference;
const f1Reading = d.ci95[0] > 0
  ? "the F1 interval lies above zero: the synthetic rows raised F1 on this split"
  : d.ci95[1] < 0
  ? "the F1 interval lies below zero: the synthetic rows lowered F1 on this split"
  : "the F1 interval contains zero: no F1 effect established at 95% on this split";
const m = results.mcnemar;
const mcnemarReading = m.pValue < 0.05
  ? `McNemar's test finds the two models' errors differ (the model with synthetic rows is right on ${m.c} test rows ` +
    `the other gets wrong, and wrong on ${m.b} it gets right)`
  : "McNemar's test finds no difference in the two models' errors";
const verdict = `${f1Reading}; ${mcnemarReading}`;
await writeFileAtomic(
  `${here}results.md`,
  `# Synthetic AE augmentation: with vs without (offline mention-swap generator)

Grouped split of ADE Corpus V2 (seed ${seed}, ${trainRows.length} train / ${testRows.length} test rows), local model with
default hyperparameters, test split untouched. Regenerate with \`deno run -A bench/augment/run.ts\`.

| | train rows | F1 | 95% CI (PubMed clusters) | precision | recall |
|---|---:|---:|---|---:|---:|
| without synthetic | ${results.without_synthetic.train_rows} | ${results.without_synthetic.f1} | ${
    _ci(results.without_synthetic.f1_ci_pmid ?? results.without_synthetic.f1_ci)
  } | ${results.without_synthetic.precision} | ${results.without_synthetic.recall} |
| with ${generation.summary.accepted} synthetic | ${results.with_synthetic.train_rows} | ${results.with_synthetic.f1} | ${
    _ci(results.with_synthetic.f1_ci_pmid ?? results.with_synthetic.f1_ci)
  } | ${results.with_synthetic.precision} | ${results.with_synthetic.recall} |

F1 difference (with − without): **${d.with_minus_without}**, 95% CI [${d.ci95[0]}, ${
    d.ci95[1]
  }] (${d.method}, ${d.resamples}
resamples); McNemar exact: b = ${results.mcnemar.b}, c = ${results.mcnemar.c}, p = ${
    _p(results.mcnemar.pValue)
  }.
Reading: ${verdict}.

Generation: ${generation.summary.accepted}/${generation.summary.requested} accepted from ${generation.summary.generated} candidates
(${generation.summary.calls} calls); rejected ${
    JSON.stringify(generation.summary.rejected)
  }. Contamination index:
${generation.summary.protected_sentences} protected sentences (test split + corpus outside training).
Brute-force audit against every test sentence: ${exactTestCopies} exact copies, ${nearTestCopies} near copies (char 5-gram
Jaccard ≥ 0.8); highest similarity ${results.test_overlap_audit.max_similarity}.

Caveat: the offline generator recombines annotated drug and effect mentions of training sentences; it measures the
pipeline, not what Falcon-generated sentences would do. One split, one seed.
`,
);
// Keep the written files in the repository's format (the quality gate runs `deno fmt --check`).
await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--quiet", `${here}results.json`, `${here}results.md`],
}).output();
console.log(
  JSON.stringify({
    f1_difference: results.f1_difference,
    mcnemar: results.mcnemar,
    audit: results.test_overlap_audit,
  }),
);
if (!values.keep) await Deno.remove(work, { recursive: true });
else console.log(`work files kept in ${work}`);

function _ci(ci: unknown): string {
  const value = ci as { low?: number; high?: number } | undefined;
  return value && typeof value.low === "number" && typeof value.high === "number"
    ? `[${round(value.low)}, ${round(value.high)}]`
    : "n/a";
}

function _p(p: number): string {
  return p < 0.001 ? p.toExponential(2) : p.toFixed(3);
}
