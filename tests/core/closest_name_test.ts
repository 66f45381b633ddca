import assert from "node:assert/strict";
import { closestName } from "../../lib/core/mod.ts";

Deno.test("closestName() finds one-letter typos, swaps and other separators", () => {
  const flags = ["source", "split", "seed", "test-size", "out", "skip-invalid", "hub-url"];
  assert.equal(closestName("souce", flags), "source");
  assert.equal(closestName("sorce", flags), "source");
  assert.equal(closestName("splt", flags), "split");
  assert.equal(closestName("tset-size", flags), "test-size");
  assert.equal(closestName("test_size", flags), "test-size");
  assert.equal(closestName("skipinvalid", flags), "skip-invalid");
  assert.equal(closestName("ot", flags), "out");
});

Deno.test("closestName() takes a unique prefix and ignores case", () => {
  assert.equal(closestName("kms-key", ["kms-key-id", "region"]), "kms-key-id");
  assert.equal(closestName("c", ["model", "C", "tol"]), "C");
  assert.equal(closestName("Train_Batch_Size", ["train_batch_size"]), "train_batch_size");
});

Deno.test("closestName() suggests nothing far from every name", () => {
  assert.equal(closestName("lr", ["model", "C", "class_weight", "tol"]), undefined);
  assert.equal(closestName("banana", ["source", "split", "seed"]), undefined);
  assert.equal(closestName("s", ["source", "split"]), undefined, "an ambiguous prefix");
  assert.equal(closestName("anything", []), undefined);
});
