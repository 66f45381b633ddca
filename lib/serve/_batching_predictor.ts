/** Dynamic batching for the endpoint (private to lib/serve): concurrent requests share one `predict` call. */
import type { Prediction, Predictor } from "./types.ts";

interface _Waiting {
  texts: readonly string[];
  resolve: (predictions: Prediction[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Wraps a predictor so that requests arriving in the same turn of the event loop are predicted together:
 * the model's fixed cost per call is paid once per batch. Rows are independent, so each request gets
 * exactly what predicting it alone would give, in its own order. If a batch fails, each request is
 * retried alone so one bad request cannot fail the others.
 * @param predictor the model
 * @param maxBatchTexts most texts per batch (a request larger than this runs alone)
 * @returns `predict(texts)` that resolves with that request's predictions
 */
export function createBatchingPredictor(
  predictor: Predictor,
  maxBatchTexts = 256,
): (texts: readonly string[]) => Promise<Prediction[]> {
  let waiting: _Waiting[] = [];
  let waitingTexts = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    waitingTexts = 0;
    if (batch.length === 1) {
      _settleAlone(predictor, batch[0]);
      return;
    }
    let predictions: Prediction[];
    try {
      predictions = predictor.predict(batch.flatMap((item) => item.texts));
    } catch {
      for (const item of batch) _settleAlone(predictor, item);
      return;
    }
    let offset = 0;
    for (const item of batch) {
      item.resolve(predictions.slice(offset, offset + item.texts.length));
      offset += item.texts.length;
    }
  };

  return (texts) =>
    new Promise<Prediction[]>((resolve, reject) => {
      if (waitingTexts + texts.length > maxBatchTexts && waiting.length > 0) flush();
      waiting.push({ texts, resolve, reject });
      waitingTexts += texts.length;
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    });
}

function _settleAlone(predictor: Predictor, item: _Waiting): void {
  try {
    item.resolve(predictor.predict(item.texts));
  } catch (error) {
    item.reject(error);
  }
}
