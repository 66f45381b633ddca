/**
 * Cleanup leaves nothing behind: it waits for stopped jobs before deleting S3 (artifacts uploaded while
 * stopping go too), deletes the endpoint's data-capture prefix (recorded at deploy time, or read from the
 * endpoint), and deletes every version and delete marker in a versioned bucket. SageMaker is
 * `aws-sdk-client-mock`; S3 is s3rver (which has no versioning) or, for versions, a mocked S3 client.
 */
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
  ListTagsCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
} from "@aws-sdk/client-sagemaker";
import {
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { buildDeploymentPlan, cleanupRun, deployEndpoint, runTags } from "../../lib/cloud/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { arnOf, BUCKET, KMS_KEY, notFound, REGION, ROLE_ARN } from "./_fixtures.ts";
import { startLocalS3 } from "./_s3rver.ts";
import { fakeTime, listKeys, putObjects, seedStore } from "./_cleanup_fixtures.ts";

/** The operations a mocked client and a real one sent, merged in the order they were sent. */
function operationLog(s3: S3Client, log: string[]): void {
  s3.middlewareStack.add((next, context) => (args) => {
    log.push(context.commandName!.replace(/Command$/, ""));
    return next(args);
  }, { step: "initialize", name: "operationLog" });
}

Deno.test("cleanupRun() waits until the stopped tuning job and its training jobs are done, then deletes S3 with what they uploaded meanwhile", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [
    { type: "tuning-job", name: "ade-r1-tune", instanceType: "ml.g5.2xlarge" },
    { type: "s3-prefix", name: `s3://${BUCKET}/ade/r1/` },
  ]);
  const sagemaker = mockClient(SageMakerClient);
  const s3 = await startLocalS3([BUCKET]);
  const log: string[] = [];
  try {
    await putObjects(s3, ["ade/r1/tune/out/job-1/output/model.tar.gz"]);
    operationLog(s3.client, log);
    // Before the stop: running. After: Stopping while two training jobs upload, then Stopped with one
    // training job still finishing, then done.
    const afterStop = [
      { status: "Stopping", inProgress: 2 },
      { status: "Stopped", inProgress: 1 },
      { status: "Stopped", inProgress: 0 },
    ];
    let polls = 0;
    sagemaker.on(DescribeHyperParameterTuningJobCommand).callsFake(async () => {
      const stopped = sagemaker.commandCalls(StopHyperParameterTuningJobCommand).length > 0;
      const state = stopped ? afterStop[Math.min(polls++, afterStop.length - 1)] : undefined;
      if (state?.status === "Stopping") {
        // A training job uploads its artifacts while the tuning job stops.
        await putObjects(s3, ["ade/r1/tune/out/job-2/output/model.tar.gz"]);
      }
      log.push(`DescribeHyperParameterTuningJob ${state?.status ?? "InProgress"}`);
      return {
        HyperParameterTuningJobArn: arnOf("hyper-parameter-tuning-job", "ade-r1-tune"),
        HyperParameterTuningJobStatus: state?.status ?? "InProgress",
        TrainingJobStatusCounters: { InProgress: state?.inProgress ?? 2 },
      };
    });
    sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
    sagemaker.on(StopHyperParameterTuningJobCommand).callsFake(() => {
      log.push("StopHyperParameterTuningJob");
      return {};
    });
    const time = fakeTime();
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
      wait: time,
    });
    assert.deepEqual(log.filter((op) => !/^(ListObjects|PutObject)/.test(op)), [
      "DescribeHyperParameterTuningJob InProgress",
      "StopHyperParameterTuningJob",
      "DescribeHyperParameterTuningJob Stopping",
      "DescribeHyperParameterTuningJob Stopped",
      "DescribeHyperParameterTuningJob Stopped",
      "GetBucketVersioning",
      "DeleteObjects",
    ]);
    assert.deepEqual(await listKeys(s3, "ade/"), [], "the late artifact is gone too");
    assert.deepEqual(time.sleeps, [15_000, 15_000], "bounded polling, no real sleep");
    assert.equal(time.messages.length, 2);
    assert.match(
      time.messages[0],
      /waiting before deleting S3 for tuning-job ade-r1-tune \(Stopping, 2 training jobs not finished\): 0 s of at most 60 s/,
    );
    assert.match(time.messages[1], /\(Stopped, 1 training job not finished\): 15 s/);
    assert.deepEqual(report.entries.map((e) => [e.resource.type, e.outcome, e.detail]), [
      ["tuning-job", "stopped", undefined],
      ["s3-prefix", "removed", "2 objects"],
    ]);
    assert.deepEqual(report.remaining, []);
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() keeps the S3 prefix of a job that does not stop in time, says so, and deletes it on the next run", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [
    { type: "tuning-job", name: "ade-r1-tune" },
    { type: "s3-prefix", name: `s3://${BUCKET}/ade/r1/` },
  ]);
  const sagemaker = mockClient(SageMakerClient);
  const s3 = await startLocalS3([BUCKET]);
  try {
    await putObjects(s3, ["ade/r1/tune/out/job-1/output/model.tar.gz"]);
    let status = "InProgress";
    sagemaker.on(DescribeHyperParameterTuningJobCommand).callsFake(() => ({
      HyperParameterTuningJobArn: arnOf("hyper-parameter-tuning-job", "ade-r1-tune"),
      HyperParameterTuningJobStatus: status,
    }));
    sagemaker.on(StopHyperParameterTuningJobCommand).callsFake(() => {
      status = "Stopping";
      return {};
    });
    sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
    const options = {
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
    };
    const time = fakeTime();
    const first = await cleanupRun({ ...options, wait: time });
    assert.deepEqual(time.sleeps, [15_000, 15_000, 15_000, 15_000], "gives up at the 60 s bound");
    const s3Entry = first.entries.find((e) => e.resource.type === "s3-prefix")!;
    assert.equal(s3Entry.outcome, "left-alone");
    assert.match(
      s3Entry.detail!,
      /not deleted yet: tuning-job ade-r1-tune still Stopping after 60 s/,
    );
    assert.deepEqual(first.remaining.map((e) => e.resource.type), ["s3-prefix"]);
    assert.deepEqual(await listKeys(s3, "ade/r1/"), ["ade/r1/tune/out/job-1/output/model.tar.gz"]);

    status = "Stopped";
    const second = await cleanupRun({ ...options, wait: fakeTime() });
    assert.deepEqual(second.entries.map((e) => [e.resource.type, e.outcome]), [
      ["s3-prefix", "removed"],
    ], "the stopped job's record is gone; its prefix now goes");
    assert.deepEqual(await listKeys(s3, "ade/r1/"), []);
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** A mocked account with one endpoint `ade-r1` that captures to `capture`, gone once deleted. */
function mockCaptureEndpoint(capture: string, onDeleting?: () => Promise<void>) {
  const sagemaker = mockClient(SageMakerClient);
  let deleted = false;
  let pollsAfterDelete = 0;
  sagemaker.on(CreateModelCommand).resolves({ ModelArn: arnOf("model", "ade-r1-model") });
  sagemaker.on(CreateEndpointConfigCommand).resolves({
    EndpointConfigArn: arnOf("endpoint-config", "ade-r1-config"),
  });
  sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: arnOf("endpoint", "ade-r1") });
  sagemaker.on(DescribeEndpointCommand).callsFake(async () => {
    if (deleted && pollsAfterDelete++ > 0) throw notFound('endpoint "ade-r1"');
    if (deleted) await onDeleting?.();
    return {
      EndpointArn: arnOf("endpoint", "ade-r1"),
      EndpointStatus: deleted ? "Deleting" : "InService",
      DataCaptureConfig: {
        EnableCapture: true,
        CaptureStatus: "Started",
        CurrentSamplingPercentage: 20,
        DestinationS3Uri: capture,
      },
    };
  });
  sagemaker.on(DeleteEndpointCommand).callsFake(() => {
    deleted = true;
    return {};
  });
  sagemaker.on(DescribeEndpointConfigCommand).resolves({
    EndpointConfigArn: arnOf("endpoint-config", "ade-r1-config"),
  });
  sagemaker.on(DescribeModelCommand).resolves({ ModelArn: arnOf("model", "ade-r1-model") });
  sagemaker.on(DeleteEndpointConfigCommand).resolves({});
  sagemaker.on(DeleteModelCommand).resolves({});
  sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
  return sagemaker;
}

Deno.test("deployEndpoint() records the data-capture prefix; cleanupRun() deletes the captured payloads once the endpoint is gone", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  const capture = `s3://${BUCKET}/ade/r1/data-capture/`;
  const s3 = await startLocalS3([BUCKET]);
  const sagemaker = mockCaptureEndpoint(capture, () =>
    // The endpoint flushes its last captured requests while it is being deleted.
    putObjects(s3, ["ade/r1/data-capture/ade-r1/AllTraffic/2026/01/01/10/late.jsonl"]));
  try {
    const plan = await buildDeploymentPlan({
      modelSource: `s3://${BUCKET}/ade/r1/train/output/model.tar.gz`,
      endpointName: "ade-r1",
      roleArn: ROLE_ARN,
      bucket: BUCKET,
      kmsKeyId: KMS_KEY,
      runId: "r1",
      region: REGION,
      dataCapturePercentage: 20,
    });
    const store = await ExperimentStore.open(storePath);
    const recordId = store.startRun({ kind: "deploy", runId: "r1" });
    await deployEndpoint(plan, {
      sagemaker: new SageMakerClient({ region: REGION }),
      resources: store.resourceSink(recordId),
      wait: false,
    });
    store.finishRun(recordId, { status: "completed" });
    const recorded = store.listRuns({ runId: "r1" })[0].resources.map((r) => `${r.type} ${r.name}`)
      .sort();
    store.close();
    assert.deepEqual(recorded, [
      "endpoint ade-r1",
      "endpoint-config ade-r1-config",
      "model ade-r1-model",
      `s3-prefix ${capture}`,
    ]);
    await putObjects(s3, [
      "ade/r1/data-capture/ade-r1/AllTraffic/2026/01/01/09/a.jsonl",
      "ade/r2/data-capture/other-run.jsonl",
    ]);

    const preview = await cleanupRun({
      storePath,
      runId: "r1",
      dryRun: true,
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
    });
    const listed = preview.entries.find((e) => e.resource.type === "s3-prefix")!;
    assert.deepEqual([listed.resource.name, listed.outcome, listed.detail], [
      capture,
      "would-remove",
      "1 object",
    ]);

    const time = fakeTime();
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
      wait: time,
    });
    assert.deepEqual(report.remaining, []);
    assert.deepEqual(
      await listKeys(s3, "ade/r1/"),
      [],
      "captured payloads are gone, late ones too",
    );
    assert.deepEqual(await listKeys(s3, "ade/r2/"), ["ade/r2/data-capture/other-run.jsonl"]);
    assert.deepEqual(time.sleeps, [15_000], "waited once for the endpoint to go");
    assert.match(time.messages[0], /endpoint ade-r1 \(Deleting\)/);
    assert.deepEqual(
      report.entries.find((e) => e.resource.type === "s3-prefix")?.detail,
      "2 objects",
    );
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() finds the capture prefix of an endpoint deployed before it was recorded, and reports one outside the run", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [{ type: "endpoint", name: "ade-r1" }]);
  const s3 = await startLocalS3([BUCKET]);
  try {
    await putObjects(s3, ["ade/r1/data-capture/ade-r1/AllTraffic/x.jsonl"]);
    const found = mockCaptureEndpoint(`s3://${BUCKET}/ade/r1/data-capture`);
    const preview = await cleanupRun({
      storePath,
      runId: "r1",
      dryRun: true,
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
    });
    found.restore();
    assert.deepEqual(preview.entries.map((e) => [e.resource.type, e.resource.name, e.outcome]), [
      ["endpoint", "ade-r1", "would-remove"],
      ["s3-prefix", `s3://${BUCKET}/ade/r1/data-capture`, "would-remove"],
    ]);

    const elsewhere = mockCaptureEndpoint(`s3://${BUCKET}/shared-capture/`);
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
      wait: fakeTime(),
    });
    elsewhere.restore();
    const capture = report.entries.find((e) => e.resource.type === "s3-prefix")!;
    assert.equal(capture.outcome, "left-alone", "a prefix that does not name the run is not ours");
    assert.deepEqual(report.remaining, [capture], "but the payloads left there are reported");
  } finally {
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() in a versioned bucket deletes every version and delete marker under the prefix, page by page", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [{ type: "s3-prefix", name: `s3://${BUCKET}/ade/r1/` }]);
  const s3 = mockClient(S3Client);
  try {
    s3.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" });
    s3.on(ListObjectVersionsCommand, { KeyMarker: undefined }).resolves({
      IsTruncated: true,
      NextKeyMarker: "ade/r1/b.json",
      NextVersionIdMarker: "b1",
      Versions: [
        { Key: "ade/r1/a.json", VersionId: "a2", IsLatest: true },
        { Key: "ade/r1/a.json", VersionId: "a1", IsLatest: false },
      ],
      DeleteMarkers: [{ Key: "ade/r1/b.json", VersionId: "b2", IsLatest: true }],
    });
    s3.on(ListObjectVersionsCommand, { KeyMarker: "ade/r1/b.json" }).resolves({
      IsTruncated: false,
      Versions: [{ Key: "ade/r1/b.json", VersionId: "b1", IsLatest: false }],
    });
    s3.on(DeleteObjectsCommand).resolves({});
    const options = { storePath, runId: "r1", s3For: () => new S3Client({ region: REGION }) };

    const preview = await cleanupRun({ ...options, dryRun: true });
    assert.equal(s3.commandCalls(DeleteObjectsCommand).length, 0);
    assert.deepEqual(
      [preview.entries[0].outcome, preview.entries[0].detail],
      ["would-remove", "1 object, 2 older versions, 1 delete marker"],
    );

    const report = await cleanupRun(options);
    const listed = s3.commandCalls(ListObjectVersionsCommand).slice(-2).map((c) => c.args[0].input);
    assert.deepEqual(
      listed.map((input) => [input.Prefix, input.KeyMarker, input.VersionIdMarker]),
      [
        ["ade/r1/", undefined, undefined],
        ["ade/r1/", "ade/r1/b.json", "b1"],
      ],
    );
    const deleted = s3.commandCalls(DeleteObjectsCommand).flatMap((c) =>
      c.args[0].input.Delete!.Objects!.map((o) => `${o.Key}@${o.VersionId}`)
    );
    assert.deepEqual(deleted, [
      "ade/r1/a.json@a2",
      "ade/r1/a.json@a1",
      "ade/r1/b.json@b2",
      "ade/r1/b.json@b1",
    ]);
    assert.deepEqual(
      [report.entries[0].outcome, report.entries[0].detail],
      ["removed", "1 object, 2 older versions, 1 delete marker"],
    );
    assert.equal(s3.commandCalls(ListObjectsV2Command).length, 0, "versions, not objects");
  } finally {
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() treats a suspended-versioning bucket as versioned and reports versions S3 refused", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [{ type: "s3-prefix", name: `s3://${BUCKET}/ade/r1/` }]);
  const s3 = mockClient(S3Client);
  try {
    s3.on(GetBucketVersioningCommand).resolves({ Status: "Suspended" });
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: "ade/r1/a.json", VersionId: "null", IsLatest: true }],
    });
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: "ade/r1/a.json", VersionId: "null", Code: "AccessDenied" }],
    });
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      s3For: () => new S3Client({ region: REGION }),
    });
    assert.equal(report.entries[0].outcome, "failed");
    assert.match(
      report.entries[0].detail!,
      /refused to delete 1 objects .*version null: AccessDenied/,
    );
    assert.equal(report.remaining.length, 1);
  } finally {
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});
