/** `ade select` as a library: score a pool with a model, pick texts to label, write them for labelling. */
import { writeFilesAtomic } from "../core/mod.ts";
import { formatCsv } from "../data/mod.ts";
import { readUnlabelledRows } from "../evaluate/mod.ts";
import { loadModel } from "../models/mod.ts";
import type { SelectDesign } from "./select_for_labelling.ts";
import { _selectWithModel } from "./_select_with_model.ts";

/** Options of {@link selectFile}. */
export interface SelectFileOptions {
  /** Model folder whose scores guide the picks. */
  modelDir: string;
  /** Unlabelled pool: JSONL or CSV with `text` (and `id`, other fields kept). */
  poolPath: string;
  /** How many texts to pick. */
  n: number;
  /** Output path: `X.jsonl` (the pool's fields) and `X.csv` (for a spreadsheet) are both written. */
  outPath: string;
  /** Seed (default 42). */
  seed?: number;
  /** How the text within a score stratum is chosen (default `coverage`). */
  withinStratum?: SelectDesign;
}

/** What {@link selectFile} wrote (counts only). */
export interface SelectFileSummary {
  /** Pool rows read. */
  poolRows: number;
  /** Rows picked. */
  picked: number;
  /** Of those, one per stratum of the pool's score order (the most coverage value in the stratum). */
  pickedFromStrata: number;
  /** Of those, drawn from the top of the score order to reach the expected adverse events. */
  pickedAsLikelyPositive: number;
  /** Of those, predicted `Adverse_Event` by the model at its own threshold. */
  predictedPositive: number;
  /** The JSONL written (the pool's fields, in pick order). */
  jsonlPath: string;
  /** The CSV written: `id`, `text`, the pool's other scalar fields, then an empty `label` column. */
  csvPath: string;
}

/**
 * Picks `n` pool texts to label ({@link selectForLabelling}) and writes them twice, atomically: as JSONL
 * rows with the pool's own fields, and as a CSV with an empty `label` column to fill in a spreadsheet
 * (then `ade adapt --labelled X.csv`).
 * @param options model, pool, n, output path, seed
 * @returns counts and the paths written
 * @throws {DataError} a bad pool file (file, line and field named) or model
 * @throws {UsageError} an empty pool, `n` out of range
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const outPath = `${await Deno.makeTempDir()}/to_label.jsonl`;
 * const summary = await selectFile({
 *   modelDir: "tests/fixtures/models/tiny",
 *   poolPath: "tests/fixtures/lay_language/lay_language.jsonl",
 *   n: 20,
 *   outPath,
 * });
 * assert.equal(summary.picked, 20);
 * await Deno.remove(outPath);
 * ```
 */
export async function selectFile(options: SelectFileOptions): Promise<SelectFileSummary> {
  const model = await loadModel(options.modelDir);
  const pool = await readUnlabelledRows(options.poolPath);
  const texts = pool.map((row) => row.text);
  const { picks, scores } = _selectWithModel(model, texts, {
    n: options.n,
    seed: options.seed ?? 42,
    ...(options.withinStratum ? { withinStratum: options.withinStratum } : {}),
  });
  const stem = options.outPath.replace(/\.(jsonl|csv)$/i, "");
  const jsonlPath = `${stem}.jsonl`;
  const csvPath = `${stem}.csv`;
  const picked = picks.map((pick) => pool[pick.index]);
  const extraColumns = [
    ...new Set(
      picked.flatMap((row) =>
        Object.entries(row.fields)
          .filter(([name, value]) =>
            !["id", "text", "label"].includes(name) &&
            ["string", "number", "boolean"].includes(typeof value)
          )
          .map(([name]) => name)
      ),
    ),
  ];
  const csv = formatCsv([
    ["id", "text", ...extraColumns, "label"],
    ...picked.map((row) => [
      row.id,
      row.text,
      ...extraColumns.map((name) => String(row.fields[name] ?? "")),
      "",
    ]),
  ]);
  const jsonl = picked.map((row) => JSON.stringify({ id: row.id, ...row.fields }) + "\n").join("");
  await writeFilesAtomic([{ path: jsonlPath, data: jsonl }, { path: csvPath, data: csv }]);
  return {
    poolRows: pool.length,
    picked: picks.length,
    pickedFromStrata: picks.filter((pick) => pick.reason === "score stratum").length,
    pickedAsLikelyPositive: picks.filter((pick) => pick.reason === "likely positive").length,
    predictedPositive: picks.filter((pick) => scores[pick.index] >= model.threshold).length,
    jsonlPath,
    csvPath,
  };
}
