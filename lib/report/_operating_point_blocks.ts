/** Private: the operating points — what each threshold catches and what a recall target costs to read. */
import { operatingPointLabel } from "../figures/mod.ts";
import { describeIntervalMethod, describeOperatingPoint } from "../metrics/mod.ts";
import { formatCount, formatWithInterval } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The operating points' blocks: the sentences, the table, the chart, and where thresholds come from. */
export function _operatingPointBlocks(content: ReportContent): _ReportBlock[] {
  const { entries } = content.comparison;
  if (entries.length === 0) return [];
  const focus = entries.find((entry) => entry.configuration === content.focus) ?? entries[0];
  const sentences = focus.metrics.operating_points.map((point) => describeOperatingPoint(point));
  const rows = entries.flatMap((entry) =>
    entry.metrics.operating_points.map((point) => [
      entry.configuration,
      operatingPointLabel(point),
      point.threshold.toFixed(4),
      formatWithInterval(point.precision, point.precision_ci),
      formatWithInterval(point.recall, point.recall_ci),
      formatWithInterval(point.flagged_share, point.flagged_share_ci, true),
      formatCount(Math.round(point.flagged_share * 1000)),
    ])
  );
  const methods = [
    ...new Set(entries.map((entry) => {
      const ci = entry.metrics.operating_points_ci;
      return `${describeIntervalMethod(ci.method)}, ${formatCount(ci.resamples)} resamples`;
    })),
  ];
  const rule = focus.run.params.target_recall === undefined
    ? "its threshold was chosen inside the training data, for the best F1 on out-of-fold scores"
    : `its threshold was chosen inside the training data, to reach recall ${focus.run.params.target_recall} on out-of-fold scores`;
  return [
    {
      kind: "heading",
      level: 2,
      text: "Operating points: what a recall target costs",
      id: "operating-points",
    },
    {
      kind: "paragraph",
      text: `For ${focus.configuration} — ${rule}:`,
    },
    { kind: "list", items: sentences.map((sentence) => `${sentence}.`) },
    {
      kind: "table",
      header: [
        "configuration",
        "operating point",
        "threshold",
        "precision (95% CI)",
        "recall (95% CI)",
        "share flagged (95% CI)",
        "read per 1,000 sentences",
      ],
      rows,
      align: ["left", "left", "right", "right", "right", "right", "right"],
      className: "operating-points",
    },
    {
      kind: "paragraph",
      text:
        `Intervals: ${
          methods.join("; ")
        }. At the model's threshold the threshold is fixed and the ` +
        "sentences are resampled; for a recall target each resample picks its own threshold for the " +
        "target, so the interval includes where that threshold falls. The thresholds for recall targets " +
        "are the ones that reach the target on this test set: they say what a target costs, they were " +
        "not tested on unseen data. To run a model at a target, train it with `--target-recall R` (the " +
        "threshold is then chosen on out-of-fold training scores) and evaluate it again.",
    },
    { kind: "figure", key: "operating-points" },
  ];
}
