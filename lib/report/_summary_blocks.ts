/** Private: the report's opening — whether it holds text, and the answers at a glance. */
import { describeIntervalMethod, describeOperatingPoint } from "../metrics/mod.ts";
import { formatCount, formatMetric, formatPercent } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The banner saying whether the report contains sentence text. */
export function _textBanner(content: ReportContent): _ReportBlock {
  if (content.showText && content.data.publicCorpus) {
    return {
      kind: "paragraph",
      text:
        "**This report contains sentence text**: test sentences of the public ADE Corpus V2, in the " +
        "error analysis.",
    };
  }
  if (content.showText) {
    return {
      kind: "warning",
      text:
        "This report contains sentence text of your own data (asked for with --show-text): keep it " +
        "where that data may be kept, and do not share it further.",
    };
  }
  return {
    kind: "paragraph",
    text:
      "**This report contains no sentence text**: errors are listed by row id and score only (the " +
      "data is not the public corpus). For your own review, `--show-text` adds the sentences.",
  };
}

/**
 * The answers at a glance, about the focus configuration: how much data, which split, how sure, at which
 * threshold, what it misses, and what a recall target costs in reading.
 */
export function _summaryBlocks(content: ReportContent): _ReportBlock[] {
  const entry = content.comparison.entries.find((item) => item.configuration === content.focus);
  if (!entry) return [];
  const { metrics } = entry;
  const data = content.data;
  const items: string[] = [];
  const test = data.test ?? { rows: metrics.n, positives: metrics.positives };
  items.push(
    `**Data:** ${formatCount(test.rows)} test sentences, ${
      formatCount(test.positives)
    } of them AE (${formatPercent(test.positives / Math.max(1, test.rows))})${
      data.train ? `; trained on ${formatCount(data.train.rows)}` : ""
    }; ${data.split ? `\`${data.split}\` split` : "split not recorded"}${
      data.leakage
        ? data.leakage.pmid_overlap === 0 && data.leakage.text_overlap === 0
          ? " — no test sentence or abstract occurs in training"
          : ` — ${formatCount(data.leakage.text_overlap)} test sentences and ${
            formatCount(data.leakage.pmid_overlap)
          } with their abstract in training`
        : ""
    }.`,
  );
  items.push(
    `**How sure (${entry.configuration}):** F1 ${formatMetric(metrics.f1)}, 95% CI ${
      formatMetric(metrics.f1_ci.low)
    }–${formatMetric(metrics.f1_ci.high)} (${describeIntervalMethod(metrics.f1_ci.method)}, ${
      formatCount(metrics.f1_ci.resamples)
    } resamples).`,
  );
  const own = metrics.operating_points.find((point) => point.target_recall === null);
  if (own) {
    items.push(`**Threshold:** ${describeOperatingPoint(own)}.`);
  }
  items.push(
    `**What it misses:** ${formatCount(metrics.confusion.fn)} of ${
      formatCount(metrics.positives)
    } AE sentences at its threshold; ${
      formatCount(metrics.confusion.fp)
    } flagged sentences are not AEs (see the error analysis).`,
  );
  const ninetyFive = metrics.operating_points.find((point) => point.target_recall === 0.95);
  if (ninetyFive) {
    items.push(`**Review cost:** ${describeOperatingPoint(ninetyFive)}.`);
  }
  return [
    { kind: "heading", level: 2, text: "At a glance", id: "summary" },
    { kind: "list", items },
    ...metrics.warnings.map((warning): _ReportBlock => ({
      kind: "warning",
      text: `${entry.configuration}: ${warning}.`,
    })),
  ];
}
