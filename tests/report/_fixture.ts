// Test fixture: a store with a prepare run, the three evaluate runs (synthetic predictions, no text) and
// tuning trials, as the pipeline would leave them.
import { createRng, toJsonl, writeJsonAtomic } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/types.ts";
import { buildEvaluationReport } from "../../lib/metrics/mod.ts";
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
  const gold: Label[] = Array.from(
    { length: rows },
    () => (rng.next() < 0.3 ? "Adverse_Event" : "Not_AE"),
  );
  const pmids = gold.map((_, index) => `pm${Math.floor(index / 3)}`);
  const manifestPath = `${dir}/data/manifest.json`;
  await writeJsonAtomic(manifestPath, {
    split: "grouped",
    seed: 42,
    test_size: 0.2,
    train_rows: 1600,
    test_rows: rows,
    sha256: { train: "a".repeat(64), test: "b".repeat(64) },
    source: "fixture",
    version: 1,
  });
  const manifestHash = await manifestHashOf(manifestPath);
  const store = await ExperimentStore.open(storePath);
  const prepareId = store.startRun({ kind: "prepare", runId, manifestHash, params: { seed: 42 } });
  store.finishRun(prepareId, { status: "completed", artifacts: { manifest: manifestPath } });

  for (const configuration of options.configurations ?? Object.keys(FAKE_QUALITY)) {
    const quality = FAKE_QUALITY[configuration];
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
    await Deno.mkdir(outDir, { recursive: true });
    await Deno.writeTextFile(`${outDir}/predictions.jsonl`, toJsonl(predictions));
    await Deno.writeTextFile(`${outDir}/metrics.json`, JSON.stringify(report));
    const id = store.startRun({
      kind: "evaluate",
      runId,
      name: configuration,
      manifestHash,
      params: { hyperparameters: { model: "tfidf-svm", C: quality }, seed: 42, test_rows: rows },
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
  if (options.tuning ?? true) {
    const objectives = [0.58, 0.61, 0.66, null, 0.64, 0.69];
    objectives.forEach((objective, index) => {
      // Started out of order (as parallel trials finish), numbered by name as the tuner does.
      const trial = [2, 1, 3, 4, 5, 6][index];
      const id = store.startRun({
        kind: "tune-trial",
        runId,
        name: `trial-${trial}`,
        params: { C: 0.1 * trial },
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
