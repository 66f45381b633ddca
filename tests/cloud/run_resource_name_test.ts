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

Deno.test("runResourceName() shortens with a hash, so runs that differ only in their random suffix never collide", () => {
  const names = new Set<string>();
  for (const prefix of ["ade", "ade-biobert-study-team-a"]) {
    for (const suffix of ["3753b4", "3753b5", "a0c1d2", "ffffff"]) {
      const name = runResourceName(prefix, `study-20261125T130717-${suffix}`, 32);
      assert.ok(name.length <= 32, name);
      assert.match(name, TUNING_JOB_NAME_PATTERN);
      assert.ok(name.startsWith(prefix.slice(0, 20)), name);
      names.add(name);
    }
  }
  assert.equal(names.size, 8, [...names].join(", "));
  // The same run always gets the same name (cleanup and re-runs find it).
  assert.equal(
    runResourceName("ade-biobert-study-team-a", "study-20261125T130717-3753b4", 32),
    runResourceName("ade-biobert-study-team-a", "study-20261125T130717-3753b4", 32),
  );
  assert.equal(runResourceName("ade", "study-20261125T130717-3753b4", 32).length, 32); // fits: kept
  assert.match(
    runResourceName("ade-team", "study-20261125T130717-3753b4", 32),
    /^ade-team-study-20261125-[0-9a-f]{8}$/,
  );
});
