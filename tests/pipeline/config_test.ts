import assert from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import { DEFAULT_CONFIG, loadConfig, resolveConfig } from "../../lib/pipeline/config.ts";

Deno.test("resolveConfig() merges a partial file over the defaults", () => {
  const config = resolveConfig({ seed: 7, tune: { max_trials: 4 } }, "ade.config.json");
  assert.equal(config.seed, 7);
  assert.equal(config.tune.max_trials, 4);
  assert.equal(config.tune.strategy, DEFAULT_CONFIG.tune.strategy);
  assert.equal(config.data.split, "grouped");
});

Deno.test("resolveConfig() names the field of an invalid value", () => {
  assert.throws(
    () => resolveConfig({ tune: { max_trials: 0 } }, "my.json"),
    (error: unknown) =>
      error instanceof DataError && error.location.field === "tune.max_trials" &&
      error.message.startsWith("my.json"),
  );
  assert.throws(
    () => resolveConfig({ data: { split: "shuffled" } }, "my.json"),
    (error: unknown) =>
      error instanceof DataError && /data\.split.*grouped, dedup, random/.test(error.message),
  );
  assert.throws(
    () => resolveConfig({ augment: { n: 2.5 } }, "my.json"),
    (error: unknown) => error instanceof DataError && /augment\.n.*integer/.test(error.message),
  );
});

Deno.test("resolveConfig() refuses unknown (misspelt) fields instead of ignoring them", () => {
  assert.throws(
    () => resolveConfig({ tune: { max_trails: 4 } }, "my.json"),
    (error: unknown) => error instanceof DataError && error.location.field === "tune.max_trails",
  );
  assert.throws(
    () => resolveConfig({ tuning: {} }, "my.json"),
    (error: unknown) => error instanceof DataError && error.location.field === "tuning",
  );
});

Deno.test("loadConfig() reports a file that is not JSON with its name", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.json`, "{ seed: 1 ");
    await assert.rejects(
      () => loadConfig(`${dir}/bad.json`),
      (error: unknown) =>
        error instanceof DataError && error.message.includes("bad.json") &&
        /not valid JSON/.test(error.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the committed ade.config.json equals the built-in defaults", async () => {
  const { config } = await loadConfig(new URL("../../ade.config.json", import.meta.url).pathname);
  assert.deepEqual(config, DEFAULT_CONFIG);
});
