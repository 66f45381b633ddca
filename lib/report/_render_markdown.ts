/** The report as markdown (the charts are listed by caption: they are drawn in `report.html`). */
import { _buildReportBlocks } from "./_build_report_blocks.ts";
import { _markdownCell, type _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

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

/** Blocks as markdown text. */
export function _blocksMarkdown(blocks: readonly _ReportBlock[], content: ReportContent): string {
  return blocks.flatMap((block) => _blockMarkdown(block, content)).join("\n");
}

/**
 * The whole report as markdown: the same sections, tables and sentences as `report.html`; each chart is
 * named by its caption.
 * @param content from {@link buildReportContent}
 * @returns markdown text
 * @example await Deno.writeTextFile("report.md", renderReportMarkdown(content));
 */
export function renderReportMarkdown(content: ReportContent): string {
  return `# ADE classifier report — run \`${content.comparison.runId}\`\n\n` +
    _blocksMarkdown(_buildReportBlocks(content), content);
}
