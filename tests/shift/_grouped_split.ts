/** The real corpus' grouped split (seed 42), loaded once per test module, and the lay-language fixture. */
import {
  defaultCorpusSource,
  loadSource,
  readRows,
  type Row,
  splitRows,
} from "../../lib/data/mod.ts";

const { rows } = await loadSource(defaultCorpusSource());
const split = splitRows(rows, { split: "grouped", seed: 42, testSize: 0.2 });

/** Training rows of the grouped split. */
export const TRAIN_ROWS: Row[] = split.train;
/** Test rows of the grouped split (in-domain, held out by abstract). */
export const TEST_ROWS: Row[] = split.test;
/** The lay-language fixture: invented texts in four registers. */
export const LAY_ROWS: Row[] = await readRows(
  new URL("../fixtures/lay_language/lay_language.jsonl", import.meta.url).pathname,
);
/** The fixture's registers. */
export const LAY_SOURCES = ["forum", "tweet", "call_note", "email"] as const;
