/**
 * Private: the report as a list of blocks (headings, paragraphs, tables, figures, warnings), built once and
 * rendered to both HTML and markdown, so the two never say different things. A figure block names a
 * chart of the content by key (the markdown lists its caption; the HTML draws it).
 */
/** A cell's alignment: text left, numbers right. */
export type _Align = "left" | "right";

/** One block of the report. Text may hold `code`, **bold** and [links](path) (a small markdown subset). */
export type _ReportBlock =
  | { kind: "heading"; level: 2 | 3; text: string; id: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: readonly string[] }
  | { kind: "warning"; text: string }
  | {
    kind: "table";
    header: readonly string[];
    rows: ReadonlyArray<readonly string[]>;
    align?: readonly _Align[];
    className?: string;
  }
  | { kind: "figure"; key: string }
  | { kind: "details"; summary: string; text: string };

/** Escapes text for HTML content and attribute values. */
export function _escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** Inline markdown (`code`, **bold**, [text](href)) to HTML, everything else escaped. */
export function _inlineHtml(text: string): string {
  const parts: string[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(_escapeHtml(text.slice(last, match.index)));
    if (match[1] !== undefined) parts.push(`<code>${_escapeHtml(match[1])}</code>`);
    else if (match[2] !== undefined) parts.push(`<strong>${_escapeHtml(match[2])}</strong>`);
    else parts.push(`<a href="${_escapeHtml(match[4])}">${_escapeHtml(match[3])}</a>`);
    last = match.index! + match[0].length;
  }
  parts.push(_escapeHtml(text.slice(last)));
  return parts.join("");
}

/** A table cell for markdown: pipes escaped, no line breaks. */
export function _markdownCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
