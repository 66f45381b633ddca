/**
 * Whole-process training for bench/classifier: read the train split, fit with the default hyperparameters
 * and the rows' drug and effect mentions (the corpus evidence `ade train` gives the default model), save
 * the model folder. Usage: deno run -A bench/classifier/train.ts TRAIN.jsonl MODEL_DIR [SEED]
 */
import { readJsonl, sha256File } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/types.ts";
import { DEFAULT_HYPERPARAMETERS, saveModel, TextClassifier } from "../../lib/models/mod.ts";

const [trainPath, modelDir, seedText = "42"] = Deno.args;
if (!trainPath || !modelDir) {
  console.error("usage: train.ts TRAIN.jsonl MODEL_DIR [SEED]");
  Deno.exit(2);
}
const seed = Number(seedText);
interface TrainingRow {
  text: string;
  label: Label;
  pmid?: string;
  drugs?: Array<{ text: string }>;
  effects?: Array<{ text: string }>;
}
const rows = await readJsonl<TrainingRow>(trainPath);
const model = TextClassifier.fit(
  rows.map((row) => row.text),
  rows.map((row) => row.label),
  DEFAULT_HYPERPARAMETERS,
  {
    seed,
    groups: rows.map((row) => row.pmid),
    mentions: rows.map((row) => ({
      effects: (row.effects ?? []).map((mention) => mention.text),
      drugs: (row.drugs ?? []).map((mention) => mention.text),
    })),
  },
);
await saveModel(model, modelDir, { trainingDataSha256: await sha256File(trainPath), seed });
