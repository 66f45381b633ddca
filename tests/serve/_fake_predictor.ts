/** A tiny deterministic stand-in for a trained model, for the serving tests. */
import type { Prediction, Predictor } from "../../lib/serve/mod.ts";

/** Score from the text itself, so a test can compute the expected answer for any input: length % 100 / 100. */
export function expectedPrediction(text: string): Prediction {
  const score = (text.length % 100) / 100;
  return { label: score >= 0.5 ? "Adverse_Event" : "Not_AE", score };
}

/** A predictor that answers {@link expectedPrediction} for each text and counts calls. */
export function createFakePredictor(): Predictor & { calls: number } {
  return {
    calls: 0,
    predict(texts: readonly string[]): Prediction[] {
      this.calls++;
      return texts.map(expectedPrediction);
    },
  };
}
