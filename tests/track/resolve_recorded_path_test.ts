import assert from "node:assert/strict";
import { resolve } from "node:path";
import { resolveRecordedPath } from "../../lib/track/mod.ts";

Deno.test("resolveRecordedPath() finds a relative path beside the store, else keeps it against the cwd", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/models/baseline`, { recursive: true });
    const storePath = `${dir}/ade.sqlite`;
    assert.deepEqual(await resolveRecordedPath("models/baseline", storePath), {
      path: `${dir}/models/baseline`,
      exists: true,
    });
    assert.deepEqual(await resolveRecordedPath("no/such/folder-x1", storePath), {
      path: resolve(Deno.cwd(), "no/such/folder-x1"),
      exists: false,
    });
    assert.deepEqual(await resolveRecordedPath(`${dir}/models`, storePath), {
      path: `${dir}/models`,
      exists: true,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
