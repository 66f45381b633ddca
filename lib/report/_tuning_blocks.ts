/** Private: the tuning section — history, parallel coordinates, importance, and whether the defaults won. */
import { formatMetric } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The tuning blocks (empty without a tuning history). */
export function _tuningBlocks(content: ReportContent): _ReportBlock[] {
  const summary = content.tuningSummary;
  if (!content.tuning || !summary) return [];
  const blocks: _ReportBlock[] = [
    { kind: "heading", level: 2, text: "Tuning", id: "tuning" },
  ];
  const best = summary.best;
  let verdict: string;
  if (!best) {
    verdict =
      `No trial of the ${summary.trials} completed with an objective: the tuning found nothing.`;
  } else if (summary.defaultsWon) {
    verdict =
      `**The defaults won:** the best of ${summary.completed} completed trials (trial ${best.trial}, ` +
      `validation F1 ${
        formatMetric(best.objective!)
      }) is the untuned default configuration, so no ` +
      'sampled configuration did better on validation and "tuned" trains the defaults again.';
  } else {
    verdict =
      `The best of ${summary.completed} completed trials is trial ${best.trial} (validation F1 ${
        formatMetric(best.objective!)
      }, \`${
        JSON.stringify(best.params)
      }\`); the test-set comparison above says whether that gain holds ` +
      "on unseen abstracts.";
  }
  blocks.push({ kind: "paragraph", text: verdict });
  blocks.push({ kind: "figure", key: "tuning" });
  if (summary.axes.length > 0 && summary.completed > 0) {
    blocks.push(
      { kind: "figure", key: "tuning-parallel" },
      {
        kind: "table",
        header: ["hyperparameter", "share of the objective's variance (η²)"],
        rows: [...summary.importance].sort((a, b) => b.importance - a.importance).map((item) => [
          item.name,
          item.importance.toFixed(2),
        ]),
        align: ["left", "right"],
      },
      { kind: "figure", key: "tuning-importance" },
    );
  }
  return blocks;
}
