/** What a report shows, gathered once and rendered to HTML and markdown. */
import { relative, resolve } from "node:path";
import { exists, readTextStrict, UsageError } from "../core/mod.ts";
import {
  f1IntervalFigure,
  leakageFigure,
  operatingPointsFigure,
  parallelCoordinatesFigure,
  parameterImportanceFigure,
  reliabilityFigure,
  tuningHistoryFigure,
} from "../figures/mod.ts";
import { type ReliabilityCurve, reliabilityCurve } from "../metrics/mod.ts";
import type { ExperimentStore } from "../track/mod.ts";
import {
  type Comparison,
  type ComparisonEntry,
  loadComparison,
  type LoadComparisonOptions,
} from "./comparison.ts";
import { comparisonFigures, type ReportFigure } from "./comparison_figures.ts";
import { type ComparisonFinding, describeComparison } from "./describe_comparison.ts";
import { loadTuningTrials, type TuningHistory } from "./load_tuning_trials.ts";
import { _artifactPathOf } from "./_artifact_path.ts";
import { _collectDataSection, type _DataSection } from "./_data_section.ts";
import { _collectErrorAnalysis, type _ErrorAnalysis } from "./_error_analysis.ts";
import { collectReproducibility, type Reproducibility } from "./_reproducibility.ts";
import { _domainSection, type DomainSection } from "./_domain_section.ts";
import { _summarizeTuning, type _TuningSummary } from "./_tuning_summary.ts";

/** A model folder's card, linked (and shown) in the report. */
export interface _ModelCardLink {
  /** The configuration whose model it describes. */
  configuration: string;
  /** The card's path as the report links it (relative to the report folder when possible). */
  href: string;
  /** The card's markdown (it holds no sentence text). */
  markdown: string;
}

/** Everything a report renders. */
export interface ReportContent {
  /** The table's data. */
  comparison: Comparison;
  /** What is and is not significant, worded from the numbers. */
  findings: ComparisonFinding[];
  /** Charts, in order; the sections place them by key. */
  figures: ReportFigure[];
  /** The tuning history, when one was found. */
  tuning?: TuningHistory;
  /** What the tuning found, when there was a history. */
  tuningSummary?: _TuningSummary;
  /** Reproducibility block. */
  reproducibility: Reproducibility;
  /** The data behind the numbers. */
  data: _DataSection;
  /** The training domain, and per-source tables when other sources were measured. */
  domain: DomainSection;
  /** Whether the report shows sentences (public corpus, or asked for). */
  showText: boolean;
  /** The configuration the error analysis and the summary are about. */
  focus: string | null;
  /** The error analysis of {@link ReportContent.focus}. */
  errors: _ErrorAnalysis | null;
  /** Reliability curve and Brier score per configuration. */
  reliability: Array<{ configuration: string; curve: ReliabilityCurve }>;
  /** The model cards found. */
  modelCards: _ModelCardLink[];
}

/** Options of {@link buildReportContent}. */
export interface BuildReportContentOptions extends LoadComparisonOptions {
  /** Read the tuning history from this `trials.jsonl` instead of the store. */
  trialsPath?: string;
  /** `outside.json` of the pipeline's `outside` stage: adds per-source tables. */
  outsideSummaryPath?: string;
  /**
   * Show sentences in the error analysis even when the data is not the public corpus (your own review
   * only; the report then holds text of your data). The public corpus's sentences are shown anyway.
   */
  showText?: boolean;
  /** The configuration to analyse (default `tuned` when present, else the first). */
  focus?: string;
  /** The report folder (model-card links are made relative to it). */
  outDir?: string;
}

/**
 * Loads the comparison, the data behind it and the tuning history from the store and builds everything
 * the report shows: findings, data section, operating points, calibration, error analysis, tuning
 * summary, model cards, the figures and the reproducibility block.
 * @param store open store
 * @param options run id or runs, bootstrap settings, trials file, text, focus, report folder
 * @returns the report's content
 * @throws {AdeError} see {@link loadComparison}, or an unknown `focus`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { loadComparison } from "./comparison.ts";
 * // A study run with a baseline and a tuned evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const recording = { storePath: `${dir}/ade.sqlite`, runId: "example" };
 * for (const [name, C] of [["baseline", 0.25], ["tuned", 4]] as const) {
 *   await recordTrainAndEvaluate({
 *     name, trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *     hyperparameters: { ...DEFAULT_HYPERPARAMETERS, C }, outDir: `${dir}/${name}`,
 *   }, recording);
 * }
 * const store = await ExperimentStore.open(recording.storePath);
 * const content = await buildReportContent(store, { resamples: 200 });
 * store.close();
 * assert.deepEqual(content.comparison.entries.map((e) => e.configuration), ["baseline", "tuned"]);
 * assert.equal(content.focus, "tuned");
 * assert.equal(content.showText, false); // not the public corpus: no sentences in the report
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function buildReportContent(
  store: ExperimentStore,
  options: BuildReportContentOptions = {},
): Promise<ReportContent> {
  const comparison = await loadComparison(store, options);
  const reproducibility = await collectReproducibility(store, comparison);
  const data = await _collectDataSection(store, comparison, reproducibility);
  const showText = data.publicCorpus || (options.showText ?? false);
  const focusEntry = _focusEntry(comparison, options.focus);
  const errors = focusEntry
    ? await _collectErrorAnalysis(focusEntry, {
      showText,
      testRowsPath: data.testRowsPath,
      storePath: store.path,
      seed: comparison.seed,
      resamples: comparison.resamples,
    })
    : null;
  const reliability = comparison.entries.map((entry) => ({
    configuration: entry.configuration,
    curve: reliabilityCurve(
      entry.predictions.map((row) => row.gold),
      entry.predictions.map((row) => row.score),
    ),
  }));
  const tuning = await loadTuningTrials(store, {
    runId: comparison.runId,
    trialsPath: options.trialsPath,
  });
  const tuningSummary = tuning && tuning.trials.length > 0
    ? _summarizeTuning(tuning.trials, comparison)
    : undefined;
  if (!tuningSummary) {
    comparison.notes.push("No tuning history found (no tune or tune-trial runs in the store).");
  }
  const content: ReportContent = {
    comparison,
    findings: describeComparison(comparison),
    figures: [],
    ...(tuning ? { tuning } : {}),
    ...(tuningSummary ? { tuningSummary } : {}),
    reproducibility,
    data,
    domain: await _domainSection(reproducibility.data.split, options.outsideSummaryPath),
    showText,
    focus: focusEntry?.configuration ?? null,
    errors,
    reliability,
    modelCards: await _modelCards(comparison, store.path, options.outDir),
  };
  content.figures = _figures(content);
  return content;
}

function _focusEntry(
  comparison: Comparison,
  focus: string | undefined,
): ComparisonEntry | undefined {
  if (focus !== undefined) {
    const entry = comparison.entries.find((candidate) => candidate.configuration === focus);
    if (!entry) {
      throw new UsageError(
        `--focus ${focus}: not in the report (its rows: ${
          comparison.entries.map((candidate) => candidate.configuration).join(", ")
        })`,
      );
    }
    return entry;
  }
  return comparison.entries.find((entry) => entry.configuration === "tuned") ??
    comparison.entries[0];
}

async function _modelCards(
  comparison: Comparison,
  storePath: string,
  outDir: string | undefined,
): Promise<_ModelCardLink[]> {
  const cards: _ModelCardLink[] = [];
  for (const entry of comparison.entries) {
    const modelDir = await _artifactPathOf(entry.run, "model_dir", storePath);
    if (!modelDir) continue;
    const path = `${modelDir.replace(/\/+$/, "")}/MODEL_CARD.md`;
    if (!(await exists(path))) continue;
    cards.push({
      configuration: entry.configuration,
      href: outDir ? relative(resolve(outDir), path) : path,
      markdown: await readTextStrict(path),
    });
  }
  return cards;
}

/** The report's charts, in the order of its sections. */
function _figures(content: ReportContent): ReportFigure[] {
  const { comparison } = content;
  const figures = comparisonFigures(comparison);
  if (content.data.leakage) {
    const rows = [
      content.data.leakage,
      ...(content.data.randomSplit ? [content.data.randomSplit.leakage] : []),
    ];
    figures.unshift({
      key: "leakage",
      caption: "Leakage into the test set: the share of test AE sentences whose text is also in " +
        "training, and of test sentences whose abstract is also in training (0% means none).",
      figure: leakageFigure(rows, { title: "Leakage into the test set, by split" }),
    });
  }
  if (comparison.entries.length > 0) {
    figures.push({
      key: "operating-points",
      caption:
        "Share of test sentences a reviewer reads at each operating point, with its 95% interval " +
        "(hover for threshold, precision and recall).",
      figure: operatingPointsFigure(comparison.entries.map((entry) => ({
        name: entry.configuration,
        points: entry.metrics.operating_points,
      }))),
    }, {
      key: "reliability",
      caption:
        "Reliability diagram: in each score bin, the observed share of AE sentences against the " +
        "mean score (95% Wilson intervals); on the diagonal the scores mean what they say.",
      figure: reliabilityFigure(content.reliability.map(({ configuration, curve }) => ({
        name: configuration,
        curve,
      }))),
    });
  }
  const byLength = content.errors?.byLength.filter((group) => group.f1_ci !== null) ?? [];
  if (byLength.length > 0) {
    figures.push({
      key: "f1-by-length",
      caption: `F1 of ${content.errors!.configuration} by sentence length, with 95% intervals.`,
      figure: f1IntervalFigure(
        byLength.map((group) => ({
          name: group.group,
          metrics: { f1: group.f1, f1_ci: group.f1_ci! },
        })),
        { title: `F1 by sentence length — ${content.errors!.configuration}` },
      ),
    });
  }
  const summary = content.tuningSummary;
  if (content.tuning && summary) {
    figures.push({
      key: "tuning",
      caption:
        `Tuning history: objective per trial and best so far (source: ${content.tuning.source}).`,
      figure: tuningHistoryFigure(content.tuning.trials, {
        title: `Tuning history (${content.tuning.trials.length} trials)`,
      }),
    });
    if (summary.axes.length > 0 && summary.completed > 0) {
      figures.push({
        key: "tuning-parallel",
        caption:
          "Hyperparameters of the completed trials against their objective (one line a trial).",
        figure: parallelCoordinatesFigure(content.tuning.trials, { parameters: summary.axes }),
      }, {
        key: "tuning-importance",
        caption:
          `Share of the objective's variance each hyperparameter accounts for (η², over ${summary.completed} completed trials; rough with few trials).`,
        figure: parameterImportanceFigure(summary.importance),
      });
    }
  }
  return figures;
}
