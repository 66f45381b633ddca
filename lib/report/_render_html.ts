/** The report as one self-contained HTML page (plotly.js inlined once, no network access). */
import { escapeScript, figureHtml, plotlyScript } from "../figures/mod.ts";
import { _COMPARISON_TABLE_HEADER, _tableCells, comparisonRows } from "./comparison_table.ts";
import { reproducibilityMarkdown } from "./_render_markdown.ts";
import type { ReportContent } from "./_report_content.ts";

/** Attribute set on `<html>` when a script error (or a blocked resource) occurs in the page. */
export const SCRIPT_ERROR_ATTRIBUTE = "data-ade-script-error";

/**
 * The page's Content-Security-Policy: nothing may be fetched from anywhere; inline scripts and styles
 * and data/blob images (Plotly's own) only. A browser that honours it cannot make a network request.
 */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
  "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

// Runs first: records any script error, unhandled rejection or CSP violation on <html>, so a headless
// browser's DOM dump shows it.
const ERROR_MARKER_SCRIPT = `(function(){var d=document.documentElement;function mark(m){` +
  `d.setAttribute(${JSON.stringify(SCRIPT_ERROR_ATTRIBUTE)},String(m).slice(0,300));}` +
  `window.addEventListener("error",function(e){mark(e.message||("resource error: "+` +
  `(e.target&&(e.target.src||e.target.href))));},true);` +
  `window.addEventListener("unhandledrejection",function(e){mark("unhandled rejection: "+e.reason);});` +
  `document.addEventListener("securitypolicyviolation",function(e){mark("blocked: "+e.blockedURI);});})();`;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;` +
  `margin:2em auto;padding:0 1em;color:#222;line-height:1.45}` +
  `table{border-collapse:collapse;margin:1em 0;font-size:.92em}` +
  `th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}` +
  `th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}` +
  `code,pre{font-family:ui-monospace,monospace;font-size:.88em}` +
  `pre{background:#f6f6f6;padding:.8em;overflow-x:auto;white-space:pre-wrap}` +
  `figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}` +
  `.verdict{font-weight:600}`;

function _comparisonTableHtml(content: ReportContent): string {
  const header = _COMPARISON_TABLE_HEADER;
  const body = comparisonRows(content.comparison).map((row) =>
    `<tr>${_tableCells(row).map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`
  );
  return `<table class="comparison"><thead><tr>${
    header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("")
  }</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

function _domainHtml(content: ReportContent): string {
  const { paragraphs, table, notes } = content.domain;
  const code = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
  const parts = paragraphs.map((paragraph) => `<p>${code(paragraph)}</p>`);
  if (table) {
    parts.push(
      `<table class="by-source"><thead><tr>${
        table.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("")
      }</tr></thead><tbody>${
        table.rows.map((row) =>
          `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`
        )
          .join("")
      }</tbody></table>`,
      ...notes.map((note) => `<p class="note">${code(note)}</p>`),
    );
  }
  return parts.join("\n");
}

/**
 * The report as one HTML page: the comparison table, the findings, the notes, every figure (plotly.js
 * inlined once in the head) and the reproducibility block. The page loads nothing from anywhere (a
 * Content-Security-Policy forbids it) and marks script errors on `<html>` ({@link SCRIPT_ERROR_ATTRIBUTE}).
 * @param content from {@link buildReportContent}
 * @returns the HTML text
 * @example await writeFileAtomic("report.html", await renderReportHtml(content));
 */
export async function renderReportHtml(content: ReportContent): Promise<string> {
  const { comparison } = content;
  const title = `ADE classifier comparison — run ${comparison.runId}`;
  const figures: string[] = [];
  for (const [index, item] of content.figures.entries()) {
    figures.push(
      `<figure id="figure-${escapeHtml(item.key)}">${await figureHtml(
        item.figure,
        `ade-report-figure-${index + 1}`,
        false,
      )}<figcaption>${escapeHtml(item.caption)}</figcaption></figure>`,
    );
  }
  const findings = content.findings.map((finding) =>
    `<li><span class="verdict">${escapeHtml(finding.verdict)}</span> — ${
      escapeHtml(finding.sentence)
    }</li>`
  ).join("\n");
  const notes = comparison.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("\n");
  const reproducibilityJson = escapeHtml(JSON.stringify(content.reproducibility, null, 2));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<script type="text/javascript">${ERROR_MARKER_SCRIPT}</script>
<style>${STYLE}</style>
<script type="text/javascript">${escapeScript(await plotlyScript())}</script>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<h2>Comparison on the test set</h2>
${_comparisonTableHtml(content)}
<h2>What is and is not significant</h2>
<ul class="findings">
${findings}
</ul>
${notes ? `<h2>Notes</h2>\n<ul class="notes">\n${notes}\n</ul>` : ""}
<h2>Training domain and other sources</h2>
${_domainHtml(content)}
<h2>Charts</h2>
${figures.join("\n")}
<h2>Reproducibility</h2>
<pre class="reproducibility-summary">${
    escapeHtml(reproducibilityMarkdown(content.reproducibility))
  }</pre>
<details><summary>Full reproducibility record (JSON)</summary>
<pre class="reproducibility-json">${reproducibilityJson}</pre>
</details>
</body>
</html>
`;
}
