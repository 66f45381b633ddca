/** The comparison's charts, as the report and notebook 05 show them. */
import {
  coincidingCurves,
  confusionMatrixFigure,
  f1IntervalFigure,
  type PlotlyFigure,
  precisionRecallFigure,
} from "../figures/mod.ts";
import type { Comparison } from "./comparison.ts";

/** One chart of the report. */
export interface ReportFigure {
  /** Short identifier, e.g. `f1-ci`. */
  key: string;
  /** Caption. */
  caption: string;
  /** The figure. */
  figure: PlotlyFigure;
}

/**
 * The comparison's charts: F1 with its 95% interval per configuration, the precision–recall curves with
 * each model's operating point and the no-skill line (from the stored scores; the caption says which
 * curves coincide), and the confusion matrices on one colour scale.
 * @param comparison from {@link loadComparison}
 * @returns the three charts with keys and captions (none when the comparison has no entries)
 * @example await showInNotebook(comparisonFigures(comparison).map((item) => item.figure));
 */
export function comparisonFigures(comparison: Comparison): ReportFigure[] {
  if (comparison.entries.length === 0) return [];
  const evaluations = comparison.entries.map((entry) => ({
    name: entry.configuration,
    metrics: entry.metrics,
    gold: entry.predictions.map((row) => row.gold),
    scores: entry.predictions.map((row) => row.score),
  }));
  const coinciding = [...coincidingCurves(evaluations)].map(([name, earlier]) =>
    ` The curves of ${name} and ${earlier} coincide: the same score on every test sentence.`
  ).join("");
  return [
    {
      key: "f1-ci",
      caption: "F1 of the AE class per configuration with its 95% confidence interval.",
      figure: f1IntervalFigure(evaluations, {
        title: `F1 (AE class) with 95% CI — run ${comparison.runId}`,
      }),
    },
    {
      key: "pr-curves",
      caption: "Precision–recall curves; the diamonds mark each model's operating threshold, the " +
        `dotted line is no skill (precision = the share of AE sentences).${coinciding}`,
      figure: precisionRecallFigure(evaluations, { title: "Precision–recall curves (AE class)" }),
    },
    {
      key: "confusion",
      caption: "Confusion matrices on the test set (rows: gold, columns: predicted).",
      figure: confusionMatrixFigure(evaluations),
    },
  ];
}
