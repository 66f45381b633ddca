/**
 * Prediction for bench/classifier: load the model folder, score the test split, write the predicted labels and
 * the in-process throughput (best of 3 passes over the whole split, model loading excluded — as for the
 * scikit-learn side). Usage: deno run -A bench/classifier/predict.ts MODEL_DIR TEST.jsonl OUT.json
 */
import { readJsonl } from "../../lib/core/mod.ts";
import { loadModel } from "../../lib/models/mod.ts";

const [modelDir, testPath, outPath] = Deno.args;
if (!modelDir || !testPath || !outPath) {
  console.error("usage: predict.ts MODEL_DIR TEST.jsonl OUT.json");
  Deno.exit(2);
}
const model = await loadModel(modelDir);
const texts = (await readJsonl<{ text: string }>(testPath)).map((row) => row.text);
let best = Infinity;
let predictions = model.predict(texts);
for (let repeat = 0; repeat < 3; repeat++) {
  const started = performance.now();
  predictions = model.predict(texts);
  best = Math.min(best, (performance.now() - started) / 1000);
}
await Deno.writeTextFile(
  outPath,
  JSON.stringify({
    n: texts.length,
    seconds_predict: best,
    sentences_per_second: texts.length / best,
    predicted_positive: predictions.map((p) => (p.label === "Adverse_Event" ? 1 : 0)),
    scores: predictions.map((p) => p.score),
  }),
);
