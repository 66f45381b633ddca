/** Private: `select` with a model's scores and its training data's word novelty. */
import { plattProbability, type TextClassifier } from "../models/mod.ts";
import { rowSurprisals } from "../shift/mod.ts";
import { type SelectDesign, type SelectedRow, selectForLabelling } from "./select_for_labelling.ts";

/**
 * Scores the pool with `model` and picks `n` texts ({@link selectForLabelling}), with the novelty of a
 * word taken from the model's shift reference: its surprisal under the training rows' word counts,
 * scaled to [0, 1] by the surprisal of a word never seen (a word pair: the mean of its two words).
 */
export function _selectWithModel(
  model: TextClassifier,
  texts: readonly string[],
  options: { n: number; seed: number; withinStratum?: SelectDesign },
): { picks: SelectedRow[]; scores: Float64Array } {
  // Stratify on the calibrated linear score: the register rule lifts many lay texts to exactly the
  // threshold, and those ties would hide the ranking the strata are cut along.
  const scores = model.decisionValues(texts).map((value) =>
    plattProbability(value, model.calibration)
  );
  const reference = model.shiftReference;
  const unseen = reference ? rowSurprisals(reference, [""])[0] : 1;
  const picks = selectForLabelling(texts, scores, model.threshold, {
    n: options.n,
    seed: options.seed,
    ...(options.withinStratum ? { withinStratum: options.withinStratum } : {}),
    ...(reference
      ? { novelty: (token: string) => rowSurprisals(reference, [token])[0] / unseen }
      : {}),
  });
  return { picks, scores };
}
