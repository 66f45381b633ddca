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
 * @example The three charts (in a notebook, `showInNotebook` of `figures` draws their `figure`s)
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
 * const comparison = await loadComparison(store, { resamples: 200 });
 * store.close();
 * const figures = comparisonFigures(comparison);
 * assert.deepEqual(figures.map((item) => item.key), ["f1-ci", "pr-curves", "confusion"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
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
