import assert from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import { readPredictions } from "../../lib/evaluate/mod.ts";

Deno.test("readPredictions() reads evaluated rows and names the line and field of a bad one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const good = { id: "1", label: "Adverse_Event", score: 0.9, gold: "Not_AE", pmid: "7" };
    await Deno.writeTextFile(`${dir}/p.jsonl`, JSON.stringify(good) + "\n");
    assert.deepEqual(await readPredictions(`${dir}/p.jsonl`), [good]);
    await Deno.writeTextFile(
      `${dir}/bad.jsonl`,
      JSON.stringify(good) + "\n" + JSON.stringify({ ...good, score: "high" }) + "\n",
    );
    await assert.rejects(
      readPredictions(`${dir}/bad.jsonl`),
      (error: Error) =>
        error instanceof DataError && /bad\.jsonl:2 field "score"/.test(error.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
