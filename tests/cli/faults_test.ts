/**
 * Faults with real processes: `ade` processes killed (SIGKILL) at points chosen by their progress output
 * or by a failpoint (the process announces the point on stderr and waits there; no sleeps) leave no
 * partial output folder and a consistent store that marks the killed run stale; the same command run
 * again completes. Several processes sharing one store all succeed and are all recorded.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { loadModel } from "../../lib/models/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows } from "../evaluate/_synthetic_rows.ts";
import { runCli, startCli } from "./_cli_process.ts";

const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";

async function workspace(): Promise<{ dir: string; train: string; test: string; store: string }> {
  const dir = await Deno.makeTempDir({ prefix: "ade-faults-" });
  await Deno.writeTextFile(`${dir}/train.jsonl`, jsonl(syntheticRows(600, 21)));
  await Deno.writeTextFile(`${dir}/test.jsonl`, jsonl(syntheticRows(150, 22, "t")));
  return {
    dir,
    train: `${dir}/train.jsonl`,
    test: `${dir}/test.jsonl`,
    store: `${dir}/store.sqlite`,
  };
}

const names = (dir: string) => [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/** The store opens, passes SQLite's integrity check, and holds no run still marked running. */
async function assertStoreConsistent(path: string): Promise<void> {
  const store = await ExperimentStore.open(path); // marks the killed runs stale
  const running = store.listRuns({ status: "running" });
  store.close();
  assert.deepEqual(running.map((run) => run.id), [], "no run is left running");
  const db = new DatabaseSync(path);
  const [{ integrity_check }] = db.prepare("PRAGMA integrity_check").all() as Array<
    { integrity_check: string }
  >;
  db.close();
  assert.equal(integrity_check, "ok");
}

function staleRuns(path: string, kind: string): Promise<number> {
  return ExperimentStore.open(path).then((store) => {
    const count = store.listRuns({ kind: kind as "train" }).filter((run) =>
      run.status === "failed" && run.error?.startsWith("stale:")
    ).length;
    store.close();
    return count;
  });
}

/**
 * The model folder is absent or whole: it loads, and holds exactly the files a model folder written by
 * `train` holds (`wholeNames`, from a run that was not killed).
 */
async function assertModelWholeOrAbsent(
  dir: string,
  wholeNames: readonly string[],
): Promise<"absent" | "whole"> {
  if (!(await exists(dir))) return "absent";
  await loadModel(dir);
  assert.deepEqual(names(dir), wholeNames);
  return "whole";
}

const trainArgs = (
  w: { train: string; test: string; store: string },
  modelDir: string,
  seed = 1,
) => [
  "train",
  "--train",
  w.train,
  "--validation",
  w.test,
  "--model-dir",
  modelDir,
  "--seed",
  String(seed),
  "--store",
  w.store,
];

Deno.test("ade train killed at its first progress line, at commit, and between the swap's renames leaves the old or the new model whole; the rerun completes", async () => {
  const w = await workspace();
  try {
    const modelDir = `${w.dir}/model`;
    assert.equal((await runCli(trainArgs(w, modelDir, 1))).code, 0);
    const wholeNames = names(modelDir);
    const metadata = JSON.parse(await Deno.readTextFile(`${modelDir}/model.json`));
    for (const name of Object.keys(metadata.files)) assert.ok(wholeNames.includes(name));
    const points: Array<
      { env: Record<string, string>; line: RegExp; expect: "old" | "absent" | "any" }
    > = [
      { env: {}, line: /^\[train\] /, expect: "any" }, // real progress output, whatever stage it is at
      { env: { ADE_FAILPOINT: "commit-folder" }, line: /^failpoint commit-folder$/, expect: "old" },
      {
        env: { ADE_FAILPOINT: "commit-folder-swap" },
        line: /^failpoint commit-folder-swap$/,
        expect: "absent",
      },
    ];
    let killed = 0;
    for (const [index, point] of points.entries()) {
      const original = await Deno.readTextFile(`${modelDir}/model.json`);
      const process = startCli(trainArgs(w, modelDir, 2 + index), point.env);
      await process.waitForLine(point.line);
      await process.kill();
      killed++;
      const state = await assertModelWholeOrAbsent(modelDir, wholeNames);
      if (point.expect === "old") {
        assert.equal(await Deno.readTextFile(`${modelDir}/model.json`), original);
      } else if (point.expect === "absent") {
        assert.equal(state, "absent", "killed between the two renames: no folder, never a mix");
      }
      await assertStoreConsistent(w.store);
      // The same command again completes, and cleans up what the killed process left.
      const rerun = await runCli(trainArgs(w, modelDir, 2 + index));
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.equal(await assertModelWholeOrAbsent(modelDir, wholeNames), "whole");
      assert.deepEqual(names(w.dir).filter((name) => name.startsWith(".model.")), []);
    }
    assert.ok((await staleRuns(w.store, "train")) >= killed - 1, "killed runs are marked stale");
    const store = await ExperimentStore.open(w.store);
    assert.equal(store.listRuns({ kind: "train", status: "completed" }).length, 1 + points.length);
    store.close();
  } finally {
    await Deno.remove(w.dir, { recursive: true });
  }
});

Deno.test("ade prepare killed between the swap's renames or at its first progress line leaves no partial folder; the rerun completes", async () => {
  const w = await workspace();
  try {
    const out = `${w.dir}/data`;
    const args = ["prepare", "--source", w.train, "--out", out, "--store", w.store, "--seed", "3"];
    assert.equal((await runCli(args)).code, 0);
    const before = await Deno.readTextFile(`${out}/manifest.json`);
    const points: Array<{ env: Record<string, string>; line: RegExp }> = [
      { env: { ADE_FAILPOINT: "commit-folder-swap" }, line: /^failpoint commit-folder-swap$/ },
      { env: {}, line: /^\[prepare\] / },
    ];
    for (const point of points) {
      const process = startCli([...args.slice(0, -1), "4"], point.env);
      await process.waitForLine(point.line);
      await process.kill();
      if (await exists(out)) {
        assert.deepEqual(names(out), ["manifest.json", "test.jsonl", "train.jsonl"]);
        const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
        assert.ok([3, 4].includes(manifest.seed));
      }
      await assertStoreConsistent(w.store);
      const rerun = await runCli([...args.slice(0, -1), "4"]);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.notEqual(await Deno.readTextFile(`${out}/manifest.json`), before);
      assert.deepEqual(names(w.dir).filter((name) => name.startsWith(".data.")), []);
    }
  } finally {
    await Deno.remove(w.dir, { recursive: true });
  }
});

Deno.test("ade evaluate and ade predict killed before their outputs are complete leave no new half pair or file; reruns complete", async () => {
  const w = await workspace();
  try {
    const modelDir = `${w.dir}/model`;
    assert.equal((await runCli(trainArgs(w, modelDir))).code, 0);
    const metrics = `${w.dir}/metrics.json`;
    const evaluateArgs = ["evaluate", "--model", modelDir, "--test", w.test, "--out", metrics];
    const evaluation = startCli([...evaluateArgs, "--store", w.store], {
      ADE_FAILPOINT: "evaluation-files",
    });
    await evaluation.waitForLine(/^failpoint evaluation-files$/);
    await evaluation.kill();
    assert.equal(
      await exists(metrics),
      false,
      "predictions in place, metrics.json not: visibly unfinished",
    );
    await assertStoreConsistent(w.store);
    assert.equal((await runCli([...evaluateArgs, "--store", w.store])).code, 0);
    const report = JSON.parse(await Deno.readTextFile(metrics));
    const predictions = (await Deno.readTextFile(`${w.dir}/metrics.predictions.jsonl`)).trim()
      .split("\n");
    assert.equal(predictions.length, report.n);

    const out = `${w.dir}/pred.jsonl`;
    const predictArgs = [
      "predict",
      "--model",
      modelDir,
      "--in",
      w.test,
      "--out",
      out,
      "--store",
      w.store,
    ];
    const prediction = startCli(predictArgs);
    await prediction.waitForLine(/^\[predict\] /);
    await prediction.kill();
    if (await exists(out)) {
      assert.equal(
        (await Deno.readTextFile(out)).trim().split("\n").length,
        150,
        "whole or absent",
      );
    }
    await assertStoreConsistent(w.store);
    assert.equal((await runCli(predictArgs)).code, 0);
    assert.equal((await Deno.readTextFile(out)).trim().split("\n").length, 150);
    assert.deepEqual(names(w.dir).filter((name) => name.endsWith(".tmp")).length <= 1, true);
  } finally {
    await Deno.remove(w.dir, { recursive: true });
  }
});

Deno.test("three train, two evaluate and one tune process at once on one store all succeed and are all recorded", async () => {
  const w = await workspace();
  try {
    const base = `${w.dir}/base`;
    assert.equal((await runCli(trainArgs(w, base))).code, 0);
    const processes = [
      ...[1, 2, 3].map((seed) => startCli(trainArgs(w, `${w.dir}/model-${seed}`, seed))),
      ...[1, 2].map((n) =>
        startCli([
          "evaluate",
          "--model",
          base,
          "--test",
          w.test,
          "--out",
          `${w.dir}/metrics-${n}.json`,
          "--resamples",
          "100",
          "--store",
          w.store,
        ])
      ),
      startCli([
        "tune",
        "--train",
        w.train,
        "--out",
        `${w.dir}/tune`,
        "--strategy",
        "random",
        "--max-trials",
        "2",
        "--store",
        w.store,
        "--quiet",
      ]),
    ];
    const results = await Promise.all(processes.map((process) => process.done()));
    results.forEach((result, i) => assert.equal(result.code, 0, `process ${i}: ${result.stderr}`));
    const store = await ExperimentStore.open(w.store);
    const completed = store.listRuns({ status: "completed" });
    store.close();
    const count = (kind: string) => completed.filter((run) => run.kind === kind).length;
    const trained = completed.filter((run) => run.kind === "train").map((run) =>
      run.artifacts.model_dir
    );
    for (const dir of [base, ...[1, 2, 3].map((seed) => `${w.dir}/model-${seed}`)]) {
      assert.ok(trained.includes(dir), `the train run of ${dir} is recorded`);
    }
    assert.equal(count("evaluate"), 2);
    assert.equal(count("tune"), 1);
    assert.ok(trained.length >= 4 + 2, "and the tune's two trials");
    await assertStoreConsistent(w.store);
    for (const seed of [1, 2, 3]) await loadModel(`${w.dir}/model-${seed}`);
  } finally {
    await Deno.remove(w.dir, { recursive: true });
  }
});

/** The pids of `pid`'s descendants (children first), from /proc. */
async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  const visit = async (parent: number) => {
    let children = "";
    try {
      children = await Deno.readTextFile(`/proc/${parent}/task/${parent}/children`);
    } catch {
      return;
    }
    for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      found.push(child);
      await visit(child);
    }
  };
  await visit(pid);
  return found;
}

Deno.test("ade tune killed (with its trial processes) after its first trial leaves a study that --resume completes, and a consistent store", async () => {
  const w = await workspace();
  try {
    const out = `${w.dir}/tune`;
    const args = [
      "tune",
      "--train",
      w.train,
      "--out",
      out,
      "--strategy",
      "random",
      "--max-trials",
      "8",
      "--store",
      w.store,
    ];
    const tune = startCli(args);
    await tune.waitForLine(/^\[tune\] 1\/8 /);
    // What a kill -9 of the process group does: the study process and every trial process it started.
    for (const pid of await descendants(tune.pid)) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // already ended
      }
    }
    await tune.kill();
    await assertStoreConsistent(w.store);
    const rerun = await runCli([...args, "--resume"]);
    assert.equal(rerun.code, 0, rerun.stderr);
    const trials = (await Deno.readTextFile(`${out}/trials.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(trials.length, 8);
    assert.ok(await exists(`${out}/best.json`));
    await assertStoreConsistent(w.store);
    const store = await ExperimentStore.open(w.store);
    const tunes = store.listRuns({ kind: "tune" });
    store.close();
    // The kill lands after the first of 8 trials; had the study finished first, both runs completed.
    const killedRun = tunes.find((run) => run.status !== "completed");
    assert.equal(tunes.filter((run) => run.status === "completed").length, killedRun ? 1 : 2);
    if (killedRun) {
      assert.match(killedRun.error ?? "", /^stale:/, "the killed study is marked stale");
    }
  } finally {
    await Deno.remove(w.dir, { recursive: true });
  }
});
