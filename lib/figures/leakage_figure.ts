/** Leakage into the test set by split kind, with every bar's value written on it (0 shows as 0). */
import { type PlotlyFigure, plotlyFigure } from "./plotly_figure.ts";

/** One split as the chart reads it (a `compareSplitLeakage` line fits as it is). */
export interface LeakageBar {
  /** The split (`random`, `dedup`, `grouped`). */
  split: string;
  /** Test rows. */
  test_rows: number;
  /** Test rows whose PubMed id also occurs in train. */
  pmid_overlap: number;
  /** Fraction of test positives whose normalised text occurs in train. */
  test_positive_text_in_train: number;
}

/**
 * Two grouped bars per split: the share of test positives whose text is also in train, and the share of
 * test rows whose abstract is also in train. Each bar carries its value as a label above it, so a zero bar
 * (no height) still reads `0%`. The y axis runs from 0 to 1.
 * @param rows one line per split
 * @param options title (default `Leakage into the test set, by split`)
 * @returns the figure (two bar traces)
 * @example
 * ```ts
 * const figure = leakageFigure([
 *   { split: "random", test_rows: 4700, pmid_overlap: 4400, test_positive_text_in_train: 0.49 },
 *   { split: "grouped", test_rows: 4179, pmid_overlap: 0, test_positive_text_in_train: 0 },
 * ]);
 * console.log(figure.data[0].text); // ["49.0%", "0%"]
 * ```
 */
export function leakageFigure(
  rows: readonly LeakageBar[],
  options: { title?: string } = {},
): PlotlyFigure {
  const label = (share: number) => (share === 0 ? "0%" : `${(100 * share).toFixed(1)}%`);
  const bar = (name: string, colour: string, shares: number[]) => ({
    type: "bar",
    name,
    x: rows.map((row) => row.split),
    y: shares,
    text: shares.map(label),
    textposition: "outside",
    cliponaxis: false,
    marker: { color: colour },
    hovertemplate: `%{x}: ${name} %{y:.1%}<extra></extra>`,
  });
  return plotlyFigure([
    bar(
      "test positives with their text in train",
      "#d62728",
      rows.map((row) => row.test_positive_text_in_train),
    ),
    bar(
      "test rows with their abstract in train",
      "#ff7f0e",
      rows.map((row) => (row.test_rows === 0 ? 0 : row.pmid_overlap / row.test_rows)),
    ),
  ], {
    title: { text: options.title ?? "Leakage into the test set, by split" },
    barmode: "group",
    xaxis: { title: { text: "split" }, type: "category" },
    yaxis: { title: { text: "share of test rows" }, tickformat: ".0%", range: [0, 1] },
    height: 420,
  });
}
