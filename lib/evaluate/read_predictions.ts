/** Reads a `predictions.jsonl` written by `ade evaluate`, `trainAndEvaluate` or `evaluateModelFile`. */
import { DataError, readJsonl } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";

/** One evaluated prediction: a line `{id, label, score, gold, pmid?}` of `predictions.jsonl`. */
export interface EvaluatedPrediction {
  /** Test row id. */
  id: string;
  /** Predicted label. */
  label: Label;
  /** Probability of `Adverse_Event`. */
  score: number;
  /** Gold label. */
  gold: Label;
  /** PubMed id, when known (bootstraps then resample whole abstracts). */
  pmid?: string;
}

/**
 * Reads and checks evaluated predictions (for curves, paired bootstraps and McNemar's test). Ids and
 * PubMed ids may be strings or numbers (read as strings); an id may appear once.
 * @param path a `predictions.jsonl`
 * @returns the rows in file order
 * @throws {DataError} a missing file, or a row without a valid `id`, `label`, `score` or `gold`, or a
 * repeated id (file, line and field named)
 * @example
 * ```ts
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"id":"t1","label":"Not_AE","score":0.2,"gold":"Adverse_Event"}\n');
 * const [row] = await readPredictions(path);
 * console.log(row.gold, row.score); // Adverse_Event 0.2
 * ```
 */
export async function readPredictions(path: string): Promise<EvaluatedPrediction[]> {
  const records = await readJsonl(path);
  const seen = new Set<string>();
  return records.map((record, index) => {
    const where = (field: string) => ({ file: path, line: index + 1, field });
    if (typeof record.id !== "string" && typeof record.id !== "number") {
      throw new DataError(where("id"), "expected a string or number");
    }
    if (!_isLabel(record.label)) {
      throw new DataError(where("label"), "expected Adverse_Event or Not_AE");
    }
    if (!_isLabel(record.gold)) {
      throw new DataError(where("gold"), "expected Adverse_Event or Not_AE");
    }
    if (typeof record.score !== "number" || !Number.isFinite(record.score)) {
      throw new DataError(where("score"), "expected a finite number");
    }
    const id = String(record.id);
    if (seen.has(id)) throw new DataError(where("id"), `duplicate id "${id}"`);
    seen.add(id);
    const row: EvaluatedPrediction = {
      id,
      label: record.label,
      score: record.score,
      gold: record.gold,
    };
    if (record.pmid !== undefined && record.pmid !== null) row.pmid = String(record.pmid);
    return row;
  });
}

function _isLabel(value: unknown): value is Label {
  return value === "Adverse_Event" || value === "Not_AE";
}
