/** Colours per configuration, shared by the report's figures. */
const COLOURS: Record<string, string> = {
  "baseline": "#636efa",
  "tuned": "#ef553b",
  "tuned+synthetic": "#00cc96",
};

/** The colour of a configuration (grey for unknown names). */
export function _colourOf(configuration: string): string {
  return COLOURS[configuration] ?? "#7f7f7f";
}
