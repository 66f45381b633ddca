import assert from "node:assert/strict";
import { UsageError } from "../../lib/core/mod.ts";
import {
  createLocalExecutor,
  type LocalExecutorOptions,
  localSpace,
  readTrials,
  runTuningStudy,
  type SearchSpace,
  type StudyEnd,
  type StudyStart,
  type TrialContext,
  type TuningStudyOptions,
} from "../../lib/tune/mod.ts";
import { defaultTrialCommand } from "../../lib/tune/local_executor.ts";
import {
  fakeTrainCommand,
  smallStudy,
  syntheticObjective,
  withTinyTrainFile,
  writeTinyTrainFile,
} from "./_fixtures.ts";

/** A study on the local executor, with the executor's options given alongside the study's. */
function localStudy(options: TuningStudyOptions & LocalExecutorOptions) {
  const { trialCommand, trialTimeoutSeconds, hyperparameterNames, ...study } = options;
  const executor = createLocalExecutor({ trialCommand, trialTimeoutSeconds, hyperparameterNames });
  return runTuningStudy({ ...study, executor });
}

async function withTempDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ade-tune-test-" });
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("runTuningStudy() on the local executor writes trials.jsonl, per-trial logs and best.json, each objective on its log line, and tells its hooks", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const out = `${dir}/tune`;
    const told: string[] = [];
    let start: StudyStart | undefined;
    let end: StudyEnd | undefined;
    const result = await localStudy({
      trainPath,
      outDir: out,
      space: localSpace(),
      strategy: "random",
      maxTrials: 4,
      parallel: 2,
      seed: 5,
      quiet: true,
      runId: "study-1",
      hooks: {
        started(study) {
          start = study;
          told.push("started");
        },
        resourceCreated: (resource) => told.push(`${resource.type} ${resource.name}`),
        trialFinished: ({ record }) => told.push(`trial ${record.status}`),
        finished(study) {
          end = study;
          told.push("finished");
        },
        failed: () => told.push("failed"),
      },
      trialCommand: fakeTrainCommand(),
    });
    const trials = await readTrials(`${out}/trials.jsonl`);
    assert.deepEqual(trials.map((t) => t.trial), [1, 2, 3, 4]);
    for (const t of trials) {
      assert.deepEqual(Object.keys(t).slice(0, 5), [
        "trial",
        "params",
        "status",
        "objective",
        "seconds",
      ]);
      assert.equal(t.status, "Completed");
      assert.equal(t.objective, syntheticObjective(t.params));
      assert.equal(t.intermediate!.length, 3);
      const log = await Deno.readTextFile(`${out}/trials/${t.trial}/log.txt`);
      assert.equal(log.split("\n")[t.objective_line! - 1], `f1: ${t.objective}`);
    }
    const best = JSON.parse(await Deno.readTextFile(`${out}/best.json`));
    assert.deepEqual(Object.keys(best), ["trial", "params", "objective"]);
    assert.equal(best.objective, Math.max(...trials.map((t) => t.objective!)));
    assert.deepEqual(result.best, best);
    // The validation split lives inside the training file: the folds together are exactly its rows.
    const foldTrain = (await Deno.readTextFile(`${out}/folds/train.jsonl`)).trim().split("\n");
    const foldValidation = (await Deno.readTextFile(`${out}/folds/validation.jsonl`)).trim().split(
      "\n",
    );
    assert.equal(foldTrain.length + foldValidation.length, 120);
    const pmids = (lines: string[]) => new Set(lines.map((l) => JSON.parse(l).pmid));
    const shared = [...pmids(foldTrain)].filter((p) => pmids(foldValidation).has(p));
    assert.deepEqual(shared, []);
    // The hooks heard the start, the study folder, each trial as it ended, and the end.
    assert.deepEqual(told, [
      "started",
      `local-dir ${out}`,
      ...Array(4).fill("trial Completed"),
      "finished",
    ]);
    assert.deepEqual(start, {
      name: "random:local",
      params: { strategy: "random", space: "local", budget: 4, parallel: 2, seed: 5 },
      runId: "study-1",
      outDir: out,
    });
    assert.equal(end?.status, "completed");
    assert.deepEqual(end?.best, best);
    assert.equal(end?.trials.length, 4);
  });
});

Deno.test("runTuningStudy() hands each trial its trialArgs, which the default command appends", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const seen: string[][] = [];
    await localStudy({
      ...smallStudy(dir, trainPath, { trialArgs: (trial) => ["--name", `t-${trial}`] }),
      trialCommand: (context) => {
        seen.push(defaultTrialCommand(context).args.slice(-2));
        return fakeTrainCommand()(context);
      },
    });
    assert.deepEqual(seen, [["--name", "t-1"], ["--name", "t-2"]]);
  });
});

Deno.test("runTuningStudy() on the local executor records a crashing trial as Failed with its error tail and goes on", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const result = await localStudy({
      trainPath,
      outDir: `${dir}/tune`,
      space: localSpace(),
      strategy: "bayesian",
      maxTrials: 4,
      seed: 1,
      quiet: true,
      trialCommand: fakeTrainCommand({ crashTrials: [2] }),
    });
    assert.deepEqual(result.trials.map((t) => t.status), [
      "Completed",
      "Failed",
      "Completed",
      "Completed",
    ]);
    const failed = result.trials[1];
    assert.equal(failed.objective, null);
    assert.match(failed.error!, /exit code 1/);
    assert.match(failed.error!, /Traceback: something broke in trial 2/);
    assert.ok(result.best && result.best.trial !== 2);
  });
});

Deno.test("runTuningStudy() on the local executor fails a trial that runs past its timeout and kills its process group", async () => {
  await withTinyTrainFile(async (dir, trainPath) => {
    const result = await localStudy({
      ...smallStudy(dir, trainPath, {}),
      trialTimeoutSeconds: 1,
      trialCommand: fakeTrainCommand({ hangTrials: [1] }),
    });
    assert.equal(result.trials[0].status, "Failed");
    assert.match(result.trials[0].error!, /timed out after 1 s/);
    assert.equal(result.trials[1].status, "Completed");
  });
});

Deno.test("runTuningStudy() on the local executor stops on abort, marks running trials Stopped, and --resume finishes the study", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const out = `${dir}/tune`;
    const controller = new AbortController();
    const fast = fakeTrainCommand(), slow = fakeTrainCommand({ sleepSeconds: 0.4 });
    const options = {
      trainPath,
      outDir: out,
      space: localSpace(),
      strategy: "random" as const,
      maxTrials: 5,
      parallel: 2,
      seed: 9,
      quiet: true,
      trialCommand: (context: TrialContext) => (context.trial === 1 ? fast : slow)(context),
    };
    const first = await localStudy({
      ...options,
      signal: controller.signal,
      onTrial: (trial) => {
        if (trial.trial === 1) controller.abort();
      },
    });
    assert.equal(first.interrupted, true);
    const stored = await readTrials(`${out}/trials.jsonl`);
    assert.ok(stored.some((t) => t.status === "Stopped" && t.error === "interrupted"));
    assert.ok(stored.length < 5);
    // A fresh run into the same folder is refused; --resume continues.
    await assert.rejects(() => localStudy(options), /use --resume/);
    const resumed = await localStudy({ ...options, resume: true });
    assert.equal(resumed.interrupted, false);
    assert.deepEqual(resumed.trials.map((t) => t.trial), [1, 2, 3, 4, 5]);
    assert.ok(resumed.trials.every((t) => t.status === "Completed"));
    // Same seed, same values as an uninterrupted study.
    const straight = await localStudy({ ...options, outDir: `${dir}/straight` });
    assert.deepEqual(resumed.trials.map((t) => t.params), straight.trials.map((t) => t.params));
    await assert.rejects(
      () => localStudy({ ...options, seed: 10, resume: true }),
      /seed differs/,
    );
  });
});

Deno.test("runTuningStudy() on the local executor with hyperband stops losing trials on their intermediate values", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const space: SearchSpace = { ...localSpace(), resource: { name: "max_iter", max: 9, min: 1 } };
    const seen: Array<Record<string, string | number>> = [];
    const command = fakeTrainCommand({ steps: 9 });
    const result = await localStudy({
      trainPath,
      outDir: `${dir}/tune`,
      space,
      strategy: "hyperband",
      maxTrials: 9,
      seed: 2,
      quiet: true,
      trialCommand: (context) => {
        seen.push(context.hyperparameters);
        return command(context);
      },
    });
    assert.ok(seen.every((hp) => hp.max_iter === 9), "every trial gets the full resource");
    const stopped = result.trials.filter((t) => t.status === "Stopped");
    assert.ok(stopped.length > 0, "some trials are stopped");
    for (const t of stopped) {
      assert.match(t.error!, /stopped by hyperband/);
      const better = result.trials.filter((u) => u.trial < t.trial && u.objective !== null);
      assert.ok(better.length > 0);
    }
    assert.ok(result.best);
  });
});

Deno.test("runTuningStudy() on the local executor warm start seeds the sampler with an earlier folder's completed trials", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const base = {
      trainPath,
      space: localSpace(),
      strategy: "bayesian" as const,
      seed: 4,
      quiet: true,
      trialCommand: fakeTrainCommand(),
    };
    await localStudy({ ...base, outDir: `${dir}/first`, maxTrials: 6 });
    const cold = await localStudy({ ...base, outDir: `${dir}/cold`, maxTrials: 1 });
    const warm = await localStudy({
      ...base,
      outDir: `${dir}/warm`,
      maxTrials: 1,
      warmStartDir: `${dir}/first`,
    });
    // With 6 earlier trials the model is used at once, so trial 1 differs from a cold start's random draw.
    assert.notDeepEqual(warm.trials[0].params, cold.trials[0].params);
    await assert.rejects(
      () => localStudy({ ...base, outDir: `${dir}/x`, maxTrials: 1, warmStartDir: `${dir}/nope` }),
      /--warm-start/,
    );
  });
});

Deno.test("runTuningStudy() on the local executor with bayesian and --parallel 2 proposes the same trials whatever order they finish in", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const study = async (out: string, slowTrials: number[]) => {
      const base = fakeTrainCommand();
      const result = await localStudy({
        trainPath,
        outDir: `${dir}/${out}`,
        space: localSpace(),
        strategy: "bayesian",
        maxTrials: 8,
        parallel: 2,
        seed: 11,
        quiet: true,
        // Slow trials finish after the ones started after them: a different completion order per study.
        trialCommand: (context) => {
          const command = base(context);
          const delay = slowTrials.includes(context.trial) ? 0.6 : 0;
          return { ...command, args: ["-c", `sleep ${delay}\n${command.args[1]}`] };
        },
      });
      return result.trials.map((t) => [t.trial, t.params, t.objective]);
    };
    const first = await study("a", [3, 5]);
    const second = await study("b", [4, 6, 7]);
    assert.deepEqual(second, first);
  });
});

Deno.test("runTuningStudy() on the local executor evaluates initialTrials first, then samples, and refuses ones outside the space", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const defaults = {
      model: "tfidf-svm",
      C: 0.25,
      word_ngram_max: 2,
      char_ngram_max: 5,
      min_df: 2,
      class_weight: "balanced",
    };
    const result = await localStudy({
      trainPath,
      outDir: `${dir}/tune`,
      space: localSpace(),
      strategy: "bayesian",
      maxTrials: 4,
      seed: 3,
      quiet: true,
      initialTrials: [defaults],
      trialCommand: fakeTrainCommand(),
    });
    assert.deepEqual(result.trials.map((t) => t.trial), [1, 2, 3, 4]);
    assert.deepEqual(result.trials[0].params, defaults);
    assert.notDeepEqual(result.trials[1].params, defaults);
    await assert.rejects(
      () =>
        localStudy({
          trainPath,
          outDir: `${dir}/bad`,
          space: localSpace(),
          maxTrials: 2,
          quiet: true,
          initialTrials: [{ ...defaults, C: 1000 }],
          trialCommand: fakeTrainCommand(),
        }),
      (error: unknown) => error instanceof UsageError && /C=1000 outside/.test(error.message),
    );
  });
});
