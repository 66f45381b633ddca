/** Private: Writes `MODEL_CARD.md` into a saved model folder, from its `model.json` and plain facts. */
import { readTextStrict, writeFileAtomic } from "../core/mod.ts";
import { isPublicCorpusSource } from "../data/mod.ts";
import { readModelMetadata } from "../models/mod.ts";
import { _dataDescriptionNextTo } from "./_paths.ts";
import {
  type ModelCard,
  type ModelCardEvaluation,
  modelCardMarkdown,
  type ModelCardShift,
} from "./_model_card_markdown.ts";

/** What the card says beyond the folder's own `model.json`. */
export interface WriteModelCardOptions {
  /** The model's name on the card (default the folder's name). */
  name?: string;
  /** Metrics on held-out data (e.g. the test split), when the caller has them. */
  evaluation?: ModelCardEvaluation;
  /** The training data's source and split kind, when known (e.g. from the split's `manifest.json`). */
  data?: { source: string | null; split: string | null };
  /** Without `data`: a training file whose `manifest.json` (from `ade prepare`) tells source and split. */
  dataFile?: string;
  /** Further lines (e.g. an adapted model's sample size, strategy and cross-validated estimate). */
  notes?: readonly string[];
}

/**
 * Writes (or rewrites) `MODEL_CARD.md` in a saved model folder: the folder's `model.json` gives the family,
 * hyperparameters, threshold and how it was chosen, the training counts and hash and any validation
 * metrics; `shift.json`, when the folder holds one, the shift statistics; `options` the held-out metrics,
 * the data source and extra notes. Call it after the folder is saved, and again after anything is added
 * to the folder (an adapted threshold, a shift reference). The card holds no training text.
 * @param modelDir a saved model folder
 * @param options name, held-out evaluation, data source and split, notes
 * @returns the path written
 * @throws {AdeError} when the folder has no readable `model.json`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * for (const entry of Deno.readDirSync("tests/fixtures/models/tiny")) {
 *   await Deno.copyFile(`tests/fixtures/models/tiny/${entry.name}`, `${dir}/${entry.name}`);
 * }
 * await writeModelCard(dir, { name: "baseline" });
 * assert.match(await Deno.readTextFile(`${dir}/MODEL_CARD.md`), /baseline/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeModelCard(
  modelDir: string,
  options: WriteModelCardOptions = {},
): Promise<string> {
  const base = modelDir.replace(/\/+$/, "");
  const metadata = await readModelMetadata(base);
  const validation = metadata.metrics?.validation as
    | { n?: number; f1?: number; precision?: number; recall?: number }
    | undefined;
  const data = options.data ??
    (options.dataFile ? await _dataDescriptionNextTo(options.dataFile) : undefined);
  const source = data?.source ?? null;
  const card: ModelCard = {
    name: options.name ?? base.split("/").at(-1) ?? base,
    created: metadata.created,
    family: String(metadata.hyperparameters.model),
    hyperparameters: { ...metadata.hyperparameters },
    threshold: metadata.threshold,
    thresholdRule: metadata.training.thresholdMethod,
    training: {
      rows: metadata.training.rows,
      positives: metadata.training.positives,
      dataSha256: metadata.training_data_sha256,
      seed: metadata.seed,
      outOfFoldF1: metadata.training.outOfFoldF1,
      source,
      split: data?.split ?? null,
      publicCorpus: source !== null && await isPublicCorpusSource(source),
    },
    evaluation: options.evaluation ?? null,
    validation: validation && typeof validation.f1 === "number"
      ? {
        n: Number(validation.n ?? 0),
        f1: validation.f1,
        precision: Number(validation.precision ?? Number.NaN),
        recall: Number(validation.recall ?? Number.NaN),
      }
      : null,
    shift: await _shiftStatistics(base),
    notes: options.notes ?? [],
  };
  const path = `${base}/MODEL_CARD.md`;
  await writeFileAtomic(path, modelCardMarkdown(card));
  return path;
}

/** The shift statistics of `shift.json` in the folder, or null when there is none or it is unreadable. */
async function _shiftStatistics(base: string): Promise<ModelCardShift | null> {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(await readTextStrict(`${base}/shift.json`));
  } catch {
    return null;
  }
  const numberOrNull = (key: string) =>
    typeof value[key] === "number" && Number.isFinite(value[key]) ? value[key] as number : null;
  return {
    documents: numberOrNull("documents"),
    falseAlarmRate: numberOrNull("false_alarm_rate"),
    trainingPositiveRate: numberOrNull("training_positive_rate"),
    minimumRows: numberOrNull("minimum_rows"),
    calibratedOn: typeof value.calibrated_on === "string" ? value.calibrated_on : null,
  };
}
