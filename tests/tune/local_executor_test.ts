import assert from "node:assert/strict";
import { UsageError } from "../../lib/core/mod.ts";
import { type SearchSpace, seedSpace } from "../../lib/tune/mod.ts";
import { checkHyperparameterNames } from "../../lib/tune/local_executor.ts";

Deno.test("checkHyperparameterNames() refuses a misspelt name such as train-batch-size with a hint", () => {
  const space: SearchSpace = {
    name: "mine",
    parameters: [{ type: "categorical", name: "train-batch-size", values: [16, 32] }],
  };
  assert.throws(
    () => checkHyperparameterNames(space, ["learning_rate", "train_batch_size", "epochs"]),
    (error: unknown) =>
      error instanceof UsageError &&
      /range "train-batch-size" is not a hyperparameter of the trainer \(did you mean "train_batch_size"\?\)/
        .test(error.message),
  );
  checkHyperparameterNames(seedSpace(), [
    "learning_rate",
    "max_seq_length",
    "train_batch_size",
    "model_name",
    "epochs",
  ]);
});
