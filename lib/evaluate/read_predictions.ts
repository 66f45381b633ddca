/** Reads a `predictions.jsonl` written by `ade evaluate` or `trainAndEvaluate`. */
import { DataError } from "../core/errors.ts";
import { readJsonl } from "../core/fs.ts";
import type { Label } from "../data/types.ts";

/** One evaluated prediction: `{id, label, score, gold, pmid?}`. */
export interface EvaluatedPrediction {
  /** Test row id. */
  id: string;
  /** Predicted label. */
  label: Label;
  /** Probability of `Adverse_Event`. */
  score: number;
  /** Gold label. */
  gold: Label;
  /** PubMed id, when known. */
  pmid?: string;
}

/**
 * Reads and checks evaluated predictions (for curves, paired bootstraps and McNemar's test).
 * @param path a `predictions.jsonl`
 * @returns the rows in file order
 * @throws {DataError} a missing file or a row without valid `id`, `label`, `score` or `gold`
 * @example
 * ```ts
 * const rows = await readPredictions("runs/nb/models/baseline/predictions.jsonl");
 * const curve = precisionRecallCurve(rows.map((r) => r.gold), rows.map((r) => r.score));
 * ```
 */
export async function readPredictions(path: string): Promise<EvaluatedPrediction[]> {
  const records = await readJsonl(path);
  return records.map((record, index) => {
    const where = (field: string) => ({ file: path, line: index + 1, field });
    const isLabel = (value: unknown): value is Label =>
      value === "Adverse_Event" || value === "Not_AE";
    if (typeof record.id !== "string") throw new DataError(where("id"), "expected a string");
    if (!isLabel(record.label)) {
      throw new DataError(where("label"), "expected Adverse_Event or Not_AE");
    }
    if (!isLabel(record.gold)) {
      throw new DataError(where("gold"), "expected Adverse_Event or Not_AE");
    }
    if (typeof record.score !== "number" || !Number.isFinite(record.score)) {
      throw new DataError(where("score"), "expected a finite number");
    }
    const row: EvaluatedPrediction = {
      id: record.id,
      label: record.label,
      score: record.score,
      gold: record.gold,
    };
    if (typeof record.pmid === "string") row.pmid = record.pmid;
    return row;
  });
}
