/**
 * A small in-domain model (trained on 4,000 rows of the real grouped split with their relations' mentions:
 * shift reference and corpus evidence included) and the lay-language fixture split into pool and held-out parts, written to a temp folder.
 */
import { splitHeldOut } from "../../lib/adapt/mod.ts";
import { sha256File, toJsonl } from "../../lib/core/mod.ts";
import type { Row } from "../../lib/data/mod.ts";
import { DEFAULT_HYPERPARAMETERS, saveModel, TextClassifier } from "../../lib/models/mod.ts";
import { LAY_ROWS, TRAIN_ROWS } from "../shift/_grouped_split.ts";

/** Temp folder holding everything below (removed at exit). */
export const DIR: string = await Deno.makeTempDir({ prefix: "ade-adapt-" });
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(DIR, { recursive: true });
  } catch {
    // already gone
  }
});

const trainRows = TRAIN_ROWS.slice(0, 4000);

/** The training rows of the model, as a file. */
export const TRAIN_PATH = `${DIR}/train.jsonl`;
await Deno.writeTextFile(TRAIN_PATH, toJsonl(trainRows));

/** The base model folder. */
export const MODEL_DIR = `${DIR}/model`;
const model = TextClassifier.fit(
  trainRows.map((row) => row.text),
  trainRows.map((row) => row.label),
  { ...DEFAULT_HYPERPARAMETERS },
  {
    seed: 42,
    groups: trainRows.map((row) => row.pmid),
    mentions: trainRows.map((row) => ({
      effects: (row.effects ?? []).map((mention) => mention.text),
      drugs: (row.drugs ?? []).map((mention) => mention.text),
    })),
  },
);
await saveModel(model, MODEL_DIR, { trainingDataSha256: await sha256File(TRAIN_PATH), seed: 42 });

const { pool, heldOut } = splitHeldOut(LAY_ROWS);
/** Pool rows of the fixture (what select and adapt may use). */
export const POOL: Row[] = pool;
/** Held-out rows of the fixture (evaluation only). */
export const HELD_OUT: Row[] = heldOut;

/**
 * Writes rows as JSONL under {@link DIR}.
 * @param name file name
 * @param rowsToWrite the rows
 * @returns the path
 */
export async function writeRowsFile(
  name: string,
  rowsToWrite: readonly unknown[],
): Promise<string> {
  const path = `${DIR}/${name}`;
  await Deno.writeTextFile(path, toJsonl(rowsToWrite));
  return path;
}

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
