/** What a report shows, gathered once and rendered to HTML and markdown. */
import { tuningHistoryFigure } from "../figures/mod.ts";
import type { ExperimentStore } from "../track/mod.ts";
import { type Comparison, loadComparison, type LoadComparisonOptions } from "./comparison.ts";
import { comparisonFigures, type ReportFigure } from "./comparison_figures.ts";
import { type ComparisonFinding, describeComparison } from "./describe_comparison.ts";
import { loadTuningTrials, type TuningHistory } from "./load_tuning_trials.ts";
import { collectReproducibility, type Reproducibility } from "./_reproducibility.ts";
import { _domainSection, type DomainSection } from "./_domain_section.ts";

/** Everything a report renders. */
export interface ReportContent {
  /** The table's data. */
  comparison: Comparison;
  /** What is and is not significant, worded from the numbers. */
  findings: ComparisonFinding[];
  /** Charts, in order. */
  figures: ReportFigure[];
  /** The tuning history, when one was found. */
  tuning?: TuningHistory;
  /** Reproducibility block. */
  reproducibility: Reproducibility;
  /** The training domain, and per-source tables when other sources were measured. */
  domain: DomainSection;
}

/** Options of {@link buildReportContent}. */
export interface BuildReportContentOptions extends LoadComparisonOptions {
  /** Read the tuning history from this `trials.jsonl` instead of the store. */
  trialsPath?: string;
  /** `outside.json` of the pipeline's `outside` stage: adds per-source tables. */
  outsideSummaryPath?: string;
}

/**
 * Loads the comparison and tuning history from the store and builds the findings, the figures (F1 with
 * CI, PR curves, confusion matrices, tuning history when present) and the reproducibility block.
 * @param store open store
 * @param options run id, bootstrap settings, trials file
 * @returns the report's content
 * @throws {AdeError} see {@link loadComparison}
 * @example const content = await buildReportContent(store, { runId: "study-1" });
 */
export async function buildReportContent(
  store: ExperimentStore,
  options: BuildReportContentOptions = {},
): Promise<ReportContent> {
  const comparison = await loadComparison(store, options);
  const tuning = await loadTuningTrials(store, {
    runId: comparison.runId,
    trialsPath: options.trialsPath,
  });
  const figures: ReportFigure[] = comparisonFigures(comparison);
  if (tuning && tuning.trials.length > 0) {
    figures.push({
      key: "tuning",
      caption: `Tuning history: objective per trial and best so far (source: ${tuning.source}).`,
      figure: tuningHistoryFigure(tuning.trials, {
        title: `Tuning history (${tuning.trials.length} trials)`,
      }),
    });
  } else {
    comparison.notes.push("No tuning history found (no tune or tune-trial runs in the store).");
  }
  const reproducibility = await collectReproducibility(store, comparison);
  return {
    comparison,
    findings: describeComparison(comparison),
    figures,
    ...(tuning ? { tuning } : {}),
    reproducibility,
    domain: await _domainSection(reproducibility.data.split, options.outsideSummaryPath),
  };
}
