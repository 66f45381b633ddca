import assert from "node:assert/strict";
import {
  RESOURCE_NAME_PATTERN,
  runResourceName,
  TUNING_JOB_NAME_PATTERN,
} from "../../lib/cloud/mod.ts";

Deno.test("runResourceName() fits SageMaker's name patterns and length limits", () => {
  assert.equal(
    runResourceName("ade-ep", "study-20261125T130717-3753b4", 63),
    "ade-ep-study-20261125T130717-3753b4",
  );
  const job = runResourceName("ade", "my run_id.with/odd chars--x", 32);
  assert.equal(job, "ade-my-run-id-with-odd-chars-x");
  assert.match(job, TUNING_JOB_NAME_PATTERN);
  const cut = runResourceName("ade", "a".repeat(30) + "-bcd", 32);
  assert.ok(cut.length <= 32 && !cut.endsWith("-"));
  assert.match(cut, TUNING_JOB_NAME_PATTERN);
  assert.match(runResourceName("ade-gen", "x".repeat(100), 63), RESOURCE_NAME_PATTERN);
});
