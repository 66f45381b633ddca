/** The report as markdown. */
import { comparisonMarkdown } from "./comparison_table.ts";
import type { ReportContent } from "./_report_content.ts";
import type { Reproducibility } from "./_reproducibility.ts";

function _cell(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return (text ?? "–").replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * The reproducibility block as markdown lines (data, configurations, versions, commit).
 * @param block from {@link collectReproducibility}
 * @returns markdown
 * @example reproducibilityMarkdown(content.reproducibility);
 */
export function reproducibilityMarkdown(block: Reproducibility): string {
  const lines = [
    `- Run id: \`${block.runId}\``,
    `- Generated: ${block.generatedAt}`,
    `- Code commit: \`${block.commit ?? "unknown (not a git checkout)"}\``,
    `- Deno ${block.versions.deno} (V8 ${block.versions.v8}, TypeScript ${block.versions.typescript})`,
    `- Packages: ${
      Object.entries(block.versions.packages).map(([name, version]) => `${name}@${version}`).join(
        ", ",
      ) || "unknown"
    }`,
    `- Bootstrap: ${block.bootstrap.resamples} resamples, seed ${block.bootstrap.seed}`,
    `- Dataset manifest SHA-256: ${
      block.data.manifestHashes.map((hash) => `\`${hash}\``).join(", ") || "not recorded"
    }`,
    `- Data files SHA-256: ${
      block.data.fileHashes
        ? Object.entries(block.data.fileHashes).map(([name, hash]) => `${name} \`${hash}\``).join(
          ", ",
        )
        : "unknown"
    } (${block.data.note})`,
  ];
  if (block.data.split) lines.push(`- Split: \`${JSON.stringify(block.data.split)}\``);
  lines.push(
    "",
    "| Configuration | Store record | Seed | Hyperparameters | Other parameters | Code version |",
    "| --- | --- | ---: | --- | --- | --- |",
  );
  for (const entry of block.configurations) {
    lines.push(
      `| ${
        [
          entry.configuration,
          `\`${entry.recordId}\``,
          entry.seed === null ? "–" : String(entry.seed),
          `\`${_cell(entry.hyperparameters)}\``,
          Object.keys(entry.otherParams).length ? `\`${_cell(entry.otherParams)}\`` : "–",
          entry.codeVersion ? `\`${entry.codeVersion}\`` : "–",
        ].join(" | ")
      } |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The whole report as markdown: table, findings, notes, figure list (the charts are in `report.html`)
 * and the reproducibility block.
 * @param content from {@link buildReportContent}
 * @returns markdown text
 * @example await Deno.writeTextFile("report.md", renderReportMarkdown(content));
 */
export function renderReportMarkdown(content: ReportContent): string {
  const { comparison } = content;
  const parts = [
    `# ADE classifier comparison — run \`${comparison.runId}\``,
    "",
    "## Comparison (test set)",
    "",
    comparisonMarkdown(comparison),
    "## What is and is not significant",
    "",
    ...content.findings.map((finding) => `- ${finding.sentence}`),
    "",
  ];
  if (comparison.notes.length) {
    parts.push("## Notes", "", ...comparison.notes.map((note) => `- ${note}`), "");
  }
  const { paragraphs, table, notes } = content.domain;
  parts.push("## Training domain and other sources", "");
  for (const paragraph of paragraphs) parts.push(paragraph, "");
  if (table) {
    parts.push(
      `| ${table.header.join(" | ")} |`,
      `| ${table.header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
      ...table.rows.map((row) => `| ${row.map(_cell).join(" | ")} |`),
      "",
      ...notes.map((note) => `- ${note}`),
      "",
    );
  }
  parts.push(
    "## Charts",
    "",
    "The interactive charts are in `report.html` (self-contained):",
    "",
    ...content.figures.map((figure) => `- ${figure.caption}`),
    "",
    "## Reproducibility",
    "",
    reproducibilityMarkdown(content.reproducibility),
  );
  return parts.join("\n");
}
