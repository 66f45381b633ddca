/** Private: the fit option that picks the threshold reaching a recall target on out-of-fold scores. */
import type { Label } from "../data/mod.ts";
import { thresholdForRecall } from "../metrics/mod.ts";

/**
 * A `chooseThreshold` for `TextClassifier.fit`: the highest threshold whose out-of-fold recall reaches
 * `targetRecall` (the fewest rows flagged for it), named `recall ≥ R`.
 */
export function _recallThresholdRule(
  targetRecall: number,
): (
  positive: readonly boolean[],
  scores: Float64Array,
) => { threshold: number; f1: number; rule: string } {
  return (positive, scores) => {
    const gold: Label[] = positive.map((isAe) => (isAe ? "Adverse_Event" : "Not_AE"));
    const point = thresholdForRecall(gold, scores, targetRecall);
    return { threshold: point.threshold, f1: point.f1, rule: `recall ≥ ${targetRecall}` };
  };
}
