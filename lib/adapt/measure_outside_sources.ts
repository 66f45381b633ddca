/**
 * Before and after, per text source: how a model does on a labelled file from other sources at its own
 * threshold, whether the shift warning fires, and what adapting to each source (on a separate pool of
 * that source) gives on held-out rows. Used by the pipeline's `outside` stage and notebook 08.
 */
import { sha256File, toJsonl, writeFileAtomic, writeJsonAtomic } from "../core/mod.ts";
import { readRows, type Row } from "../data/mod.ts";
import {
  buildEvaluationReport,
  buildGroupedEvaluationReport,
  type EvaluationReport,
  type GroupedEvaluationReport,
} from "../metrics/mod.ts";
import { loadModel } from "../models/mod.ts";
import { judgeShift, type ShiftJudgement } from "../shift/mod.ts";
import { adaptModel } from "./adapt_model.ts";
import type { CrossValidatedEstimate } from "./cross_validate_operating_point.ts";
import { MINIMUM_ROWS_PER_LABEL, MINIMUM_SAMPLE_ROWS } from "./read_labelled_sample.ts";
import { _selectWithModel } from "./_select_with_model.ts";
import { splitHeldOut } from "./split_held_out.ts";

/** Options of {@link measureOutsideSources}. */
export interface MeasureOutsideOptions {
  /** The model to measure and adapt. */
  modelDir: string;
  /** Labelled rows from other sources (`text`, `label`, and the `by` field). */
  labelledPath: string;
  /** Where the adapted models, the picked samples and `outside.json` go. */
  outDir: string;
  /** Row field naming the source (default `source`). */
  by?: string;
  /** Share of each source held out for evaluation (default 0.4). */
  heldOutShare?: number;
  /** Texts picked (with `select`) from each source's pool to adapt on (default 100). */
  sampleSize?: number;
  /** The model's training rows, so that `adapt` may try `retrain`. */
  trainPath?: string;
  /** Seed (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** One line per step. */
  onProgress?: (line: string) => void;
}

/** One source's before/after. */
export interface OutsideSourceResult {
  /** The source's value of the `by` field. */
  source: string;
  /** Rows of the source in the pool (what adapt may learn from). */
  pool_rows: number;
  /** The shift verdict on the source's held-out rows. */
  shift: ShiftJudgement;
  /** The model at its own threshold on the held-out rows. */
  no_labels: EvaluationReport;
  /** After adapting on `sample_size` pool texts, on the same held-out rows (absent when skipped). */
  adapted?: {
    strategy: string;
    sample_rows: number;
    sample_positives: number;
    cross_validated: CrossValidatedEstimate;
    held_out: EvaluationReport;
    model_dir: string;
  };
  /** Why adaptation was skipped. */
  skipped?: string;
}

/** `outside.json`: numbers only (no text). */
export interface OutsideSummary {
  /** The labelled file and its SHA-256. */
  file: { path: string; sha256: string; rows: number };
  /** The field the sources are named by. */
  by: string;
  /** The model measured. */
  model_dir: string;
  /** How the file was split (pool / held-out). */
  split: { held_out_share: number; seed: number; pool_rows: number; held_out_rows: number };
  /** Texts picked per source to adapt on. */
  sample_size: number;
  /** The model on every held-out row, by source. */
  no_labels: GroupedEvaluationReport;
  /** Per source. */
  sources: OutsideSourceResult[];
}

/**
 * Splits the labelled file into pool and held-out parts per source ({@link splitHeldOut}), measures the
 * model on each source's held-out rows (metrics with intervals, small-sample warnings, the shift
 * verdict), then for each source picks `sampleSize` pool texts with `select`, adapts the model on them
 * (`auto`) and measures the adapted model on the same held-out rows. Writes `OUT/outside.json` (numbers
 * only), the picked samples (`OUT/samples/<source>.jsonl`, the user's own rows) and the adapted models.
 * @param options model, labelled file, output folder, split and sample settings
 * @returns the summary
 * @throws {DataError} a bad labelled file, or one without the `by` field
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const outDir = await Deno.makeTempDir();
 * const summary = await measureOutsideSources({
 *   modelDir: "tests/fixtures/models/tiny",
 *   labelledPath: "tests/fixtures/lay_language/lay_language.jsonl",
 *   outDir,
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 * });
 * assert.deepEqual(summary.sources.map((s) => s.source).sort(), ["call_note", "email", "forum", "tweet"]);
 * for (const s of summary.sources) console.log(s.source, s.no_labels.f1, s.adapted?.held_out.f1);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function measureOutsideSources(
  options: MeasureOutsideOptions,
): Promise<OutsideSummary> {
  const by = options.by ?? "source";
  const seed = options.seed ?? 42;
  const share = options.heldOutShare ?? 0.4;
  const sampleSize = options.sampleSize ?? 100;
  const progress = options.onProgress ?? (() => {});
  const rows = await readRows(options.labelledPath);
  const { pool, heldOut } = splitHeldOut(rows, { by, heldOutShare: share, seed });
  const model = await loadModel(options.modelDir);
  const reference = model.shiftReference;
  const out = options.outDir.replace(/\/+$/, "");
  const report = (model: Awaited<ReturnType<typeof loadModel>>, part: readonly Row[]) =>
    buildEvaluationReport(
      part.map((r) => r.label),
      model.scores(part.map((r) => r.text)),
      model.threshold,
      {
        seed,
        resamples: options.resamples,
      },
    );
  const noLabels = buildGroupedEvaluationReport(
    heldOut.map((row) => row.label),
    model.scores(heldOut.map((row) => row.text)),
    model.threshold,
    by,
    heldOut.map((row) => row[by]),
    { seed, resamples: options.resamples },
  );
  const sources: OutsideSourceResult[] = [];
  for (const source of Object.keys(noLabels.by)) {
    const inSource = (row: Row) =>
      (row[by] === undefined || row[by] === "" ? "(none)" : String(row[by])) === source;
    const held = heldOut.filter(inSource);
    const poolRows = pool.filter(inSource);
    const texts = held.map((row) => row.text);
    const result: OutsideSourceResult = {
      source,
      pool_rows: poolRows.length,
      shift: reference ? judgeShift(reference, texts) : {
        score: null,
        threshold: null,
        flagged: false,
        reason: "cannot judge: no shift reference",
      },
      no_labels: noLabels.by[source],
    };
    const n = Math.min(sampleSize, poolRows.length);
    if (n < MINIMUM_SAMPLE_ROWS) {
      result.skipped = `${poolRows.length} pool rows: adapt needs at least ${MINIMUM_SAMPLE_ROWS}`;
      sources.push(result);
      continue;
    }
    const picks = _selectWithModel(model, poolRows.map((row) => row.text), { n, seed }).picks
      .map((pick) => poolRows[pick.index]);
    const positives = picks.filter((row) => row.label === "Adverse_Event").length;
    if (Math.min(positives, n - positives) < MINIMUM_ROWS_PER_LABEL) {
      result.skipped =
        `the ${n} picked texts hold ${positives} Adverse_Event rows: adapt needs at ` +
        `least ${MINIMUM_ROWS_PER_LABEL} of each label`;
      sources.push(result);
      continue;
    }
    const samplePath = `${out}/samples/${_fileName(source)}.jsonl`;
    await writeFileAtomic(samplePath, toJsonl(picks));
    progress(`${source}: adapt on ${n} picked texts (${positives} AEs)`);
    const adaptedDir = `${out}/models/${_fileName(source)}`;
    const { adaptation, model: adapted } = await adaptModel({
      modelDir: options.modelDir,
      labelledPath: samplePath,
      outDir: adaptedDir,
      trainPath: options.trainPath,
      seed,
    });
    result.adapted = {
      strategy: adaptation.strategy,
      sample_rows: n,
      sample_positives: positives,
      cross_validated: adaptation.estimate,
      held_out: report(adapted, held),
      model_dir: adaptedDir,
    };
    progress(
      `${source}: held-out F1 ${result.no_labels.f1.toFixed(3)} → ${
        result.adapted.held_out.f1.toFixed(3)
      }`,
    );
    sources.push(result);
  }
  const summary: OutsideSummary = {
    file: {
      path: options.labelledPath,
      sha256: await sha256File(options.labelledPath),
      rows: rows.length,
    },
    by,
    model_dir: options.modelDir,
    split: { held_out_share: share, seed, pool_rows: pool.length, held_out_rows: heldOut.length },
    sample_size: sampleSize,
    no_labels: noLabels,
    sources,
  };
  await writeJsonAtomic(`${out}/outside.json`, summary);
  return summary;
}

function _fileName(source: string): string {
  return source.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 60) || "source";
}
