/**
 * Reporting: Plotly figures for notebooks and reports.
 *
 * @example
 * ```ts
 * import { plotlyFigure } from "./mod.ts";
 * plotlyFigure([{ type: "bar", x: ["a"], y: [1] }], { title: "Example" });
 * ```
 * @module
 */
export * from "./figure.ts";
