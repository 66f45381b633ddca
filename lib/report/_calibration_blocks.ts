/** Private: calibration — the Brier score per configuration and the reliability diagram. */
import { formatMetric } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The calibration blocks. */
export function _calibrationBlocks(content: ReportContent): _ReportBlock[] {
  if (content.reliability.length === 0) return [];
  return [
    {
      kind: "heading",
      level: 2,
      text: "Calibration: do the scores mean what they say?",
      id: "calibration",
    },
    {
      kind: "table",
      header: [
        "configuration",
        "Brier score",
        "no-skill Brier (prevalence)",
        "expected calibration error",
      ],
      rows: content.reliability.map(({ configuration, curve }) => [
        configuration,
        formatMetric(curve.brier),
        formatMetric(curve.brier_reference),
        formatMetric(curve.expected_calibration_error),
      ]),
      align: ["left", "right", "right", "right"],
    },
    {
      kind: "paragraph",
      text:
        "Brier score: mean squared difference between score and outcome (lower is better; the " +
        "no-skill value always predicts the share of AE sentences). Expected calibration error: the " +
        "sentence-weighted mean gap between score and observed AE share over ten score bins.",
    },
    { kind: "figure", key: "reliability" },
  ];
}
