/** Precision–recall curves of the configurations on their test predictions. */
import { precisionRecallCurve } from "../evaluate/precision_recall_curve.ts";
import type { Comparison } from "./comparison.ts";
import { PlotlyFigure, plotlyFigure } from "./figure.ts";
import { _colourOf } from "./_palette.ts";

/**
 * One precision–recall curve per configuration (from the stored scores), with each model's operating
 * point (its precision and recall at its own threshold) marked.
 * @param comparison from {@link loadComparison}
 * @returns the figure (a line and a marker trace per configuration)
 * @example await Deno.jupyter.display(precisionRecallFigure(comparison));
 */
export function precisionRecallFigure(comparison: Comparison): PlotlyFigure {
  const traces = comparison.entries.flatMap((entry) => {
    const curve = precisionRecallCurve(
      entry.predictions.map((row) => row.gold),
      entry.predictions.map((row) => row.score),
    );
    const colour = _colourOf(entry.configuration);
    return [
      {
        type: "scatter",
        mode: "lines",
        name: `${entry.configuration} (PR-AUC ${entry.metrics.pr_auc.toFixed(3)})`,
        x: [0, ...curve.recall],
        y: [curve.precision[0] ?? 1, ...curve.precision],
        line: { color: colour, shape: "hv" },
        hovertemplate: "recall %{x:.3f}, precision %{y:.3f}<extra></extra>",
      },
      {
        type: "scatter",
        mode: "markers",
        name: `${entry.configuration} operating point`,
        x: [entry.metrics.recall],
        y: [entry.metrics.precision],
        marker: { color: colour, size: 11, symbol: "diamond", line: { width: 1, color: "#222" } },
        showlegend: false,
        hovertemplate: `${entry.configuration}: recall %{x:.3f}, precision %{y:.3f}<extra></extra>`,
      },
    ];
  });
  return plotlyFigure(traces, {
    title: { text: "Precision–recall curves (AE class)" },
    xaxis: { title: { text: "recall" }, range: [0, 1.02] },
    yaxis: { title: { text: "precision" }, range: [0, 1.02] },
    height: 440,
    legend: { x: 0.02, y: 0.05 },
  });
}
