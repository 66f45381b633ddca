import assert from "node:assert/strict";
import { classBalance, loadSource } from "../../lib/data/mod.ts";
import { recordsFrame } from "../../lib/figures/mod.ts";
import { FIXTURE_CORPUS } from "../data/_fixtures.ts";

const { rows } = await loadSource(FIXTURE_CORPUS);

Deno.test("recordsFrame() keeps integer columns as integers", () => {
  const frame = recordsFrame(classBalance(rows));
  assert.deepEqual(frame.columns, ["label", "rows", "share", "unique_texts", "rows_per_text"]);
  assert.deepEqual(frame.dtypes.map(String), [
    "DataType(String)",
    "DataType(Int64)",
    "DataType(Float64)",
    "DataType(Int64)",
    "DataType(Float64)",
  ]);
  assert.equal(frame.height, 2);
});
