/**
 * Beyond case reports (issue 16), measured on the lay-language fixture (invented texts in four registers,
 * `tests/fixtures/lay_language/`, held-out part only) and on the grouped split of the real corpus:
 *
 * - per-source F1 (95% CI) of each model at its own threshold ("no labels"), after `adapt` with 100
 *   labelled texts of that source (auto: threshold vs retrain by cross-validation), and of a
 *   scikit-learn peer (TF-IDF + LinearSVC) whose threshold is chosen on the same 100 texts;
 * - in-domain grouped-split F1;
 * - the shift warning: false alarms on random in-domain subsets (50/100/200 rows) and on the whole test
 *   split, hit rate on every register (held-out part, and random 50-row subsets);
 *
 * `select` against random picks is measured separately, over 20 seeds, by `select_vs_random.ts` here.
 *
 *   deno run -A bench/outside/run.ts [--seed 42] [--resamples 1000] [--quick]
 *
 * Writes bench/outside/results.json and results.md. The fixture and any hand-written lay resource share
 * one author: treat these numbers as a development check, not the independent evaluation.
 * @module
 */
import { parseArgs } from "node:util";
import { adaptModel, splitHeldOut } from "../../lib/adapt/mod.ts";
import { createRng, toJsonl, writeFileAtomic, writeJsonAtomic } from "../../lib/core/mod.ts";
import { readRows, type Row } from "../../lib/data/mod.ts";
import { prepareGroupedSplit } from "../_grouped_split.ts";
import { resolveTrainingSetup, trainModel } from "../../lib/evaluate/mod.ts";
import { bootstrapF1Interval, computeMetrics } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS, loadModel } from "../../lib/models/mod.ts";
import {
  fitShiftReference,
  judgeShift,
  judgeShiftCounts,
  loadShiftReference,
  saveShiftReference,
  unusualRows,
} from "../../lib/shift/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string", default: "42" },
    resamples: { type: "string", default: "1000" },
    quick: { type: "boolean", default: false },
  },
});
const seed = Number(values.seed);
const resamples = Number(values.resamples);
const here = new URL(".", import.meta.url).pathname;
const fixturePath = new URL("../../tests/fixtures/lay_language/lay_language.jsonl", import.meta.url)
  .pathname;
const work = await Deno.makeTempDir({ prefix: "bench-outside-" });
const SOURCES = ["forum", "tweet", "call_note", "email"] as const;
const SAMPLE_SIZE = 100;
const started = performance.now();
const log = (message: string) => console.error(`[outside] ${message}`);

/** The model variants measured: n-grams only (the model before issue 16), and today's defaults. */
const VARIANTS: Record<string, Record<string, string>> = {
  "n-grams only": { evidence: "none" },
  default: {},
};

const prepared = await prepareGroupedSplit(`${work}/data`, seed);
const testRows = await readRows(prepared.testPath);
const trainRows = await readRows(prepared.trainPath);
const lay = await readRows(fixturePath);
const { pool, heldOut } = splitHeldOut(lay, { by: "source", heldOutShare: 0.4, seed: 42 });
const write = async (name: string, rows: readonly unknown[]) => {
  const path = `${work}/${name}`;
  await Deno.writeTextFile(path, toJsonl(rows));
  return path;
};
const files: Record<string, { sample: string; held_out: string; pool: string }> = {};
for (const source of SOURCES) {
  files[source] = {
    sample: await write(
      `${source}.sample.jsonl`,
      pool.filter((r) => r.source === source).slice(0, SAMPLE_SIZE),
    ),
    held_out: await write(`${source}.held_out.jsonl`, heldOut.filter((r) => r.source === source)),
    pool: await write(`${source}.pool.jsonl`, pool.filter((r) => r.source === source)),
  };
}

interface Measured {
  f1: number;
  low: number;
  high: number;
  precision: number;
  recall: number;
  positives: number;
  n: number;
}
const round = (value: number) => Math.round(value * 1000) / 1000;
function measure(
  rows: readonly Row[],
  predicted: readonly boolean[],
  bootstrapSeed = seed,
): Measured {
  const gold = rows.map((row) => row.label);
  const metrics = computeMetrics(gold, predicted.map(Number), 0.5);
  const ci = bootstrapF1Interval(gold, [...predicted], { seed: bootstrapSeed, resamples });
  return {
    f1: round(metrics.f1),
    low: round(ci.low),
    high: round(ci.high),
    precision: round(metrics.precision),
    recall: round(metrics.recall),
    positives: metrics.tp + metrics.fn,
    n: metrics.n,
  };
}
async function predictWith(modelDir: string, rows: readonly Row[]): Promise<boolean[]> {
  const model = await loadModel(modelDir);
  const scores = model.scores(rows.map((row) => row.text));
  return Array.from(scores, (score) => score >= model.threshold);
}
const meanF1 = (bySource: Record<string, Measured>) =>
  round(SOURCES.reduce((sum, source) => sum + bySource[source].f1, 0) / SOURCES.length);

const results: Record<string, unknown> = {
  experiment:
    "issue 16: outside text (lay-language fixture, held-out part) and in-domain grouped split",
  fixture: {
    path: "tests/fixtures/lay_language/lay_language.jsonl",
    note: "invented and labelled by one author (h6-outside); not the independent evaluation",
    split: "splitHeldOut(by source, heldOutShare 0.4, seed 42)",
    held_out: Object.fromEntries(
      SOURCES.map((s) => [s, heldOut.filter((r) => r.source === s).length]),
    ),
    sample_size: SAMPLE_SIZE,
  },
  seed,
  resamples,
  models: {},
};

for (const [variant, hp] of Object.entries(VARIANTS)) {
  const modelDir = `${work}/model-${variant}`;
  log(`train ${variant}`);
  const setup = await resolveTrainingSetup({
    train: prepared.trainPath,
    modelDir,
    hyperparameters: Object.entries(hp).map(([name, value]) => `${name}=${value}`),
    seed,
    env: {},
  });
  await trainModel(setup);
  if (!await loadShiftReference(modelDir)) {
    await saveShiftReference(
      modelDir,
      fitShiftReference(trainRows.map((r) => r.text), trainRows.map((r) => r.label), {
        seed,
        groups: trainRows.map((r) => r.pmid),
      }),
    );
  }
  const inDomain = measure(testRows, await predictWith(modelDir, testRows));
  const noLabels: Record<string, Measured> = {};
  const adapted: Record<string, Measured & { strategy: string; cv_f1: number }> = {};
  for (const source of SOURCES) {
    const held = await readRows(files[source].held_out);
    noLabels[source] = measure(held, await predictWith(modelDir, held));
    if (values.quick) continue;
    log(`${variant}: adapt to ${source}`);
    const outDir = `${work}/model-${variant}-${source}`;
    const { adaptation } = await adaptModel({
      modelDir,
      labelledPath: files[source].sample,
      outDir,
      trainPath: prepared.trainPath,
      seed,
    });
    adapted[source] = {
      ...measure(held, await predictWith(outDir, held)),
      strategy: adaptation.strategy,
      cv_f1: round(adaptation.estimate.f1),
    };
  }
  (results.models as Record<string, unknown>)[variant] = {
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, ...hp },
    in_domain_test: inDomain,
    no_labels: { ...noLabels, mean_f1: meanF1(noLabels) },
    ...(values.quick ? {} : { adapted_100: { ...adapted, mean_f1: meanF1(adapted) } }),
  };
  if (variant !== "default") continue;

  // The shift warning, with the default model's reference.
  const reference = (await loadShiftReference(modelDir))!;
  const unusual = unusualRows(reference, testRows.map((row) => row.text));
  const rng = createRng(seed);
  const falseAlarms: Record<string, number> = {};
  for (const size of [50, 100, 200]) {
    let alarms = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const picked = rng.shuffle([...unusual.keys()]).slice(0, size);
      const count = picked.filter((i) => unusual[i]).length;
      if (judgeShiftCounts(reference, { rows: size, unusualRows: count }).flagged) alarms++;
    }
    falseAlarms[`subsets_of_${size}`] = alarms / 1000;
  }
  const wholeTest = judgeShift(reference, testRows.map((row) => row.text));
  const registers: Record<string, unknown> = {};
  for (const source of SOURCES) {
    const texts = heldOut.filter((r) => r.source === source).map((r) => r.text);
    const verdict = judgeShift(reference, texts);
    const flags = unusualRows(reference, texts);
    let hits = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const picked = rng.shuffle([...flags.keys()]).slice(0, 50);
      const count = picked.filter((i) => flags[i]).length;
      if (judgeShiftCounts(reference, { rows: 50, unusualRows: count }).flagged) hits++;
    }
    registers[source] = {
      rows: texts.length,
      unusual_share: round(verdict.score!),
      flagged: verdict.flagged,
      hit_rate_50_row_subsets: hits / 1000,
    };
  }
  results.shift = {
    designed_false_alarm_rate: reference.falseAlarmRate,
    expected_unusual_share: round(reference.expectedUnusualShare),
    in_domain_false_alarm_rate: falseAlarms,
    in_domain_test_split: {
      rows: testRows.length,
      unusual_share: round(wholeTest.score!),
      threshold: round(wholeTest.threshold!),
      flagged: wholeTest.flagged,
    },
    registers,
  };
}

// The scikit-learn peer: threshold chosen on the same 100 texts per source.
log("scikit-learn peer");
const spec = {
  in_domain: prepared.testPath,
  sources: Object.fromEntries(SOURCES.map((s) => [s, files[s]])),
};
await Deno.writeTextFile(`${work}/spec.json`, JSON.stringify(spec));
const peer = await new Deno.Command("/usr/bin/python3", {
  args: [`${here}sklearn_peer.py`, prepared.trainPath, `${work}/spec.json`, `${work}/peer.json`],
  stdout: "inherit",
  stderr: "inherit",
}).output();
if (peer.success) {
  const out = JSON.parse(await Deno.readTextFile(`${work}/peer.json`));
  const atSample: Record<string, Measured> = {};
  const atZero: Record<string, Measured> = {};
  for (const source of SOURCES) {
    const held = await readRows(files[source].held_out);
    atSample[source] = measure(held, out.sources[source].predicted.map(Boolean));
    atZero[source] = measure(held, out.sources[source].predicted_at_zero.map(Boolean));
  }
  results.sklearn_peer = {
    model: "TF-IDF word 1-2 + char_wb 2-5 (sublinear) + LinearSVC(C=1)",
    in_domain_test: measure(testRows, out.in_domain.map(Boolean)),
    no_labels: { ...atZero, mean_f1: meanF1(atZero) },
    threshold_on_100: { ...atSample, mean_f1: meanF1(atSample) },
  };
} else {
  results.sklearn_peer = {
    error: "python3 sklearn_peer.py failed (is python3-sklearn installed?)",
  };
}
results.seconds = Math.round((performance.now() - started) / 1000);
results.date = new Date().toISOString();
await writeJsonAtomic(`${here}results.json`, results);
await writeFileAtomic(`${here}results.md`, renderMarkdown(results));
await Deno.remove(work, { recursive: true });
log(`done in ${results.seconds} s; wrote bench/outside/results.json and results.md`);

function renderMarkdown(r: Record<string, unknown>): string {
  const cell = (m: Measured | undefined) =>
    m
      ? `${m.f1.toFixed(3)} (${m.low.toFixed(2)}–${m.high.toFixed(2)})${
        m.positives < 30 ? "†" : ""
      }`
      : "–";
  const models = r.models as Record<
    string,
    Record<string, Record<string, Measured> & { mean_f1?: number }>
  >;
  const peer = r.sklearn_peer as Record<string, Record<string, Measured> & { mean_f1?: number }>;
  const lines = [
    "# Outside text: per-source F1 on the lay-language fixture (held-out part)",
    "",
    `Measured ${
      String(r.date).slice(0, 10)
    }, seed ${r.seed}, ${r.resamples} bootstrap resamples (rows). ` +
    "The fixture is invented and labelled by one author; † marks fewer than 30 AEs (interval unreliable).",
    "",
    `| arm | in-domain test F1 | ${SOURCES.join(" | ")} | mean |`,
    `| --- | --- | ${SOURCES.map(() => "---").join(" | ")} | --- |`,
  ];
  for (const [variant, m] of Object.entries(models)) {
    lines.push(
      `| ${variant}, no labels | ${cell(m.in_domain_test as unknown as Measured)} | ${
        SOURCES.map((s) => cell(m.no_labels[s])).join(" | ")
      } | ${m.no_labels.mean_f1} |`,
    );
    if (m.adapted_100) {
      lines.push(
        `| ${variant}, adapt (100 texts) | – | ${
          SOURCES.map((s) => cell(m.adapted_100[s])).join(" | ")
        } | ${m.adapted_100.mean_f1} |`,
      );
    }
  }
  if (peer?.threshold_on_100) {
    lines.push(
      `| scikit-learn, no labels | ${cell(peer.in_domain_test as unknown as Measured)} | ${
        SOURCES.map((s) => cell(peer.no_labels[s])).join(" | ")
      } | ${peer.no_labels.mean_f1} |`,
      `| scikit-learn, threshold on the 100 texts | – | ${
        SOURCES.map((s) => cell(peer.threshold_on_100[s])).join(" | ")
      } | ${peer.threshold_on_100.mean_f1} |`,
    );
  }
  const shift = r.shift as Record<string, Record<string, unknown>> | undefined;
  if (shift) {
    lines.push(
      "",
      "## Shift warning",
      "",
      `Designed false-alarm rate ${shift.designed_false_alarm_rate} per in-domain file. Measured on random ` +
        `in-domain test subsets: ${
          JSON.stringify(shift.in_domain_false_alarm_rate)
        }; whole test split ` +
        `(${(shift.in_domain_test_split as Record<string, unknown>).rows} rows): flagged ` +
        `${(shift.in_domain_test_split as Record<string, unknown>).flagged}.`,
      "",
      "| register | held-out rows | unusual share | flagged | hit rate, 50-row subsets |",
      "| --- | --- | --- | --- | --- |",
      ...SOURCES.map((s) => {
        const x = (shift.registers as Record<string, Record<string, unknown>>)[s];
        return `| ${s} | ${x.rows} | ${x.unusual_share} | ${x.flagged} | ${x.hit_rate_50_row_subsets} |`;
      }),
    );
  }
  return lines.join("\n") + "\n";
}
