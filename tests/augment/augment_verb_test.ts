import assert from "node:assert/strict";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { run } from "../../lib/cli/verbs/augment.ts";
import { UsageError } from "../../lib/core/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { writeSplit } from "./_fixtures.ts";

Deno.test("ade augment --generator offline writes rows, rejects, summary and an augment store run", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const store = `${dir}/ade.sqlite`;
  const code = await run([
    "--train",
    trainPath,
    "--exclude",
    testPath,
    "--generator",
    "offline",
    "--n",
    "10",
    "--seed",
    "4",
    "--out",
    `${dir}/out/syn.jsonl`,
    "--store",
    store,
    "--run-id",
    "study-1",
    "--quiet",
  ]);
  assert.equal(code, 0);
  const lines = (await Deno.readTextFile(`${dir}/out/syn.jsonl`)).trim().split("\n");
  assert.equal(lines.length, 10);
  assert.deepEqual(Object.keys(JSON.parse(lines[0])), [
    "id",
    "text",
    "label",
    "source",
    "generator",
    "model",
    "prompt_example_ids",
    "seed",
  ]);
  const summary = JSON.parse(await Deno.readTextFile(`${dir}/out/syn.summary.json`));
  assert.equal(summary.accepted, 10);
  assert.ok(await Deno.stat(`${dir}/out/syn.rejects.jsonl`));
  const opened = await ExperimentStore.open(store);
  try {
    const runs = opened.listRuns({ kind: "augment" });
    assert.equal(runs.length, 1);
    assert.equal(runs[0].runId, "study-1");
    assert.equal(runs[0].status, "completed");
    assert.equal(runs[0].metrics.accepted, 10);
    assert.equal(runs[0].artifacts.synthetic, `${dir}/out/syn.jsonl`);
  } finally {
    opened.close();
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("ade augment refuses a missing --exclude, an unknown generator and a tgi run without --endpoint", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const base = ["--train", trainPath, "--out", `${dir}/syn.jsonl`, "--store", `${dir}/ade.sqlite`];
  await assert.rejects(run([...base, "--generator", "offline"]), UsageError);
  await assert.rejects(
    run([...base, "--exclude", testPath, "--generator", "gpt"]),
    /unknown generator/,
  );
  await assert.rejects(
    run([...base, "--exclude", testPath, "--generator", "tgi"]),
    /--endpoint is required/,
  );
  await assert.rejects(
    run([...base, "--exclude", testPath, "--generator", "offline", "--bogus", "1"]),
    UsageError,
  );
  assert.equal(await run(["--help"]), 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("ade augment --generator sagemaker --endpoint NAME invokes the endpoint (mocked runtime client)", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const mock = mockClient(SageMakerRuntimeClient);
  let call = 0;
  mock.on(InvokeEndpointCommand).callsFake(() => {
    call++;
    const text =
      `1. Lactic acidosis developed on day ${call} of metformin therapy in an elderly woman.`;
    return { Body: new TextEncoder().encode(JSON.stringify([{ generated_text: text }])) as never };
  });
  try {
    const code = await run([
      "--train",
      trainPath,
      "--exclude",
      testPath,
      "--generator",
      "sagemaker",
      "--endpoint",
      "ade-falcon-7b",
      "--region",
      "us-east-1",
      "--model",
      "tiiuae/falcon-7b-instruct",
      "--n",
      "3",
      "--out",
      `${dir}/syn.jsonl`,
      "--store",
      `${dir}/ade.sqlite`,
      "--quiet",
    ]);
    assert.equal(code, 0);
    const calls = mock.commandCalls(InvokeEndpointCommand);
    assert.equal(calls.length, 3);
    assert.equal(calls[0].args[0].input.EndpointName, "ade-falcon-7b");
    const rows = (await Deno.readTextFile(`${dir}/syn.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.equal(rows.length, 3);
    assert.ok(
      rows.every((row) =>
        row.generator === "sagemaker" && row.model === "tiiuae/falcon-7b-instruct"
      ),
    );
  } finally {
    mock.restore();
    await Deno.remove(dir, { recursive: true });
  }
});
