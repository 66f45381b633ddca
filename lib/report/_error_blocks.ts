/** Private: the error analysis — confident mistakes, and F1 by length, drug, effect and abstract. */
import { SMALL_SAMPLE_POSITIVES, type SubgroupMetrics } from "../metrics/mod.ts";
import { formatCount, formatF1Cell, formatMetric } from "./_format.ts";
import type { _ErrorExample } from "./_error_analysis.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The error analysis's blocks. */
export function _errorBlocks(content: ReportContent): _ReportBlock[] {
  const errors = content.errors;
  if (!errors) return [];
  const blocks: _ReportBlock[] = [
    { kind: "heading", level: 2, text: `What ${errors.configuration} gets wrong`, id: "errors" },
    {
      kind: "paragraph",
      text: errors.showText
        ? "The most confident mistakes, with the sentence and the n-grams of it that pushed the score the " +
          "wrong way most (computed from the sentence now; the model stores no text)."
        : "The most confident mistakes, by test row id and score (no sentence text in this report).",
    },
  ];
  const examples = (title: string, id: string, list: _ErrorExample[]) => {
    blocks.push({ kind: "heading", level: 3, text: title, id });
    if (list.length === 0) {
      blocks.push({ kind: "paragraph", text: "None." });
      return;
    }
    blocks.push({
      kind: "table",
      header: [
        "row id",
        "PubMed id",
        "score",
        ...(errors.showText ? ["sentence", "n-grams that drove it"] : []),
      ],
      rows: list.map((example) => [
        example.id,
        example.pmid ?? "–",
        example.score.toFixed(3),
        ...(errors.showText ? [example.text ?? "–", example.drivers?.join("; ") || "–"] : []),
      ]),
      align: ["left", "left", "right", "left", "left"],
      className: "examples",
    });
  };
  examples(
    "Most confident false positives (flagged, not an AE)",
    "false-positives",
    errors.falsePositives,
  );
  examples(
    "Most confident false negatives (AEs it missed)",
    "false-negatives",
    errors.falseNegatives,
  );
  const breakdown = (title: string, id: string, groups: SubgroupMetrics[] | null, what: string) => {
    if (!groups || groups.length === 0) return;
    blocks.push(
      { kind: "heading", level: 3, text: title, id },
      _subgroupTable(groups, what),
    );
    if (groups.some((group) => group.warning !== null)) {
      blocks.push({
        kind: "paragraph",
        text:
          `⚠ marks a ${what} with under ${SMALL_SAMPLE_POSITIVES} AE sentences: its numbers are ` +
          "rough and its interval wide (none where every resample gave the same value); do not " +
          "compare those closely.",
      });
    }
  };
  breakdown("F1 by sentence length", "by-length", errors.byLength, "sentence length");
  if (errors.byLength.length > 0) blocks.push({ kind: "figure", key: "f1-by-length" });
  breakdown(
    "F1 among sentences naming each of the most frequent drugs",
    "by-drug",
    errors.byDrug,
    "drug",
  );
  breakdown(
    "F1 among sentences naming each of the most frequent adverse effects",
    "by-effect",
    errors.byEffect,
    "effect",
  );
  breakdown("F1 by abstract size", "by-abstract", errors.byAbstractSize, "abstract size");
  if (errors.worstAbstracts.length > 0) {
    blocks.push(
      { kind: "heading", level: 3, text: "Abstracts with the most errors", id: "worst-abstracts" },
      {
        kind: "table",
        header: ["PubMed id", "test sentences", "AE sentences", "errors"],
        rows: errors.worstAbstracts.map((item) => [
          item.pmid,
          formatCount(item.rows),
          formatCount(item.positives),
          formatCount(item.errors),
        ]),
        align: ["left", "right", "right", "right"],
      },
    );
  }
  if (errors.notes.length > 0) blocks.push({ kind: "list", items: errors.notes });
  return blocks;
}

/** A subgroup table: F1 with its interval, or a plain warning instead of an interval that looks certain. */
function _subgroupTable(groups: readonly SubgroupMetrics[], what: string): _ReportBlock {
  return {
    kind: "table",
    header: [what, "sentences", "AE", "precision", "recall", "F1 (95% CI)"],
    rows: groups.map((group) => [
      group.group,
      formatCount(group.n),
      formatCount(group.positives),
      formatMetric(group.precision),
      group.positives === 0 ? "–" : formatMetric(group.recall),
      formatF1Cell(group.f1, group.f1_ci, group.positives, SMALL_SAMPLE_POSITIVES),
    ]),
    align: ["left", "right", "right", "right", "right", "right"],
    className: "subgroups",
  };
}
