/** Colours shared by the figures: one per study configuration, a cycle for other series, trial statuses. */

/** The comparison's configurations keep their colour in every chart. */
const CONFIGURATION_COLOURS: Record<string, string> = {
  "baseline": "#636efa",
  "tuned": "#ef553b",
  "tuned+synthetic": "#00cc96",
};

/** Colours of other series, by position. */
const SERIES_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

/** Marker colours of tuning trials by status, and of the best-so-far line. */
export const _TRIAL_COLOURS = {
  completed: "#1f77b4",
  stopped: "#ff7f0e",
  best: "#2ca02c",
} as const;

/**
 * The colour of the series at `index`: a configuration's own colour (`baseline`, `tuned`,
 * `tuned+synthetic`), else the index-th colour of the cycle.
 */
export function _seriesColour(name: string, index: number): string {
  return CONFIGURATION_COLOURS[name] ?? SERIES_COLOURS[index % SERIES_COLOURS.length];
}
