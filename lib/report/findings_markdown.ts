/** The comparison's findings as a markdown list, for the notebook and the report. */
import type { ComparisonFinding } from "./describe_comparison.ts";

/**
 * The findings as a markdown list (`- **verdict** — sentence`), followed by the notes.
 * @param findings from {@link describeComparison}
 * @param notes remarks to list after the findings (e.g. `comparison.notes`)
 * @returns markdown
 * @example Of `describeComparison(comparison)` and `comparison.notes` (in a notebook, wrap it in `markdownDisplay`)
 * ```ts
 * import assert from "node:assert/strict";
 * const markdown = findingsMarkdown(
 *   [{ configuration: "tuned", verdict: "not significant", sentence: "tuned vs baseline: F1 0.81 vs 0.80." }],
 *   ["Paired F1 differences: 2000 bootstrap resamples (seed 42)."],
 * );
 * assert.equal(markdown, "- **not significant** — tuned vs baseline: F1 0.81 vs 0.80.\n" +
 *   "- Paired F1 differences: 2000 bootstrap resamples (seed 42).\n");
 * ```
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
