/** The comparison's findings as a markdown list, for the notebook and the report. */
import type { ComparisonFinding } from "./describe_comparison.ts";

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
