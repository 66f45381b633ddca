/** The report as markdown (the charts are listed by caption: they are drawn in `report.html`). */
import { _buildReportBlocks } from "./_build_report_blocks.ts";
import { _markdownCell, type _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./_report_content.ts";

/** One block as markdown lines. */
function _blockMarkdown(block: _ReportBlock, content: ReportContent): string[] {
  switch (block.kind) {
    case "heading":
      return [`${"#".repeat(block.level)} ${block.text}`, ""];
    case "paragraph":
      return [block.text, ""];
    case "warning":
      return [`> **Warning:** ${block.text}`, ""];
    case "list":
      return block.items.length ? [...block.items.map((item) => `- ${item}`), ""] : [];
    case "table": {
      const align = block.align ?? block.header.map(() => "left");
      const header = block.header.map((cell) => cell === "" ? " " : _markdownCell(cell));
      return [
        `| ${header.join(" | ")} |`,
        `|${
          align.slice(0, header.length).map((a) => (a === "right" ? " ---: " : " --- ")).join("|")
        }|`,
        ...block.rows.map((row) => `| ${row.map(_markdownCell).join(" | ")} |`),
        "",
      ];
    }
    case "figure": {
      const figure = content.figures.find((item) => item.key === block.key);
      return figure ? [`*Chart (in report.html):* ${figure.caption}`, ""] : [];
    }
    case "details":
      return [];
  }
}

/**
 * The whole report as markdown: the same sections, tables and sentences as `report.html`; each chart is
 * named by its caption.
 * @param content from {@link buildReportContent}
 * @returns markdown text
 * @example await Deno.writeTextFile("report.md", renderReportMarkdown(content));
 */
export function renderReportMarkdown(content: ReportContent): string {
  const lines = [`# ADE classifier report — run \`${content.comparison.runId}\``, ""];
  for (const block of _buildReportBlocks(content)) lines.push(..._blockMarkdown(block, content));
  return lines.join("\n");
}
