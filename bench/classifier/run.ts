/**
 * bench/classifier: this toolkit's TF-IDF classifier against scikit-learn (word 1–2 + char_wb 2–5 TF-IDF,
 * sublinear tf, LinearSVC C=1, threshold 0) on the identical grouped split (seed 42, 20 % test).
 *
 * Both sides are timed as whole processes (start, read, fit, save) in alternating order, `BENCH_ROUNDS`
 * times (default 3; the median is reported). Prediction throughput is measured inside each process (best of
 * 3 passes over the test split, model loading excluded). F1 is for the Adverse_Event class on the test split;
 * a paired cluster bootstrap (PubMed ids) gives the CI of the F1 difference.
 *
 * Usage: deno run -A bench/classifier/run.ts   (writes bench/classifier/results.json and results.md)
 */
import { sha256File } from "../../lib/core/mod.ts";
import { defaultCorpusSource, prepareDataset, readRows } from "../../lib/data/mod.ts";
import { computeMetrics, pairedBootstrapF1Difference } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS, readModelMetadata } from "../../lib/models/mod.ts";
import { loadAverage } from "../_load_average.ts";

const root = new URL("../../", import.meta.url).pathname;
const benchDir = `${root}bench/classifier`;
const work = `${benchDir}/.work`;
const rounds = Number(Deno.env.get("BENCH_ROUNDS") ?? "3");
const python = "/usr/bin/python3";

async function timed(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  const result = await new Deno.Command(command, {
    args,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  if (!result.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed:\n${new TextDecoder().decode(result.stderr)}`,
    );
  }
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const loadAtStart = loadAverage();
console.error(`[bench] preparing the grouped split (seed 42) in ${work}/data`);
const prepared = await prepareDataset({
  source: defaultCorpusSource(),
  split: "grouped",
  seed: 42,
  testSize: 0.2,
  out: `${work}/data`,
  quiet: true,
});
const deno = Deno.execPath();
const oursModel = `${work}/ours-model`;
const sklearnModel = `${work}/sklearn-model.pickle`;
const oursTrain = ["run", "-A", `${benchDir}/train.ts`, prepared.trainPath, oursModel, "42"];
const sklearnTrain = [`${benchDir}/sklearn_baseline.py`, "train", prepared.trainPath, sklearnModel];
// Warm-up (compiles and caches the TypeScript; loads Python's modules into the page cache).
await timed(deno, ["cache", `${benchDir}/train.ts`, `${benchDir}/predict.ts`]);
const oursSeconds: number[] = [];
const sklearnSeconds: number[] = [];
for (let round = 0; round < rounds; round++) {
  const oursFirst = round % 2 === 0;
  for (const side of oursFirst ? ["ours", "sklearn"] : ["sklearn", "ours"]) {
    if (side === "ours") oursSeconds.push(await timed(deno, oursTrain));
    else sklearnSeconds.push(await timed(python, sklearnTrain));
    console.error(
      `[bench] round ${round + 1}: ${side} trained in ${
        (side === "ours" ? oursSeconds : sklearnSeconds).at(-1)!.toFixed(2)
      } s`,
    );
  }
}
const oursPredictPath = `${work}/ours-predictions.json`;
const sklearnPredictPath = `${work}/sklearn-predictions.json`;
const oursPredictSeconds = await timed(deno, [
  "run",
  "-A",
  `${benchDir}/predict.ts`,
  oursModel,
  prepared.testPath,
  oursPredictPath,
]);
const sklearnPredictSeconds = await timed(python, [
  `${benchDir}/sklearn_baseline.py`,
  "predict",
  sklearnModel,
  prepared.testPath,
  sklearnPredictPath,
]);
const loadAtEnd = loadAverage();

interface PredictionFile {
  n: number;
  seconds_predict: number;
  sentences_per_second: number;
  predicted_positive: number[];
}
const ours = JSON.parse(await Deno.readTextFile(oursPredictPath)) as PredictionFile;
const sklearn = JSON.parse(await Deno.readTextFile(sklearnPredictPath)) as PredictionFile;
const testRows = await readRows(prepared.testPath);
const gold = testRows.map((row) => row.label);
const groups = testRows.map((row) => row.pmid ?? "");
const oursMetrics = computeMetrics(gold, ours.predicted_positive, 0.5);
const sklearnMetrics = computeMetrics(gold, sklearn.predicted_positive, 0.5);
const difference = pairedBootstrapF1Difference(
  gold,
  sklearn.predicted_positive.map((p) => p === 1),
  ours.predicted_positive.map((p) => p === 1),
  { seed: 42, groups, resamples: 2000 },
);
const metadata = await readModelMetadata(oursModel);
const sklearnVersion = new TextDecoder().decode(
  (await new Deno.Command(python, { args: ["-c", "import sklearn; print(sklearn.__version__)"] })
    .output()).stdout,
).trim();

const pick = (m: typeof oursMetrics) => ({
  f1: m.f1,
  precision: m.precision,
  recall: m.recall,
  tp: m.tp,
  fp: m.fp,
  fn: m.fn,
  tn: m.tn,
});
const results = {
  date: new Date().toISOString(),
  machine: {
    cores: navigator.hardwareConcurrency,
    note: "shared 2-core machine; load average (1/5/15 min) at start and end below",
    load_average_start: loadAtStart,
    load_average_end: loadAtEnd,
    deno: Deno.version.deno,
    scikit_learn: sklearnVersion,
  },
  split: {
    kind: "grouped",
    seed: 42,
    test_size: 0.2,
    train_rows: prepared.manifest.train_rows ?? null,
    test_rows: testRows.length,
    train_sha256: await sha256File(prepared.trainPath),
    test_sha256: await sha256File(prepared.testPath),
  },
  ours: {
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    threshold: metadata.threshold,
    features: metadata.features,
    training: metadata.training,
    test: pick(oursMetrics),
    train_process_seconds: oursSeconds,
    train_process_seconds_median: median(oursSeconds),
    predict_process_seconds: oursPredictSeconds,
    sentences_per_second: ours.sentences_per_second,
  },
  sklearn: {
    setup:
      "FeatureUnion(TfidfVectorizer(word, 1-2, sublinear_tf), TfidfVectorizer(char_wb, 2-5, sublinear_tf)) + LinearSVC(C=1), threshold 0",
    test: pick(sklearnMetrics),
    train_process_seconds: sklearnSeconds,
    train_process_seconds_median: median(sklearnSeconds),
    predict_process_seconds: sklearnPredictSeconds,
    sentences_per_second: sklearn.sentences_per_second,
  },
  comparison: {
    f1_difference: oursMetrics.f1 - sklearnMetrics.f1,
    f1_difference_ci: difference,
    train_time_ratio: median(oursSeconds) / median(sklearnSeconds),
    throughput_ratio: ours.sentences_per_second / sklearn.sentences_per_second,
    targets: {
      f1_at_least_sklearn_plus_0_01: oursMetrics.f1 >= sklearnMetrics.f1 + 0.01,
      train_time_at_most_sklearn: median(oursSeconds) <= median(sklearnSeconds),
      throughput_at_least_sklearn: ours.sentences_per_second >= sklearn.sentences_per_second,
    },
  },
};
await Deno.writeTextFile(`${benchDir}/results.json`, JSON.stringify(results, null, 2) + "\n");

const f = (value: number, digits = 3) => value.toFixed(digits);
const mark = (ok: boolean) => (ok ? "met" : "**missed**");
const md = `# bench/classifier results

Run \`deno run -A bench/classifier/run.ts\` (${results.date}; ${results.machine.cores} cores, shared; load
average ${loadAtStart} at start, ${loadAtEnd} at end; Deno ${results.machine.deno}, scikit-learn ${sklearnVersion}).
Grouped split, seed 42, 20 % test (${testRows.length} test sentences), identical files for both sides.

| | this toolkit (\`${DEFAULT_HYPERPARAMETERS.model}\`, defaults) | scikit-learn (word 1–2 + char_wb 2–5, LinearSVC C=1) | ratio / difference | target |
|---|---|---|---|---|
| F1 (Adverse_Event, test) | ${f(oursMetrics.f1)} | ${f(sklearnMetrics.f1)} | ${
  f(results.comparison.f1_difference, 3)
} (95 % paired cluster-bootstrap CI ${f(difference.low)} to ${f(difference.high)}) | ≥ +0.010: ${
  mark(results.comparison.targets.f1_at_least_sklearn_plus_0_01)
} |
| precision / recall | ${f(oursMetrics.precision)} / ${f(oursMetrics.recall)} | ${
  f(sklearnMetrics.precision)
} / ${f(sklearnMetrics.recall)} | | |
| training, whole process (median of ${rounds}) | ${f(median(oursSeconds), 2)} s | ${
  f(median(sklearnSeconds), 2)
} s | ${f(results.comparison.train_time_ratio, 2)}× | ≤ 1: ${
  mark(results.comparison.targets.train_time_at_most_sklearn)
} |
| prediction throughput (in process, best of 3) | ${
  Math.round(ours.sentences_per_second)
} sentences/s | ${Math.round(sklearn.sentences_per_second)} sentences/s | ${
  f(results.comparison.throughput_ratio, 2)
}× | ≥ 1: ${mark(results.comparison.targets.throughput_at_least_sklearn)} |

Training times per round (s): ours ${oursSeconds.map((s) => f(s, 2)).join(", ")}; scikit-learn ${
  sklearnSeconds.map((s) => f(s, 2)).join(", ")
}. Our whole process includes ${DEFAULT_HYPERPARAMETERS.threshold_folds} grouped inner folds (threshold and Platt scaling) before the final fit; scikit-learn fits once and uses
threshold 0. Our threshold ${
  f(metadata.threshold)
} was chosen on out-of-fold scores inside the training data
(out-of-fold F1 ${
  metadata.training.outOfFoldF1 === null ? "n/a" : f(metadata.training.outOfFoldF1)
}); the test split was never used for any choice.

How the defaults were chosen (out-of-fold F1, 5 grouped folds inside this training split, seed 42; measured
once by hand on 2026-11-25, not by this script): \`tfidf-svm\` C=0.25, balanced, min_df=2: 0.699;
C=0.1: 0.698; \`tfidf-logreg\` C=4: 0.698; min_df=1: 0.701 (twice the features, within noise, so not
taken); Naive-Bayes-scaled features (NBSVM) C=0.01–1: 0.638–0.669 (dropped). On an earlier development split
C=0.5/1 and class_weight=none gave 0.687–0.692 against 0.695 for C=0.25.
`;
await Deno.writeTextFile(`${benchDir}/results.md`, md);
// Keep the committed results in the repository's format (the quality gate checks `deno fmt`).
await timed(deno, ["fmt", `${benchDir}/results.md`, `${benchDir}/results.json`]);
console.log(await Deno.readTextFile(`${benchDir}/results.md`));
