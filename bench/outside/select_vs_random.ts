/**
 * Issue 16 item 4: do `select`ed samples beat random samples of the same size?
 *
 * Pool: the lay-language fixture's adaptation part (`splitHeldOut` by source, 40% held out, seed 42:
 * 437 texts, four registers mixed, as a user's unlabelled pool would be). For every seed s and size n,
 * `selectFile` (the `ade select` path, seed s) picks n pool texts and a uniform random draw (seed s)
 * picks n others; the fixture's labels stand in for the labeller; `adaptModel` (seed s) adapts the
 * default model on each sample with `--strategy threshold` and `--strategy retrain`; F1 is measured on
 * the held-out part (291 texts). `auto` is not run a third time: it keeps whichever of the two has the
 * higher cross-validated F1 on the sample, and both candidates are exactly those runs (same folds,
 * same seed), so its result is read from them. The comparison is paired by seed: mean difference
 * select − random and a 95% percentile bootstrap interval over seeds. A sample that `adapt` refuses
 * (e.g. too few positives for its folds) counts as a failure of that arm and its pair is dropped from
 * the mean (failures are reported).
 *
 *   deno run -A bench/outside/select_vs_random.ts [--seeds 20] [--sizes 50,100]
 *     [--strategies threshold,retrain] [--inner] [--design coverage|random] [--cache DIR]
 *
 * `--inner` is for design work: it splits the pool again (by source, 40%, seed 7) and measures on that
 * inner held-out part, never touching the reported held-out part; it prints its table and writes
 * nothing into bench/ (the design numbers are kept in select_vs_random_inner.md). `--design` sets how
 * `select` chooses within a score stratum (default: `select`'s own). `--cache DIR` keeps the prepared
 * split, the default model and the random arm's results (which do not depend on the design) between
 * runs. Otherwise writes bench/outside/select_vs_random.json and .md. The fixture is invented and labelled
 * by one author: a development check, not the independent evaluation.
 * @module
 */
import { parseArgs } from "node:util";
import { adaptModel, type SelectDesign, selectFile, splitHeldOut } from "../../lib/adapt/mod.ts";
import { createRng, toJsonl, writeFileAtomic, writeJsonAtomic } from "../../lib/core/mod.ts";
import { readRows, type Row } from "../../lib/data/mod.ts";
import { prepareGroupedSplit } from "../_grouped_split.ts";
import { resolveTrainingSetup, trainModel } from "../../lib/evaluate/mod.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { loadModel } from "../../lib/models/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seeds: { type: "string", default: "20" },
    sizes: { type: "string", default: "50,100" },
    strategies: { type: "string", default: "threshold,retrain" },
    "first-seed": { type: "string", default: "1" },
    "thin-positives": { type: "string" },
    out: { type: "string", default: "select_vs_random" },
    inner: { type: "boolean", default: false },
    cache: { type: "string" },
    design: { type: "string" },
  },
});
const seedCount = Number(values.seeds);
const firstSeed = Number(values["first-seed"]);
const sizes = values.sizes.split(",").map(Number);
const strategies = values.strategies.split(",") as ("threshold" | "retrain")[];
const here = new URL(".", import.meta.url).pathname;
const fixturePath = new URL("../../tests/fixtures/lay_language/lay_language.jsonl", import.meta.url)
  .pathname;
const work = await Deno.makeTempDir({ prefix: "bench-select-" });
const started = performance.now();
const log = (message: string) => console.error(`[select] ${message}`);
const round = (value: number) => Math.round(value * 1000) / 1000;

// `--cache DIR` keeps the prepared split, the default model and the random arm's results between
// design runs (the random arm does not depend on the design); without it everything is fresh.
const cacheDir = values.cache ?? work;
await Deno.mkdir(cacheDir, { recursive: true });
const modelDir = `${cacheDir}/model`;
const trainPath = `${cacheDir}/data/train.jsonl`;
if (!(await exists(`${modelDir}/model.json`))) {
  await prepareGroupedSplit(`${cacheDir}/data`);
  log("train the default model");
  await trainModel(await resolveTrainingSetup({ train: trainPath, modelDir, seed: 42, env: {} }));
}
const prepared = { trainPath };
async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
const lay = await readRows(fixturePath);
const outer = splitHeldOut(lay, { by: "source", heldOutShare: 0.4, seed: 42 });
const split = values.inner
  ? splitHeldOut(outer.pool, { by: "source", heldOutShare: 0.4, seed: 7 })
  : outer;
const thinShare = values["thin-positives"] === undefined ? null : Number(values["thin-positives"]);
const pool = thinShare === null ? split.pool : thinPositives(split.pool, thinShare);
const heldOut = thinShare === null ? split.heldOut : thinPositives(split.heldOut, thinShare);

/**
 * A low-prevalence version of rows (what a real pool of posts looks like): every negative row and, of
 * each source's positives, the first in a seeded order until positives are `share` of that source.
 */
function thinPositives(rows: readonly Row[], share: number): Row[] {
  const kept = new Set<Row>();
  for (const source of new Set(rows.map((row) => String(row.source)))) {
    const inSource = rows.filter((row) => String(row.source) === source);
    const negatives = inSource.filter((row) => row.label !== "Adverse_Event");
    negatives.forEach((row) => kept.add(row));
    const wanted = Math.round((share / (1 - share)) * negatives.length);
    createRng(42).shuffle(inSource.filter((row) => row.label === "Adverse_Event"))
      .slice(0, wanted).forEach((row) => kept.add(row));
  }
  return rows.filter((row) => kept.has(row));
}
const poolPath = `${work}/pool.jsonl`;
await Deno.writeTextFile(poolPath, toJsonl(pool.map(({ label: _label, ...row }) => row)));
const byId = new Map(pool.map((row) => [row.id, row]));
const heldGold = heldOut.map((row) => row.label);
const isPositive = (row: Row) => row.label === "Adverse_Event";

const baseModel = await loadModel(modelDir);
const baseF1 = computeMetrics(
  heldGold,
  Array.from(
    baseModel.scores(heldOut.map((row) => row.text)),
    (s) => (s >= baseModel.threshold ? 1 : 0),
  ),
  0.5,
).f1;

/** Held-out F1 of the default model adapted on `sample`, or null when adapt refuses the sample. */
async function adaptedF1(
  sample: readonly Row[],
  strategy: "threshold" | "retrain",
  seed: number,
  name: string,
): Promise<{ f1: number; cvF1: number } | null> {
  const labelledPath = `${work}/${name}.jsonl`;
  await Deno.writeTextFile(labelledPath, toJsonl(sample));
  const outDir = `${work}/${name}-${strategy}`;
  try {
    const { adaptation } = await adaptModel({
      modelDir,
      labelledPath,
      outDir,
      trainPath: prepared.trainPath,
      strategy,
      seed,
    });
    const model = await loadModel(outDir);
    const scores = model.scores(heldOut.map((row) => row.text));
    const predicted = Array.from(scores, (score) => (score >= model.threshold ? 1 : 0));
    await Deno.remove(outDir, { recursive: true });
    return { f1: computeMetrics(heldGold, predicted, 0.5).f1, cvF1: adaptation.estimate.f1 };
  } catch (error) {
    log(`${name} ${strategy}: adapt refused the sample (${(error as Error).message})`);
    return null;
  }
}

interface Arm {
  positives: number;
  f1: Partial<Record<"threshold" | "retrain" | "auto", number | null>>;
}
interface Pair {
  seed: number;
  n: number;
  select: Arm;
  random: Arm;
}
const pairs: Pair[] = [];
let randomFromCache = 0;
for (const n of sizes) {
  for (let seed = firstSeed; seed < firstSeed + seedCount; seed++) {
    const selection = await selectFile({
      modelDir,
      poolPath,
      n,
      outPath: `${work}/selected-${n}-${seed}.jsonl`,
      seed,
      ...(values.design ? { withinStratum: values.design as SelectDesign } : {}),
    });
    const selected = (await Deno.readTextFile(selection.jsonlPath)).trim().split("\n")
      .map((line) => byId.get(JSON.parse(line).id)!);
    const random = createRng(seed).shuffle([...pool]).slice(0, n);
    const pair: Pair = {
      seed,
      n,
      select: { positives: selected.filter(isPositive).length, f1: {} },
      random: { positives: random.filter(isPositive).length, f1: {} },
    };
    for (const [arm, sample] of [["select", selected], ["random", random]] as const) {
      const cacheKey = `${cacheDir}/random-${values.inner ? "inner" : "outer"}-${thinShare}-` +
        `${n}-${seed}-${strategies.join("+")}.json`;
      if (arm === "random" && values.cache && (await exists(cacheKey))) {
        pair.random.f1 = JSON.parse(await Deno.readTextFile(cacheKey));
        randomFromCache++;
        continue;
      }
      const cv: Partial<Record<string, number>> = {};
      for (const strategy of strategies) {
        const result = await adaptedF1(sample, strategy, seed, `${arm}-${n}-${seed}`);
        pair[arm].f1[strategy] = result ? result.f1 : null;
        if (result) cv[strategy] = result.cvF1;
      }
      if (strategies.includes("threshold") && strategies.includes("retrain")) {
        const { threshold, retrain } = pair[arm].f1;
        pair[arm].f1.auto = threshold == null || retrain == null
          ? (threshold ?? retrain ?? null)
          : cv.retrain! > cv.threshold!
          ? retrain
          : threshold;
      }
      if (arm === "random" && values.cache) {
        await Deno.writeTextFile(cacheKey, JSON.stringify(pair.random.f1));
      }
    }
    pairs.push(pair);
    const show = (arm: Arm) =>
      Object.entries(arm.f1).map(([k, v]) => `${k} ${v == null ? "–" : v.toFixed(3)}`).join(", ");
    log(
      `n ${n} seed ${seed}: select (${pair.select.positives} AEs) ${show(pair.select)} | ` +
        `random (${pair.random.positives} AEs) ${show(pair.random)}`,
    );
  }
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** 95% percentile bootstrap interval of the mean over seeds. */
function meanInterval(values: readonly number[]): [number, number] {
  const rng = createRng(2026);
  const resampled = Array.from(
    { length: 10000 },
    () => mean(Array.from({ length: values.length }, () => values[rng.int(values.length)])),
  ).sort((a, b) => a - b);
  return [round(resampled[249]), round(resampled[9749])];
}
/** Mean of the paired differences and a 95% percentile bootstrap interval over seeds. */
function pairedSummary(n: number, strategy: "threshold" | "retrain" | "auto") {
  const rows = pairs.filter((p) => p.n === n);
  const both = rows.filter((p) => p.select.f1[strategy] != null && p.random.f1[strategy] != null);
  const differences = both.map((p) => p.select.f1[strategy]! - p.random.f1[strategy]!);
  // What the user is left with: the unadapted model when adapt refuses the sample.
  const withFallback = rows.map((p) =>
    (p.select.f1[strategy] ?? baseF1) - (p.random.f1[strategy] ?? baseF1)
  );
  return {
    n,
    strategy,
    seeds: rows.length,
    paired: both.length,
    select_failed: rows.filter((p) => p.select.f1[strategy] == null).length,
    random_failed: rows.filter((p) => p.random.f1[strategy] == null).length,
    select_f1_mean: round(mean(both.map((p) => p.select.f1[strategy]!))),
    random_f1_mean: round(mean(both.map((p) => p.random.f1[strategy]!))),
    difference_mean: round(mean(differences)),
    difference_ci95: meanInterval(differences),
    difference_with_fallback_mean: round(mean(withFallback)),
    difference_with_fallback_ci95: meanInterval(withFallback),
    select_wins: differences.filter((d) => d > 0).length,
    ties: differences.filter((d) => d === 0).length,
    random_wins: differences.filter((d) => d < 0).length,
    select_positives_mean: round(mean(rows.map((p) => p.select.positives))),
    random_positives_mean: round(mean(rows.map((p) => p.random.positives))),
  };
}
const measured = [...strategies, ...(strategies.length === 2 ? ["auto" as const] : [])];
const summary = sizes.flatMap((n) => measured.map((strategy) => pairedSummary(n, strategy)));
const results = {
  experiment: "issue 16 item 4: select vs random samples of the same size, adapted, held-out F1",
  fixture: "tests/fixtures/lay_language/lay_language.jsonl (invented, labelled by one author)",
  split: values.inner
    ? "inner (design) split: splitHeldOut(pool, by source, 0.4, seed 7) of the outer pool"
    : "splitHeldOut(by source, heldOutShare 0.4, seed 42)",
  thinned_to_positive_share: thinShare,
  select_design: values.design ?? "alternate (the default)",
  unadapted_f1: round(baseF1),
  pool_rows: pool.length,
  pool_positives: pool.filter(isPositive).length,
  held_out_rows: heldOut.length,
  held_out_positives: heldOut.filter(isPositive).length,
  seeds: `${firstSeed}..${firstSeed + seedCount - 1}`,
  summary,
  pairs: pairs.map((p) => ({
    ...p,
    select: { ...p.select, f1: roundAll(p.select.f1) },
    random: { ...p.random, f1: roundAll(p.random.f1) },
  })),
  seconds: Math.round((performance.now() - started) / 1000),
  date: new Date().toISOString(),
};
function roundAll(f1: Arm["f1"]) {
  return Object.fromEntries(Object.entries(f1).map(([k, v]) => [k, v == null ? null : round(v)]));
}
const markdown = renderMarkdown();
if (values.inner) {
  console.log(markdown);
} else {
  await writeJsonAtomic(`${here}${values.out}.json`, results);
  await writeFileAtomic(`${here}${values.out}.md`, markdown);
}
await Deno.remove(work, { recursive: true });
log(`done in ${results.seconds} s`);

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
}

function renderMarkdown(): string {
  return [
    "# `select` vs random samples of the same size (lay-language fixture)",
    "",
    `Measured ${results.date.slice(0, 10)}; ${results.split}` +
    (thinShare === null ? "" : `, positives thinned to ${thinShare} of each source`) +
    `. Pool ${results.pool_rows} texts ` +
    `(${results.pool_positives} AEs), held-out ${results.held_out_rows} texts ` +
    `(${results.held_out_positives} AEs); \`select\` within strata: ${results.select_design}; ` +
    `seeds ${results.seeds}, paired by seed (select seed s vs ` +
    "random draw seed s, adapt seed s). Difference: mean of select − random over seeds, 95% " +
    "percentile bootstrap interval over seeds, over the seeds where adapt accepted both samples; " +
    '"with fallback": over every seed, a refused sample counting as the unadapted model ' +
    `(held-out F1 ${results.unadapted_f1}). The fixture is invented and labelled by one author.` +
    (randomFromCache > 0
      ? ` The random arm's results of ${randomFromCache} pairs were read from \`--cache\`, left ` +
        "there by an identical earlier run (the arm does not depend on the design; some rounded " +
        "to 0.001)."
      : "") +
    " Design choices were made on an inner split of the pool, never on this held-out part " +
    "(`select_vs_random_inner.md`); the design before: `select_vs_random_before_coverage.md`.",
    "",
    "| n | strategy | seeds | select F1 | random F1 | difference (95% CI) | select wins / ties / losses | AEs picked (select, random) | refused (select, random) | difference with fallback (95% CI) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...summary.map((s) =>
      `| ${s.n} | ${s.strategy} | ${s.paired} | ${s.select_f1_mean.toFixed(3)} | ` +
      `${s.random_f1_mean.toFixed(3)} | ${s.difference_mean >= 0 ? "+" : ""}` +
      `${s.difference_mean.toFixed(3)} (${s.difference_ci95[0].toFixed(3)} to ` +
      `${s.difference_ci95[1].toFixed(3)}) | ${s.select_wins} / ${s.ties} / ${s.random_wins} | ` +
      `${s.select_positives_mean}, ${s.random_positives_mean} | ${s.select_failed}, ${s.random_failed} | ` +
      `${signed(s.difference_with_fallback_mean)} (${
        s.difference_with_fallback_ci95[0].toFixed(3)
      } ` +
      `to ${s.difference_with_fallback_ci95[1].toFixed(3)}) |`
    ),
    "",
  ].join("\n");
}
