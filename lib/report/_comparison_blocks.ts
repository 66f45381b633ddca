/** Private: the comparison table, how its intervals were made, the findings and the notes. */
import { describeIntervalMethod } from "../metrics/mod.ts";
import { _COMPARISON_TABLE_HEADER, _tableCells, comparisonRows } from "./comparison_table.ts";
import { formatCount } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The comparison's blocks. */
export function _comparisonBlocks(content: ReportContent): _ReportBlock[] {
  const { comparison } = content;
  const reference = comparison.entries[0]?.configuration ?? "baseline";
  const blocks: _ReportBlock[] = [
    { kind: "heading", level: 2, text: "Comparison on the test set", id: "comparison" },
    {
      kind: "table",
      header: _COMPARISON_TABLE_HEADER.map((cell) =>
        cell === "ΔF1 vs baseline (95% CI)" ? `ΔF1 vs ${reference} (95% CI)` : cell
      ),
      rows: comparisonRows(comparison).map(_tableCells),
      align: _COMPARISON_TABLE_HEADER.map((_, i) => (i === 0 ? "left" : "right")),
      className: "comparison",
    },
    { kind: "paragraph", text: `**Intervals:** ${_intervalLabels(content).join(" ")}` },
    { kind: "heading", level: 2, text: "What is and is not significant", id: "findings" },
    {
      kind: "list",
      items: content.findings.map((finding) => `**${finding.verdict}** — ${finding.sentence}`),
    },
  ];
  const same = content.tuningSummary?.sameAsReference ?? [];
  for (const configuration of same) {
    blocks.push({
      kind: "paragraph",
      text:
        `**${configuration} is the same model as ${reference}:** the same hyperparameters and the ` +
        `same score on every test sentence${
          content.tuningSummary?.defaultsWon ? " — the untuned defaults won the tuning" : ""
        }, so its row repeats ${reference}'s and their curves coincide.`,
    });
  }
  if (comparison.notes.length > 0) {
    blocks.push(
      { kind: "heading", level: 3, text: "Notes", id: "notes" },
      { kind: "list", items: comparison.notes },
    );
  }
  return blocks;
}

/** One sentence per kind of interval in the table, with its method and resample count. */
export function _intervalLabels(content: ReportContent): string[] {
  const { comparison } = content;
  const labels: string[] = [];
  const byMethod = new Map<string, string[]>();
  for (const entry of comparison.entries) {
    const ci = entry.metrics.f1_ci;
    const key = `${describeIntervalMethod(ci.method)}, ${formatCount(ci.resamples)} resamples`;
    byMethod.set(key, [...(byMethod.get(key) ?? []), entry.configuration]);
  }
  const scope = (names: string[]) => byMethod.size > 1 ? ` (${names.join(", ")})` : "";
  labels.push(
    `F1 (95% CI): ${
      [...byMethod].map(([key, names]) => `${key}${scope(names)}`).join("; ")
    }, as stored by evaluate.`,
  );
  if (comparison.entries.some((entry) => entry.versusBaseline)) {
    const versus = comparison.entries.find((entry) => entry.versusBaseline)!.versusBaseline!;
    labels.push(
      `ΔF1 (95% CI): paired ${describeIntervalMethod(versus.method)}, ${
        formatCount(versus.resamples)
      } resamples, seed ${comparison.seed}. McNemar p: exact binomial test on the sentences the two ` +
        "models disagree on.",
    );
  }
  return labels;
}
