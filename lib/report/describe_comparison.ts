/** Words the comparison's conclusion from its numbers: what is and is not significant. */
import type { Comparison } from "./comparison.ts";
import { formatMetric, formatPValue, formatSigned } from "./_format.ts";

function _pEquals(pValue: number): string {
  const text = formatPValue(pValue);
  return text.startsWith("<") ? `p ${text}` : `p = ${text}`;
}

/** The verdict on one configuration against the baseline. */
export type SignificanceVerdict =
  | "significant improvement"
  | "significant decline"
  | "not significant"
  | "mixed evidence"
  | "missing"
  | "nothing to compare";

/** One sentence per comparison, with its verdict. */
export interface ComparisonFinding {
  /** The configuration compared with the baseline. */
  configuration: string;
  /** Verdict at level `alpha`. */
  verdict: SignificanceVerdict;
  /** The sentence for the reader. */
  sentence: string;
}

/**
 * Judges each configuration against the baseline from the paired bootstrap interval of the F1 difference
 * and McNemar's p-value at level `alpha` (default 0.05): both agreeing on a difference → significant
 * improvement or decline; interval containing 0 and p ≥ alpha → not significant; otherwise mixed
 * (the two tests ask different questions: McNemar counts disagreements in correctness, the bootstrap
 * looks at F1). Missing configurations get a sentence too. Nothing is hard-coded: the words follow the
 * numbers.
 * @param comparison from {@link loadComparison}
 * @param alpha significance level (default 0.05, matching the 95% intervals)
 * @returns findings in table order (the missing ones last)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { loadComparison } from "./comparison.ts";
 * // A study run with a baseline and a tuned evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const recording = { storePath: `${dir}/ade.sqlite`, runId: "example" };
 * for (const [name, C] of [["baseline", 0.25], ["tuned", 4]] as const) {
 *   await recordTrainAndEvaluate({
 *     name, trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *     hyperparameters: { ...DEFAULT_HYPERPARAMETERS, C }, outDir: `${dir}/${name}`,
 *   }, recording);
 * }
 * const store = await ExperimentStore.open(recording.storePath);
 * const comparison = await loadComparison(store, { resamples: 200 });
 * store.close();
 * const findings = describeComparison(comparison);
 * assert.deepEqual(findings.map((f) => f.configuration), ["tuned", "tuned+synthetic"]);
 * assert.equal(findings[1].verdict, "missing"); // no tuned+synthetic run in the store
 * console.log(findings.map((finding) => finding.sentence).join("\n"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function describeComparison(comparison: Comparison, alpha = 0.05): ComparisonFinding[] {
  const findings: ComparisonFinding[] = [];
  const baseline = comparison.entries.find((entry) => entry.configuration === "baseline");
  for (const entry of comparison.entries) {
    const versus = entry.versusBaseline;
    if (!baseline || !versus) continue;
    const excludesZero = versus.low > 0 || versus.high < 0;
    const mcnemarSignificant = versus.mcnemar.pValue < alpha;
    let verdict: SignificanceVerdict;
    if (excludesZero && mcnemarSignificant) {
      verdict = versus.difference > 0 ? "significant improvement" : "significant decline";
    } else if (!excludesZero && !mcnemarSignificant) verdict = "not significant";
    else verdict = "mixed evidence";
    const level = `${Math.round((1 - alpha) * 100)}%`;
    const numbers = `F1 ${formatMetric(entry.metrics.f1)} vs ${
      formatMetric(baseline.metrics.f1)
    }, difference ${formatSigned(versus.difference)} (${level} CI ${formatSigned(versus.low)} to ${
      formatSigned(versus.high)
    }), McNemar ${
      _pEquals(versus.mcnemar.pValue)
    } (${versus.mcnemar.b} rows only the baseline got right, ${versus.mcnemar.c} only ${entry.configuration})`;
    const reading = verdict === "significant improvement"
      ? `the interval lies above 0 and p < ${alpha}: a significant improvement over the baseline.`
      : verdict === "significant decline"
      ? `the interval lies below 0 and p < ${alpha}: significantly worse than the baseline.`
      : verdict === "not significant"
      ? `the interval includes 0 and p ≥ ${alpha}: no significant difference from the baseline on this test set.`
      : excludesZero
      ? `the F1 interval excludes 0 but McNemar's p ≥ ${alpha}: weak, mixed evidence of a difference.`
      : `McNemar's p < ${alpha} (${
        versus.mcnemar.c > versus.mcnemar.b ? entry.configuration : "the baseline"
      } is right on more of the rows where they disagree) but the F1 interval includes 0: the models err on different rows without a clear F1 difference.`;
    findings.push({
      configuration: entry.configuration,
      verdict,
      sentence: `${entry.configuration} vs baseline: ${numbers}; ${reading}`,
    });
  }
  for (const configuration of comparison.missing) {
    findings.push({
      configuration,
      verdict: "missing",
      sentence:
        `${configuration}: no completed evaluate run in run ${comparison.runId}, so nothing can be concluded about it.`,
    });
  }
  if (findings.length === 0 && baseline) {
    findings.push({
      configuration: "baseline",
      verdict: "nothing to compare",
      sentence: `Only the baseline is present (F1 ${
        formatMetric(baseline.metrics.f1)
      }); there is nothing to compare it with.`,
    });
  }
  return findings;
}
