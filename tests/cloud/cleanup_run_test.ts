import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import {
  cleanupRun,
  formatCleanupReport,
  listRecordedResources,
  parseDuration,
  recheckRecordedResources,
  runTags,
} from "../../lib/cloud/mod.ts";
import { recordGeneratorUp } from "../../lib/pipeline/mod.ts";
import { processStartIdentity } from "../../lib/core/mod.ts";
import { ExperimentStore, type RunResource } from "../../lib/track/mod.ts";
import { arnOf, BUCKET, KMS_KEY, noSleep, notFound, REGION, ROLE_ARN } from "./_fixtures.ts";
import { startLocalS3 } from "./_s3rver.ts";
import { listKeys, putObjects, seedStore } from "./_cleanup_fixtures.ts";

const CLOUD_RESOURCES: RunResource[] = [
  { type: "s3-prefix", name: `s3://${BUCKET}/ade/r1/` },
  { type: "training-job", name: "ade-r1-train", instanceType: "ml.m5.xlarge" },
  { type: "model", name: "ade-r1-model" },
  { type: "endpoint", name: "ade-r1", instanceType: "ml.m5.xlarge", instanceCount: 2 },
  { type: "tuning-job", name: "ade-r1-tune" },
  { type: "endpoint-config", name: "ade-r1-config" },
  // recorded for the run, but the endpoint in AWS does not carry the run tag
  { type: "endpoint", name: "someone-elses", instanceType: "ml.g5.2xlarge" },
];

/**
 * A mocked SageMaker account holding the run's resources; `order` records deletes and stops. A job runs
 * until it is stopped, then reads Stopped.
 */
function mockAccount(order: string[]) {
  const sagemaker = mockClient(SageMakerClient);
  const track = (label: string) => () => {
    order.push(label);
    return {};
  };
  const jobStatus = (stop: string) => order.includes(stop) ? "Stopped" : "InProgress";
  sagemaker.on(DescribeEndpointCommand, { EndpointName: "ade-r1" }).resolves({
    EndpointArn: arnOf("endpoint", "ade-r1"),
    EndpointStatus: "InService",
  });
  sagemaker.on(DescribeEndpointCommand, { EndpointName: "someone-elses" }).resolves({
    EndpointArn: arnOf("endpoint", "someone-elses"),
    EndpointStatus: "InService",
  });
  sagemaker.on(DescribeEndpointConfigCommand).resolves({
    EndpointConfigArn: arnOf("endpoint-config", "ade-r1-config"),
  });
  sagemaker.on(DescribeModelCommand).resolves({ ModelArn: arnOf("model", "ade-r1-model") });
  sagemaker.on(DescribeTrainingJobCommand).callsFake(() => ({
    TrainingJobArn: arnOf("training-job", "ade-r1-train"),
    TrainingJobStatus: jobStatus("StopTrainingJob"),
  }));
  sagemaker.on(DescribeHyperParameterTuningJobCommand).callsFake(() => ({
    HyperParameterTuningJobArn: arnOf("hyper-parameter-tuning-job", "ade-r1-tune"),
    HyperParameterTuningJobStatus: jobStatus("StopHyperParameterTuningJob"),
  }));
  sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
  sagemaker.on(ListTagsCommand, { ResourceArn: arnOf("endpoint", "someone-elses") }).resolves({
    Tags: [{ Key: "team", Value: "pharmacovigilance-prod" }],
  });
  sagemaker.on(DeleteEndpointCommand).callsFake(track("DeleteEndpoint"));
  sagemaker.on(DeleteEndpointConfigCommand).callsFake(track("DeleteEndpointConfig"));
  sagemaker.on(DeleteModelCommand).callsFake(track("DeleteModel"));
  sagemaker.on(StopHyperParameterTuningJobCommand).callsFake(track("StopHyperParameterTuningJob"));
  sagemaker.on(StopTrainingJobCommand).callsFake(track("StopTrainingJob"));
  return sagemaker;
}

Deno.test("parseDuration() reads s/m/h/d/w and refuses the rest", () => {
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("1w"), 604_800_000);
  assert.throws(() => parseDuration("2 hours"), /not a duration/);
});

Deno.test("cleanupRun() deletes endpoint → config → model → jobs → S3, only tagged, and reports costs", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, CLOUD_RESOURCES);
  const order: string[] = [];
  const sagemaker = mockAccount(order);
  const s3 = await startLocalS3([BUCKET]);
  try {
    await putObjects(s3, [
      "ade/r1/deploy/model.tar.gz",
      "ade/r1/tune/out/a.json",
      "ade/r2/keep.json",
    ]);
    // "initialize" runs once per command, before the SDK's retries (loopback sockets may be retried).
    s3.client.middlewareStack.add((next, context) => (args) => {
      if (context.commandName === "DeleteObjectsCommand") order.push("DeleteObjects");
      return next(args);
    }, { step: "initialize", name: "order" });
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
    });
    assert.deepEqual(order, [
      "DeleteEndpoint",
      "DeleteEndpointConfig",
      "DeleteModel",
      "StopHyperParameterTuningJob",
      "StopTrainingJob",
      "DeleteObjects",
    ]);
    assert.deepEqual(
      sagemaker.commandCalls(DeleteEndpointCommand).map((c) => c.args[0].input.EndpointName),
      ["ade-r1"],
    );
    assert.deepEqual(await listKeys(s3, "ade/"), ["ade/r2/keep.json"]);
    const untagged = report.entries.find((e) => e.resource.name === "someone-elses")!;
    assert.equal(untagged.outcome, "left-alone");
    assert.match(untagged.detail!, /no ade:run-id tag/);
    assert.deepEqual(report.remaining.map((e) => e.resource.name), ["someone-elses"]);
    assert.ok(
      Math.abs(report.removedHourlyCostUsd - 0.69) < 1e-9,
      "2 × m5.xlarge endpoint + m5.xlarge job",
    );
    assert.equal(report.stillRunningHourlyCostUsd, 1.515);
    const text = formatCleanupReport(report);
    assert.match(text, /still running: about \$1\.51\/h \(estimate/);
    assert.match(text, /removed \(6\)/);
    const store = await ExperimentStore.open(storePath);
    const [deploy] = store.listRuns({ runId: "r1", kind: "deploy" });
    assert.deepEqual(
      deploy.resources.map((r) => r.name),
      ["someone-elses"],
      "records of removed resources are gone",
    );
    assert.equal(store.listRuns({ runId: "r1", kind: "cleanup" }).length, 1);
    store.close();

    // Idempotence: a second cleanup finds only the untagged endpoint and touches nothing else.
    order.length = 0;
    const again = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
    });
    assert.deepEqual(order, []);
    assert.deepEqual(again.entries.map((e) => e.outcome), ["left-alone"]);
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() counts resources that are already gone as done (no errors)", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, CLOUD_RESOURCES.filter((r) => r.type !== "s3-prefix"));
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeEndpointCommand).rejects(notFound('endpoint "ade-r1"'));
    sagemaker.on(DescribeEndpointConfigCommand).rejects(notFound("endpoint configuration"));
    sagemaker.on(DescribeModelCommand).rejects(notFound("model"));
    sagemaker.on(DescribeTrainingJobCommand).rejects(
      Object.assign(new Error("Requested resource not found."), { name: "ResourceNotFound" }),
    );
    sagemaker.on(DescribeHyperParameterTuningJobCommand).rejects(
      Object.assign(new Error("Amazon SageMaker can't find a tuning job"), {
        name: "ResourceNotFound",
      }),
    );
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({}),
    });
    assert.ok(
      report.entries.every((e) => e.outcome === "already-gone"),
      JSON.stringify(report.entries),
    );
    assert.deepEqual(report.remaining, []);
    assert.equal(sagemaker.commandCalls(DeleteEndpointCommand).length, 0);
  } finally {
    sagemaker.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() --dry-run lists what would go and changes nothing", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, CLOUD_RESOURCES);
  const order: string[] = [];
  const sagemaker = mockAccount(order);
  const s3 = await startLocalS3([BUCKET]);
  try {
    await putObjects(s3, ["ade/r1/a.json", "ade/r1/b.json"]);
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      dryRun: true,
      sagemakerFor: () => new SageMakerClient({}),
      s3For: () => s3.client,
    });
    assert.deepEqual(order, []);
    assert.deepEqual(await listKeys(s3, "ade/r1/"), ["ade/r1/a.json", "ade/r1/b.json"]);
    const s3Entry = report.entries.find((e) => e.resource.type === "s3-prefix")!;
    assert.deepEqual([s3Entry.outcome, s3Entry.detail], ["would-remove", "2 objects"]);
    assert.equal(report.remaining.length, CLOUD_RESOURCES.length);
    const store = await ExperimentStore.open(storePath);
    assert.equal(
      store.listRuns({ runId: "r1", kind: "deploy" })[0].resources.length,
      CLOUD_RESOURCES.length,
    );
    store.close();
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() never deletes an S3 prefix that does not name the run", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [{ type: "s3-prefix", name: `s3://${BUCKET}/shared/` }]);
  const s3 = await startLocalS3([BUCKET]);
  try {
    await putObjects(s3, ["shared/data.jsonl"]);
    const report = await cleanupRun({ storePath, runId: "r1", s3For: () => s3.client });
    assert.equal(report.entries[0].outcome, "left-alone");
    assert.deepEqual(await listKeys(s3, "shared/"), ["shared/data.jsonl"]);
  } finally {
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() local: removes recorded folders inside the allowed root only, stops a deno endpoint", async () => {
  const dir = await Deno.makeTempDir();
  const root = `${dir}/runs`;
  const outside = `${dir}/precious`;
  await Deno.mkdir(`${root}/r1/model`, { recursive: true });
  await Deno.writeTextFile(`${root}/r1/model/weights.json`, "{}");
  await Deno.mkdir(outside);
  const server = new Deno.Command(Deno.execPath(), {
    args: ["eval", "setTimeout(() => {}, 60_000)"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const stranger = new Deno.Command("sleep", { args: ["60"] }).spawn();
  try {
    const storePath = `${dir}/ade.sqlite`;
    await seedStore(storePath, [
      { type: "local-dir", name: `${root}/r1` },
      { type: "local-dir", name: outside },
      { type: "local-dir", name: `${root}/r1-gone` },
      {
        type: "local-endpoint",
        name: String(server.pid),
        processStart: await processStartIdentity(server.pid),
      },
      { type: "local-endpoint", name: String(stranger.pid) },
    ]);
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      backend: "local",
      allowedLocalRoots: [root],
    });
    const outcome = (name: string) => report.entries.find((e) => e.resource.name === name)?.outcome;
    assert.equal(outcome(`${root}/r1`), "removed");
    assert.equal(outcome(outside), "left-alone");
    assert.equal(outcome(`${root}/r1-gone`), "already-gone");
    assert.equal(outcome(String(server.pid)), "stopped");
    assert.equal(outcome(String(stranger.pid)), "left-alone");
    assert.equal((await server.status).signal, "SIGTERM");
    assert.equal(await Deno.stat(`${root}/r1`).then(() => true, () => false), false);
    assert.equal((await Deno.stat(outside)).isDirectory, true);
    assert.deepEqual(report.entries.map((e) => e.resource.type), [
      "local-endpoint",
      "local-endpoint",
      "local-dir",
      "local-dir",
      "local-dir",
    ]);
  } finally {
    try {
      server.kill();
    } catch { /* already ended */ }
    stranger.kill();
    await stranger.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() --older-than skips runs with recent activity", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/runs/r1`, { recursive: true });
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [{ type: "local-dir", name: `${dir}/runs/r1` }]);
  try {
    const recent = await cleanupRun({
      storePath,
      olderThanMs: 3_600_000,
      allowedLocalRoots: [`${dir}/runs`],
    });
    assert.deepEqual(recent.entries, []);
    const later = await cleanupRun({
      storePath,
      olderThanMs: 3_600_000,
      allowedLocalRoots: [`${dir}/runs`],
      now: () => Date.now() + 2 * 3_600_000,
    });
    assert.deepEqual(later.entries.map((e) => e.outcome), ["removed"]);
    await assert.rejects(cleanupRun({ storePath }), /--run-id/);
    await assert.rejects(cleanupRun({ storePath, runId: "nope" }), /no run "nope"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() removes the generator endpoint created by generatorUp()", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(CreateModelCommand).resolves({ ModelArn: arnOf("model", "ade-falcon-model") });
    sagemaker.on(CreateEndpointConfigCommand).resolves({
      EndpointConfigArn: arnOf("endpoint-config", "ade-falcon-config"),
    });
    sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: arnOf("endpoint", "ade-falcon") });
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointStatus: "InService",
      EndpointArn: arnOf("endpoint", "ade-falcon"),
    });
    sagemaker.on(DescribeEndpointConfigCommand).resolves({
      EndpointConfigArn: arnOf("endpoint-config", "ade-falcon-config"),
    });
    sagemaker.on(DescribeModelCommand).resolves({ ModelArn: arnOf("model", "ade-falcon-model") });
    sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1", { "ade:role": "generator" }) });
    await recordGeneratorUp({
      model: "tiiuae/falcon-7b-instruct",
      endpointName: "ade-falcon",
      roleArn: ROLE_ARN,
      bucket: BUCKET,
      kmsKeyId: KMS_KEY,
      runId: "r1",
      region: REGION,
      client: new SageMakerClient({}),
      checkWeights: false,
      log: () => {},
      wait: { sleep: noSleep, onProgress: () => {} },
    }, { storePath });
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({}),
    });
    assert.deepEqual(
      report.entries.map((e) => `${e.outcome} ${e.resource.type} ${e.resource.name}`),
      [
        "removed endpoint ade-falcon",
        "removed endpoint-config ade-falcon-config",
        "removed model ade-falcon-model",
      ],
    );
    assert.equal(report.removedHourlyCostUsd, 1.515);
    assert.match(formatCleanupReport(report), /were costing about \$1\.51\/h/);
  } finally {
    sagemaker.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() leaves a deno process alone whose pid was reused after the endpoint was recorded", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  const late = new Deno.Command(Deno.execPath(), {
    args: ["eval", "setTimeout(() => {}, 60_000)"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    const identity = await processStartIdentity(late.pid);
    assert.ok(identity, "this test needs /proc");
    // The recorded endpoint held this pid in an earlier life: same boot, an earlier start tick.
    const [bootId, ticks] = identity.split("/");
    await seedStore(storePath, [{
      type: "local-endpoint",
      name: String(late.pid),
      processStart: `${bootId}/${Number(ticks) - 1}`,
    }]);
    const report = await cleanupRun({ storePath, runId: "r1", backend: "local" });
    assert.equal(report.entries[0].outcome, "left-alone");
    assert.match(report.entries[0].detail!, /reused/);
    assert.equal(await processStartIdentity(late.pid), identity, "the process still runs");
  } finally {
    late.kill();
    await late.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("processStartIdentity() is stable for a process and differs for another one", async () => {
  const mine = await processStartIdentity();
  assert.ok(mine);
  assert.equal(await processStartIdentity(Deno.pid), mine);
  const other = new Deno.Command(Deno.execPath(), {
    args: ["eval", "setTimeout(() => {}, 60_000)"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    const theirs = await processStartIdentity(other.pid);
    assert.ok(theirs);
    assert.notEqual(theirs, mine);
    assert.equal(theirs.split("/")[0], mine.split("/")[0], "same boot");
  } finally {
    other.kill();
    await other.status;
  }
  assert.equal(await processStartIdentity(999_999_999), undefined);
});

Deno.test("listRecordedResources() lists every run's resources and whether local ones are present; allRuns cleans them all", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await Deno.mkdir(`${dir}/runs/a`, { recursive: true });
  await seedStore(storePath, [{ type: "local-dir", name: `${dir}/runs/a` }], "run-a");
  await seedStore(storePath, [{ type: "local-dir", name: `${dir}/runs/b` }], "run-b");
  try {
    const before = await listRecordedResources(storePath);
    assert.deepEqual(before.rows.map((r) => [r.runId, r.present]), [["run-a", true], [
      "run-b",
      false,
    ]]);
    const display = (before as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ]();
    assert.match(display["text/markdown"], /\| run-a \| deploy \| local-dir \|/);
    const report = await cleanupRun({
      storePath,
      allRuns: true,
      allowedLocalRoots: [`${dir}/runs`],
    });
    assert.deepEqual(report.runIds, ["run-a", "run-b"]);
    assert.deepEqual((await listRecordedResources(storePath)).rows, []);
    const after = await recheckRecordedResources(before.rows, storePath);
    assert.deepEqual(after.rows.map((r) => r.present), [false, false]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() with types only touches those resource types", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/runs/r1`, { recursive: true });
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [
    { type: "local-dir", name: `${dir}/runs/r1` },
    { type: "local-endpoint", name: "999999999" },
  ]);
  try {
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      backend: "local",
      types: ["local-endpoint"],
      allowedLocalRoots: [`${dir}/runs`],
    });
    assert.deepEqual(report.entries.map((e) => [e.resource.type, e.outcome]), [[
      "local-endpoint",
      "already-gone",
    ]]);
    assert.equal((await Deno.stat(`${dir}/runs/r1`)).isDirectory, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
