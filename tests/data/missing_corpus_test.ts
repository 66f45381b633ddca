import assert from "node:assert/strict";
import { DataError } from "../../lib/core/mod.ts";
import { loadSource } from "../../lib/data/mod.ts";

Deno.test("loadSource() on a missing corpus folder names $ADE_CORPUS_DIR, --source hf and where the raw files are", async () => {
  await assert.rejects(() => loadSource("/nonexistent/ade_corpus_v2"), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.match(error.message, /^\/nonexistent\/ade_corpus_v2: corpus folder not found/);
    assert.match(error.message, /\$ADE_CORPUS_DIR/);
    assert.match(error.message, /--source hf/);
    assert.match(error.message, /github\.com\/trunghlt\/AdverseDrugReaction/);
    return true;
  });
});

Deno.test("loadSource() on a folder without the corpus files names the missing file and the same hints", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/ADE-NEG.txt`, "1 NEG A sentence.\n");
    await assert.rejects(() => loadSource(dir), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.location.file, `${dir}/DRUG-AE.rel`);
      assert.match(error.reason, /^file not found \(the folder lacks DRUG-AE\.rel\).*--source hf/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
