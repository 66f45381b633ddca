/** The report as one self-contained HTML page (plotly.js inlined once, no network access). */
import { escapeScript, figureHtml, plotlyScript } from "../figures/mod.ts";
import { _buildReportBlocks } from "./_build_report_blocks.ts";
import { _escapeHtml, _inlineHtml, type _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** Attribute set on `<html>` when a script error (or a blocked resource) occurs in the page. */
export const SCRIPT_ERROR_ATTRIBUTE = "data-ade-script-error";

/**
 * The page's Content-Security-Policy: nothing may be fetched from anywhere; inline scripts and styles
 * and data/blob images (Plotly's own) only. A browser that honours it cannot make a network request.
 * `'unsafe-eval'` is there because plotly.js draws parallel coordinates with WebGL (regl), which compiles
 * its shaders with `new Function`; evaluated code is held to the same `connect-src 'none'`.
 */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; " +
  "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

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
  `.warning{background:#fff4e5;border-left:4px solid #e67e22;padding:.5em .8em}` +
  `table.facts td{text-align:left}table.examples td{text-align:left;max-width:40em}` +
  `details{margin:1em 0}summary{cursor:pointer}`;

/** One block as HTML; figures are drawn from the content's charts by key. */
async function _blockHtml(
  block: _ReportBlock,
  content: ReportContent,
  figureIds: Map<string, string>,
): Promise<string> {
  switch (block.kind) {
    case "heading":
      return `<h${block.level} id="${_escapeHtml(block.id)}">${
        _escapeHtml(block.text)
      }</h${block.level}>`;
    case "paragraph":
      return `<p>${_inlineHtml(block.text)}</p>`;
    case "warning":
      return `<p class="warning"><strong>Warning:</strong> ${_inlineHtml(block.text)}</p>`;
    case "list":
      return block.items.length
        ? `<ul>${block.items.map((item) => `<li>${_inlineHtml(item)}</li>`).join("\n")}</ul>`
        : "";
    case "table": {
      const align = block.align ?? [];
      const cell = (tag: string, text: string, i: number) =>
        `<${tag}${align[i] === "left" ? ' style="text-align:left"' : ""}>${
          _inlineHtml(text)
        }</${tag}>`;
      const head = block.header.every((text) => text === "")
        ? ""
        : `<thead><tr>${block.header.map((text, i) => cell("th", text, i)).join("")}</tr></thead>`;
      return `<table${block.className ? ` class="${block.className}"` : ""}>${head}<tbody>${
        block.rows.map((row) => `<tr>${row.map((text, i) => cell("td", text, i)).join("")}</tr>`)
          .join("")
      }</tbody></table>`;
    }
    case "figure": {
      const item = content.figures.find((figure) => figure.key === block.key);
      if (!item) return "";
      const id = figureIds.get(item.key)!;
      return `<figure id="figure-${_escapeHtml(item.key)}">${await figureHtml(
        item.figure,
        id,
        false,
      )}` +
        `<figcaption>${_escapeHtml(item.caption)}</figcaption></figure>`;
    }
    case "details":
      return `<details><summary>${_escapeHtml(block.summary)}</summary><pre>${
        _escapeHtml(block.text)
      }</pre></details>`;
  }
}

/**
 * The report as one HTML page: every section of the report (the same blocks as the markdown), each chart
 * drawn once (plotly.js inlined once in the head), the model cards' text in collapsed sections. The page loads nothing from anywhere (a
 * Content-Security-Policy forbids it) and marks script errors on `<html>` ({@link SCRIPT_ERROR_ATTRIBUTE}).
 * @param content from {@link buildReportContent}
 * @returns the HTML text
 * @example await writeFileAtomic("report.html", await renderReportHtml(content));
 */
export async function renderReportHtml(content: ReportContent): Promise<string> {
  const { comparison } = content;
  const title = `ADE classifier report — run ${comparison.runId}`;
  const figureIds = new Map(
    content.figures.map((item, index) => [item.key, `ade-report-figure-${index + 1}`]),
  );
  const body: string[] = [];
  for (const block of _buildReportBlocks(content)) {
    body.push(await _blockHtml(block, content, figureIds));
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${_escapeHtml(title)}</title>
<script type="text/javascript">${ERROR_MARKER_SCRIPT}</script>
<style>${STYLE}</style>
<script type="text/javascript">${escapeScript(await plotlyScript())}</script>
</head>
<body>
<h1>${_escapeHtml(title)}</h1>
${body.filter(Boolean).join("\n")}
</body>
</html>
`;
}
