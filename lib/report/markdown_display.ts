/** Markdown text that renders as markdown in Deno's Jupyter kernel. */
import type { ComparisonFinding } from "./describe_comparison.ts";

/** A displayable markdown block (kernel: `text/markdown`; elsewhere: the text). */
export interface MarkdownDisplay {
  /** The markdown. */
  readonly markdown: string;
  /** The kernel's MIME bundle. */
  [key: symbol]: () => Record<string, string>;
}

/**
 * Wraps markdown so that the Deno kernel renders it (`text/markdown`, with `text/plain` as fallback).
 * @param markdown the text
 * @returns a displayable object
 * @example markdownDisplay("**F1** 0.71");
 */
export function markdownDisplay(markdown: string): MarkdownDisplay {
  return {
    markdown,
    [Symbol.for("Jupyter.display")]: () => ({ "text/markdown": markdown, "text/plain": markdown }),
  };
}

/**
 * The findings as a markdown list (`- **verdict** — sentence`), followed by the notes.
 * @param findings from {@link describeComparison}
 * @param notes remarks to list after the findings (e.g. `comparison.notes`)
 * @returns markdown
 * @example markdownDisplay(findingsMarkdown(describeComparison(comparison), comparison.notes));
 */
export function findingsMarkdown(
  findings: readonly ComparisonFinding[],
  notes: readonly string[] = [],
): string {
  return [
    ...findings.map((finding) => `- **${finding.verdict}** — ${finding.sentence}`),
    ...notes.map((note) => `- ${note}`),
  ].join("\n") + "\n";
}
