import assert from "node:assert/strict";
import { exists } from "../../lib/core/mod.ts";
import { recordTuningStudy } from "../../lib/record/mod.ts";
import { ExperimentStore, type RunRecord } from "../../lib/track/mod.ts";
import {
  createLocalExecutor,
  localSpace,
  readTrials,
  type SearchExecutor,
  seedSpace,
  type TrialContext,
} from "../../lib/tune/mod.ts";
import { fakeTrainCommand, smallStudy, withTinyTrainFile } from "../tune/_fixtures.ts";

/** The study run's records of one kind, oldest first. */
async function runsOf(storePath: string, runId: string, kind: RunRecord["kind"]) {
  const store = await ExperimentStore.open(storePath);
  try {
    return store.listRuns({ runId, kind });
  } finally {
    store.close();
  }
}

/** A service-side search that reports two trials, a prefix and a job, and ends with `status`. */
function fakeSearchExecutor(status: string | Error, dryRun = false): SearchExecutor {
  return {
    kind: "search",
    backend: "fake",
    dryRun,
    check: () => Promise.resolve([]),
    describeRun: ({ strategy, space }) => ({
      name: `fake:${strategy}:${space.name}`,
      params: { strategy, backend: "fake" },
    }),
    async runSearch(context) {
      context.addResource({ type: "s3-prefix", name: "s3://bucket/ade/run/" });
      context.addResource({ type: "tuning-job", name: "job-1", region: "us-east-1" });
      await context.sync([
        {
          trial: 1,
          params: { learning_rate: 0.001 },
          status: "Completed",
          objective: 0.7,
          seconds: 9,
        },
        {
          trial: 2,
          params: { learning_rate: 0.01 },
          status: "Failed",
          objective: null,
          seconds: 3,
        },
      ], "InProgress");
      if (status instanceof Error) throw status;
      return { status, requestFiles: [], requests: [] };
    },
  };
}

Deno.test("recordTuningStudy() records the tune run, its study folder and one tune-trial run per trial", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const storePath = `${dir}/ade.sqlite`;
    const out = `${dir}/tune`;
    const result = await recordTuningStudy(
      smallStudy(dir, trainPath, {
        maxTrials: 3,
        parallel: 2,
        seed: 5,
        executor: createLocalExecutor({ trialCommand: fakeTrainCommand({ crashTrials: [2] }) }),
      }),
      { storePath, runId: "study-1" },
    );
    const [tune] = await runsOf(storePath, "study-1", "tune");
    assert.equal(tune.id, result.recordId);
    assert.equal(tune.name, "random:local");
    assert.equal(tune.status, "completed");
    assert.deepEqual(tune.params, {
      strategy: "random",
      space: "local",
      budget: 3,
      parallel: 2,
      seed: 5,
    });
    assert.deepEqual(tune.metrics, { best_objective: result.best!.objective, trials: 3 });
    assert.deepEqual(tune.artifacts, {
      out,
      trials: `${out}/trials.jsonl`,
      best: `${out}/best.json`,
    });
    assert.deepEqual(tune.resources, [{ type: "local-dir", name: out }]);
    const trials = await readTrials(`${out}/trials.jsonl`);
    const trialRuns = await runsOf(storePath, "study-1", "tune-trial");
    assert.deepEqual(trialRuns.map((r) => r.name).sort(), ["trial-1", "trial-2", "trial-3"]);
    for (const run of trialRuns) {
      const trial = trials.find((t) => `trial-${t.trial}` === run.name)!;
      assert.deepEqual(run.params, { ...localSpace().static, ...trial.params }); // the hyperparameters
      assert.equal(run.status, trial.status === "Completed" ? "completed" : "failed");
      assert.deepEqual(run.metrics, {
        objective: trial.objective,
        intermediate: trial.intermediate ?? [],
      });
      assert.deepEqual(run.artifacts, { log: `${out}/trials/${trial.trial}/log.txt` });
      assert.equal(run.error, trial.error ?? null);
    }
    assert.equal(trialRuns.find((r) => r.name === "trial-2")?.status, "failed");
  });
});

Deno.test("recordTuningStudy() asks the default trial command to record its train run under the study's run id", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const seen: string[][] = [];
    const trialCommand = fakeTrainCommand();
    const executor = createLocalExecutor({
      trialCommand: (context: TrialContext) => {
        seen.push(context.extraArgs ?? []);
        return trialCommand(context);
      },
    });
    await recordTuningStudy(smallStudy(dir, trainPath, { executor }), {
      storePath: `${dir}/ade.sqlite`,
      runId: "study-2",
    });
    assert.deepEqual(
      seen.sort(),
      [1, 2].map((trial) => [
        "--store",
        `${dir}/ade.sqlite`,
        "--name",
        `tune-trial-${trial}`,
        "--run-id",
        "study-2",
      ]),
    );
  });
});

Deno.test("recordTuningStudy() of a study interrupted after k trials keeps the k trial runs and stops the tune run", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const storePath = `${dir}/ade.sqlite`;
    const controller = new AbortController();
    const result = await recordTuningStudy(
      smallStudy(dir, trainPath, {
        maxTrials: 6,
        signal: controller.signal,
        onTrial: (trial) => {
          if (trial.trial === 2) controller.abort();
        },
        executor: createLocalExecutor({ trialCommand: fakeTrainCommand() }),
      }),
      { storePath, runId: "stopped" },
    );
    assert.equal(result.interrupted, true);
    const [tune] = await runsOf(storePath, "stopped", "tune");
    assert.equal(tune.status, "stopped");
    assert.equal(tune.metrics.trials, 2);
    const trialRuns = await runsOf(storePath, "stopped", "tune-trial");
    assert.deepEqual(trialRuns.map((r) => [r.name, r.status]), [
      ["trial-1", "completed"],
      ["trial-2", "completed"],
    ]);
  });
});

Deno.test("recordTuningStudy() of a study whose process dies after k trials keeps the k trial runs already recorded", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-record-crash-" });
  try {
    const child = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./_crashing_study.ts", import.meta.url).pathname, dir, "2"],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(child.code, 9, new TextDecoder().decode(child.stderr));
    const storePath = `${dir}/ade.sqlite`;
    const trialRuns = await runsOf(storePath, "crashed", "tune-trial");
    assert.deepEqual(trialRuns.map((r) => [r.name, r.status]), [
      ["trial-1", "completed"],
      ["trial-2", "completed"],
    ]);
    assert.equal((await readTrials(`${dir}/tune/trials.jsonl`)).length, 2);
    // The tune run never finished: the store marks it failed (stale) once its process is gone.
    const [tune] = await runsOf(storePath, "crashed", "tune");
    assert.equal(tune.status, "failed");
    assert.match(tune.error ?? "", /^stale:/);
    assert.deepEqual(tune.resources, [{ type: "local-dir", name: `${dir}/tune` }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recordTuningStudy() of a service's search records its resources and its end, and no trial runs", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const storePath = `${dir}/ade.sqlite`;
    const study = {
      trainPath,
      space: seedSpace(),
      strategy: "bayesian" as const,
      maxTrials: 2,
      quiet: true,
    };
    for (
      const [runId, status, stored] of [
        ["done", "Completed", "completed"],
        ["halted", "Stopped", "stopped"],
        ["broken", "Failed", "failed"],
      ] as const
    ) {
      await recordTuningStudy({
        ...study,
        outDir: `${dir}/${runId}`,
        executor: fakeSearchExecutor(status),
      }, { storePath, runId });
      const [tune] = await runsOf(storePath, runId, "tune");
      assert.equal(tune.name, "fake:bayesian:seed");
      assert.equal(tune.status, stored);
      assert.deepEqual(tune.metrics, { best_objective: 0.7, trials: 2 });
      assert.deepEqual(tune.resources.map((r) => r.type).sort(), ["s3-prefix", "tuning-job"]);
      assert.deepEqual(await runsOf(storePath, runId, "tune-trial"), []);
    }
    await assert.rejects(
      recordTuningStudy({
        ...study,
        outDir: `${dir}/error`,
        executor: fakeSearchExecutor(new Error("the service said no")),
      }, { storePath, runId: "error" }),
      /the service said no/,
    );
    const [failed] = await runsOf(storePath, "error", "tune");
    assert.equal(failed.status, "failed");
    assert.equal(failed.error, "the service said no");
    assert.equal(failed.resources.length, 2, "resources created before the failure are kept");
  });
});

Deno.test("recordTuningStudy() of a dry run records nothing (the store is not even created)", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const result = await recordTuningStudy({
      trainPath,
      outDir: `${dir}/plan`,
      space: seedSpace(),
      quiet: true,
      executor: fakeSearchExecutor("Completed", true),
    }, { storePath: `${dir}/ade.sqlite` });
    assert.equal(result.recordId, null);
    assert.equal(await exists(`${dir}/ade.sqlite`), false);
  });
});
