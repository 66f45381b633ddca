// Test fixture: a store with a prepare run, the three evaluate runs (synthetic predictions) and tuning
// trials, as the pipeline would leave them; the split's test rows (invented sentences with drug and effect
// mentions), a model card per model folder, and optionally a random-split evaluation.
import { createRng, sha256File, toJsonl, writeJsonAtomic } from "../../lib/core/mod.ts";
import type { Label, Row } from "../../lib/data/types.ts";
import { buildEvaluationReport } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";
import { ExperimentStore, manifestHashOf } from "../../lib/track/mod.ts";

/** Quality (score separation) per configuration: the larger, the better the fake model. */
export const FAKE_QUALITY: Record<string, number> = {
  "baseline": 1.0,
  "tuned": 1.6,
  "tuned+synthetic": 1.7,
};

export interface FixtureOptions {
  /** Which evaluate runs to create (default all three). */
  configurations?: string[];
  /** Test rows (default 400). */
  rows?: number;
  /** Drop this many test rows from the non-baseline predictions (to make test sets differ). */
  dropFromOthers?: number;
  /** Add tune-trial runs (default true). */
  tuning?: boolean;
  /** The split's source: the public corpus (a corpus-layout folder, default) or a user's file. */
  source?: "corpus" | "user";
  /** Add a prepare run of a random split and an evaluate run on it (default false). */
  randomSplit?: boolean;
  /** Gold positives in the test rows: the share (default 0.3). */
  positiveShare?: number;
  /**
   * "tuned" is the baseline again (same hyperparameters, same scores) and the best trial is the untuned
   * defaults, as when tuning finds nothing better.
   */
  defaultsWon?: boolean;
}

/** Invented drug and effect names of the fixture sentences (no corpus or patient text). */
export const FIXTURE_DRUGS = ["zalomycin", "brevatol", "quintarex", "movidane"];
export const FIXTURE_EFFECTS = ["rash", "nausea", "hepatitis", "tremor"];

/** The fixture's test sentences: AE rows name a drug and an effect (with mentions), others a drug. */
function _testRows(gold: readonly Label[], pmids: readonly string[]): Row[] {
  return gold.map((label, index) => {
    const drug = FIXTURE_DRUGS[index % FIXTURE_DRUGS.length];
    const effect = FIXTURE_EFFECTS[Math.floor(index / 4) % FIXTURE_EFFECTS.length];
    const filler = " with a long course of follow-up visits".repeat(index % 5);
    if (label === "Adverse_Event") {
      const text = `Severe ${effect} developed after ${drug}${filler} in case ${index}.`;
      const effectStart = text.indexOf(effect);
      const drugStart = text.indexOf(drug);
      return {
        id: `t${index}`,
        text,
        label,
        pmid: pmids[index],
        drugs: [{ text: drug, start: drugStart, end: drugStart + drug.length }],
        effects: [{ text: effect, start: effectStart, end: effectStart + effect.length }],
      };
    }
    return {
      id: `t${index}`,
      text: `Plasma levels of ${drug}${filler} in case ${index}.`,
      label,
      pmid: pmids[index],
    };
  });
}

export interface Fixture {
  dir: string;
  storePath: string;
  runId: string;
}

/** Builds the fixture store in a fresh temp dir. */
export async function makeFixtureStore(options: FixtureOptions = {}): Promise<Fixture> {
  const dir = await Deno.makeTempDir({ prefix: "ade-report-test-" });
  const storePath = `${dir}/ade.sqlite`;
  const runId = "study-fixture";
  const rows = options.rows ?? 400;
  const rng = createRng(7);
  const share = options.positiveShare ?? 0.3;
  const gold: Label[] = Array.from(
    { length: rows },
    () => (rng.next() < share ? "Adverse_Event" : "Not_AE"),
  );
  const pmids = gold.map((_, index) => `pm${Math.floor(index / 3)}`);
  const source = (options.source ?? "corpus") === "corpus" ? `${dir}/corpus` : `${dir}/user.csv`;
  if (source.endsWith("corpus")) {
    await Deno.mkdir(source, { recursive: true });
    await Deno.writeTextFile(`${source}/DRUG-AE.rel`, "");
    await Deno.writeTextFile(`${source}/ADE-NEG.txt`, "");
  } else await Deno.writeTextFile(source, "id,text,label\n");
  await Deno.mkdir(`${dir}/data`, { recursive: true });
  await Deno.writeTextFile(`${dir}/data/test.jsonl`, toJsonl(_testRows(gold, pmids)));
  const manifestPath = `${dir}/data/manifest.json`;
  await writeJsonAtomic(manifestPath, {
    split: "grouped",
    seed: 42,
    test_size: 0.2,
    train_rows: 1600,
    test_rows: rows,
    train_positive: 480,
    test_positive: gold.filter((label) => label === "Adverse_Event").length,
    text_overlap: 0,
    pmid_overlap: 0,
    test_positive_text_in_train: 0,
    sha256: { train: "a".repeat(64), test: await sha256File(`${dir}/data/test.jsonl`) },
    source,
    version: 1,
  });
  const manifestHash = await manifestHashOf(manifestPath);
  const store = await ExperimentStore.open(storePath);
  const prepareId = store.startRun({ kind: "prepare", runId, manifestHash, params: { seed: 42 } });
  store.finishRun(prepareId, { status: "completed", artifacts: { manifest: manifestPath } });

  for (const configuration of options.configurations ?? Object.keys(FAKE_QUALITY)) {
    const same = options.defaultsWon && configuration === "tuned";
    const quality = same ? FAKE_QUALITY.baseline : FAKE_QUALITY[configuration] ?? 1.3;
    const noise = createRng(11);
    const scores = gold.map((label) => {
      const z = (label === "Adverse_Event" ? quality : -quality) + 1.2 * noise.normal();
      return 1 / (1 + Math.exp(-z));
    });
    let indices = gold.map((_, index) => index);
    if (configuration !== "baseline" && options.dropFromOthers) {
      indices = indices.slice(options.dropFromOthers);
    }
    const outDir = `${dir}/models/${configuration}`;
    const report = buildEvaluationReport(
      indices.map((i) => gold[i]),
      indices.map((i) => scores[i]),
      0.5,
      { seed: 42, resamples: 300, pmids: indices.map((i) => pmids[i]) },
    );
    const predictions = indices.map((i) => ({
      id: `t${i}`,
      label: scores[i] >= 0.5 ? "Adverse_Event" : "Not_AE",
      score: scores[i],
      gold: gold[i],
      pmid: pmids[i],
    }));
    await Deno.mkdir(`${outDir}/model`, { recursive: true });
    await Deno.writeTextFile(
      `${outDir}/model/MODEL_CARD.md`,
      `# Model card: ${configuration}\n\nA fixture card.\n`,
    );
    await Deno.writeTextFile(`${outDir}/predictions.jsonl`, toJsonl(predictions));
    await Deno.writeTextFile(`${outDir}/metrics.json`, JSON.stringify(report));
    const id = store.startRun({
      kind: "evaluate",
      runId,
      name: configuration,
      manifestHash,
      params: {
        hyperparameters: options.defaultsWon && (same || configuration === "baseline")
          ? { ...DEFAULT_HYPERPARAMETERS }
          : { model: "tfidf-svm", C: quality },
        seed: 42,
        test_rows: rows,
      },
    });
    store.finishRun(id, {
      status: "completed",
      metrics: { ...report },
      artifacts: {
        model_dir: `${outDir}/model`,
        metrics: `${outDir}/metrics.json`,
        predictions: `${outDir}/predictions.jsonl`,
      },
    });
  }
  if (options.randomSplit) {
    const randomManifest = `${dir}/data-random/manifest.json`;
    await writeJsonAtomic(randomManifest, {
      split: "random",
      seed: 42,
      test_size: 0.2,
      train_rows: 1700,
      test_rows: 430,
      text_overlap: 190,
      pmid_overlap: 400,
      test_positive_text_in_train: 0.48,
      sha256: { train: "c".repeat(64), test: "d".repeat(64) },
      source,
      version: 1,
    });
    const randomHash = await manifestHashOf(randomManifest);
    const prepare = store.startRun({ kind: "prepare", manifestHash: randomHash, params: {} });
    store.finishRun(prepare, { status: "completed", artifacts: { manifest: randomManifest } });
    const evaluation = store.startRun({
      kind: "evaluate",
      name: "baseline (random split)",
      manifestHash: randomHash,
      params: { seed: 42 },
    });
    store.finishRun(evaluation, {
      status: "completed",
      metrics: {
        f1: 0.83,
        f1_ci: { low: 0.8, high: 0.86, method: "bootstrap-percentile-rows", resamples: 300 },
      },
    });
  }
  if (options.tuning ?? true) {
    const objectives = [0.58, 0.61, 0.66, null, 0.64, 0.69];
    objectives.forEach((objective, index) => {
      // Started out of order (as parallel trials finish), numbered by name as the tuner does.
      const trial = [2, 1, 3, 4, 5, 6][index];
      const params = options.defaultsWon && trial === 6
        ? { ...DEFAULT_HYPERPARAMETERS }
        : { ...DEFAULT_HYPERPARAMETERS, C: 0.1 * trial, min_df: 1 + (trial % 2) };
      const id = store.startRun({
        kind: "tune-trial",
        runId,
        name: `trial-${trial}`,
        params: options.defaultsWon ? params : { C: 0.1 * trial },
      });
      store.finishRun(id, {
        status: objective === null ? "failed" : "completed",
        metrics: objective === null ? {} : { objective, intermediate: [] },
      });
    });
  }
  store.close();
  return { dir, storePath, runId };
}
