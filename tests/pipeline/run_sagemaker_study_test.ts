/**
 * The study's real SageMaker run (`pipeline --backend sagemaker` without `--dry-run`), end to end against
 * SageMaker as a state machine (statuses advance per Describe call), s3rver and a local hub: staging, upload,
 * tuning with a failed training job, deployment of the best model, the smoke invocation, cleanup; a failed
 * tuning job, an endpoint that fails to start, and Ctrl-C in a child process; every request checked against
 * AWS's own service models.
 */
import assert from "node:assert/strict";
import { AdeError } from "../../lib/core/mod.ts";
import { runSageMakerStudy } from "../../lib/pipeline/mod.ts";
import { SEED_MODEL_NAMES } from "../../lib/tune/space.ts";
import { mockedCalls } from "../cloud/_aws_calls.ts";
import { assertServiceModelAccepts, validateRequests } from "../cloud/_aws_service_model.ts";
import { watchChild } from "../cloud/_child_output.ts";
import { BUCKET } from "../cloud/_fixtures.ts";
import type { TrainingJobScript } from "../cloud/_sagemaker_state_machine.ts";
import { type SageMakerWorld, startSageMakerWorld } from "./_sagemaker_world.ts";

const RUN_PREFIX = "ade/study-e2e-1/";

/** Three training jobs: one completes (F1 0.78), one fails, one completes better (F1 0.84). */
const ONE_FAILED: TrainingJobScript[] = [
  { statuses: ["InProgress", "InProgress", "Completed"], f1: 0.78 },
  {
    statuses: ["InProgress", "Failed"],
    failureReason: "AlgorithmError: CUDA out of memory",
    hyperparameters: { train_batch_size: '"256"', max_seq_length: '"256"' },
  },
  { statuses: ["InProgress", "InProgress", "Completed"], f1: 0.84, startsAt: 3 },
];

async function withWorld(
  world: Promise<SageMakerWorld>,
  work: (world: SageMakerWorld) => Promise<void>,
): Promise<void> {
  const started = await world;
  try {
    await work(started);
  } finally {
    await started.close();
  }
}

/** Every SDK call of the run (SageMaker, runtime, S3), validated against the service models. */
async function assertEveryRequestValid(world: SageMakerWorld, what: string): Promise<string[]> {
  const calls = [
    ...mockedCalls(world.fake.sagemaker),
    ...mockedCalls(world.fake.runtime),
    ...world.sentToS3,
  ];
  assertServiceModelAccepts(await validateRequests(calls, what), what);
  return calls.map((call) => call.operation);
}

Deno.test("runSageMakerStudy() stages what is missing, tunes, deploys the best model, invokes it and cleans up", async () => {
  await withWorld(
    startSageMakerWorld({ trainingJobs: ONE_FAILED }, { preStaged: SEED_MODEL_NAMES.slice(0, 2) }),
    async (world) => {
      const lines: string[] = [];
      const outcome = await runSageMakerStudy(world.options({ log: (line) => lines.push(line) }));

      // Staging: the two staged models are left alone, the three missing ones come from the hub.
      assert.deepEqual(
        outcome.stagedModels.map((m) => [m.hubId, m.alreadyStaged]),
        SEED_MODEL_NAMES.map((id, i) => [id, i < 2]),
      );
      const fetched = new Set(
        world.hub.requests.map((r) => /^GET \/(?:api\/models\/)?([^/]+\/[^/]+)\//.exec(r)?.[1]),
      );
      assert.deepEqual([...fetched].sort(), SEED_MODEL_NAMES.slice(2).sort());
      for (const id of SEED_MODEL_NAMES) {
        assert.ok(
          (await world.keys(`ade/models/${id}/`)).includes(`ade/models/${id}/.ade-staged.json`),
        );
      }

      // Tuning: progress names jobs done / running / failed and the best F1 so far.
      const tuning = world.fake.tuningJobs.get(outcome.tuning.jobName)!;
      const definition = tuning.input.TrainingJobDefinition!;
      assert.deepEqual(definition.InputDataConfig!.map((c) => c.ChannelName), [
        "train",
        "test",
        "code",
        "models",
      ]);
      assert.equal(
        definition.InputDataConfig![3].DataSource!.S3DataSource!.S3Uri,
        `s3://${BUCKET}/ade/models/`,
      );
      assert.equal(outcome.tuning.status, "Completed");
      assert.equal(outcome.tuning.trials, 3);
      const progress = lines.filter((line) => line.includes(`tuning ${outcome.tuning.jobName}:`));
      assert.ok(
        progress.some((l) => /InProgress — 0 done, 2 running, 0 failed; no F1 yet/.test(l)),
      );
      assert.ok(
        progress.some((l) => /1 done, 1 running, 1 failed; best F1 so far 0\.7800/.test(l)),
      );
      assert.match(
        progress.at(-1)!,
        /Completed — 2 done, 0 running, 1 failed; best F1 so far 0\.8400/,
      );

      // Deployment: the best training job's artifact, read from DescribeTrainingJob, not a stand-in.
      const best = tuning.jobs[2];
      assert.equal(outcome.best.trainingJobName, best.name);
      assert.equal(outcome.best.s3Uri, `${best.outputPath}${best.name}/output/model.tar.gz`);
      assert.deepEqual(outcome.best.objective, { name: "f1", value: 0.84 });
      const createModel = mockedCalls(world.fake.sagemaker).find((c) =>
        c.operation === "CreateModel"
      )!;
      assert.equal(
        (createModel.input as { PrimaryContainer: { ModelDataUrl: string } }).PrimaryContainer
          .ModelDataUrl,
        outcome.best.s3Uri,
      );
      assert.deepEqual(outcome.smokeTest.texts, 8);
      assert.equal(outcome.smokeTest.predictions, 8);

      // Cleanup (sagemaker.cleanup defaults to true): nothing of the run is left; staged models stay.
      assert.equal(outcome.cleanup?.remaining.length, 0);
      const state = world.fake.snapshot();
      assert.deepEqual([state.models, state.endpointConfigs, state.endpoints], [[], [], []]);
      assert.deepEqual(await world.keys(RUN_PREFIX), []);
      assert.ok((await world.keys("ade/models/")).length >= SEED_MODEL_NAMES.length * 4);
      const events = world.fake.events;
      const at = (prefix: string) => events.findIndex((e) => e.startsWith(prefix));
      assert.ok(at("CreateHyperParameterTuningJob") < at("Completed"));
      assert.ok(at("Completed") < at("CreateModel"));
      assert.ok(at("InvokeEndpoint") < at("DeleteEndpoint "));
      assert.ok(at("DeleteEndpoint ") < at("DeleteEndpointConfig"));
      assert.ok(at("DeleteEndpointConfig") < at("DeleteModel"));

      const operations = await assertEveryRequestValid(world, "the SageMaker study run");
      for (
        const operation of [
          "GetObject",
          "PutObject",
          "CreateHyperParameterTuningJob",
          "DescribeHyperParameterTuningJob",
          "ListTrainingJobsForHyperParameterTuningJob",
          "DescribeTrainingJob",
          "CreateModel",
          "CreateEndpointConfig",
          "CreateEndpoint",
          "DescribeEndpoint",
          "InvokeEndpoint",
          "ListTags",
          "DeleteEndpoint",
          "DeleteEndpointConfig",
          "DeleteModel",
          "ListObjectsV2",
          "DeleteObjects",
        ]
      ) {
        assert.ok(operations.includes(operation), `${operation} was sent`);
      }
    },
  );
});

Deno.test("runSageMakerStudy() with sagemaker.cleanup false keeps the endpoint and the artifacts", async () => {
  await withWorld(
    startSageMakerWorld({}, {
      preStaged: SEED_MODEL_NAMES,
      config: { sagemaker: { cleanup: false } },
    }),
    async (world) => {
      const lines: string[] = [];
      const outcome = await runSageMakerStudy(world.options({ log: (line) => lines.push(line) }));
      assert.equal(outcome.cleanup, undefined);
      assert.ok(outcome.stagedModels.every((m) => m.alreadyStaged));
      assert.equal(world.hub.requests.length, 0, "nothing fetched from the hub");
      const state = world.fake.snapshot();
      assert.deepEqual(state.endpoints, [{ name: outcome.endpointName, status: "InService" }]);
      assert.ok((await world.keys(RUN_PREFIX)).some((key) => key.endsWith("sourcedir.tar.gz")));
      assert.ok(lines.some((l) => l.includes(`deno task ade cleanup --run-id ${outcome.runId}`)));
      await assertEveryRequestValid(world, "the run without cleanup");
    },
  );
});

Deno.test("runSageMakerStudy() tears down what it created when no training job completes (tuning job Failed)", async () => {
  await withWorld(
    startSageMakerWorld({
      trainingJobs: [
        { statuses: ["InProgress", "Failed"], failureReason: "AlgorithmError: exit 1" },
        {
          statuses: ["InProgress", "InProgress", "Failed"],
          failureReason: "AlgorithmError: exit 1",
        },
      ],
    }, { preStaged: SEED_MODEL_NAMES }),
    async (world) => {
      const lines: string[] = [];
      await assert.rejects(
        () => runSageMakerStudy(world.options({ log: (line) => lines.push(line) })),
        (error: unknown) =>
          error instanceof AdeError && error.exitCode === 1 &&
          /stage "tune.*failed: tuning job \S+ ended Failed \(.*0 done, 0 running, 2 failed/
            .test(error.message) &&
          /everything the run created was torn down/.test(error.message),
      );
      assert.equal(world.fake.events.some((e) => e.startsWith("CreateModel")), false);
      assert.deepEqual(await world.keys(RUN_PREFIX), [], "the uploads are deleted");
      assert.ok(
        lines.some((l) => /tearing down what run study-e2e-1 created \(a step failed\)/.test(l)),
      );
      await assertEveryRequestValid(world, "the failed run");
    },
  );
});

Deno.test("runSageMakerStudy() on a SageMaker error while tuning stops the running job, waits until it has stopped, then deletes the uploads", async () => {
  await withWorld(
    startSageMakerWorld({
      trainingJobs: [{ statuses: ["InProgress"] }, { statuses: ["InProgress"] }],
      failures: { ListTrainingJobsForHyperParameterTuningJob: 3 },
    }, { preStaged: SEED_MODEL_NAMES }),
    async (world) => {
      await assert.rejects(
        () => runSageMakerStudy(world.options()),
        (error: unknown) =>
          error instanceof AdeError &&
          /stage "tune.*failed: .*internal error/.test(error.message) &&
          /everything the run created was torn down/.test(error.message),
      );
      const events = world.fake.events;
      const job = [...world.fake.tuningJobs.keys()][0];
      // Stopped first, S3 only once the job (and its training jobs) had stopped.
      assert.ok(events.indexOf(`StopHyperParameterTuningJob ${job}`) >= 0, events.join("; "));
      assert.ok(
        events.indexOf(`StopHyperParameterTuningJob ${job}`) < events.indexOf(`Stopped ${job}`),
      );
      assert.deepEqual(world.fake.snapshot().trainingJobs.map((t) => t.status), [
        "Stopped",
        "Stopped",
      ]);
      assert.deepEqual(await world.keys(RUN_PREFIX), []);
      await assertEveryRequestValid(world, "the run with a SageMaker error");
    },
  );
});

Deno.test("runSageMakerStudy() tears down the model, config and endpoint when the endpoint fails to start", async () => {
  await withWorld(
    startSageMakerWorld({
      endpointStatuses: ["Creating", "Failed"],
      endpointFailureReason:
        "The primary container for production variant AllTraffic did not pass the ping health check",
    }, { preStaged: SEED_MODEL_NAMES }),
    async (world) => {
      await assert.rejects(
        () => runSageMakerStudy(world.options()),
        (error: unknown) =>
          error instanceof AdeError && /stage "deploy.*failed: endpoint \S+ is Failed: .*ping/
            .test(error.message),
      );
      const state = world.fake.snapshot();
      assert.deepEqual([state.models, state.endpointConfigs, state.endpoints], [[], [], []]);
      assert.deepEqual(await world.keys(RUN_PREFIX), []);
      await assertEveryRequestValid(world, "the run whose endpoint failed");
    },
  );
});

Deno.test("runSageMakerStudy() stages, uploads and creates nothing when a request breaks preflight", async () => {
  await withWorld(
    startSageMakerWorld({}, { config: { sagemaker: { training_instance_type: "ml.g5.2xlarg" } } }),
    async (world) => {
      await assert.rejects(
        () => runSageMakerStudy(world.options()),
        (error: unknown) =>
          error instanceof AdeError &&
          /stage "preflight.*InstanceType: not a SageMaker training instance type.*did you mean ml\.g5\.2xlarge/s
            .test(error.message),
      );
      assert.deepEqual(mockedCalls(world.fake.sagemaker), [], "nothing sent to SageMaker");
      assert.deepEqual(await world.keys("ade/"), [], "nothing staged or uploaded");
    },
  );
});

Deno.test("pipeline on SageMaker, interrupted with Ctrl-C while tuning: stops the job, waits, tears down, exits 130", async () => {
  const watched = watchChild(new URL("./_sagemaker_study_child.ts", import.meta.url));
  // The interrupt comes at a point chosen by the child's progress output: two training jobs running.
  const running = /InProgress — 0 done, 2 running/;
  assert.match(await watched.readUntil(running), running, "the child reached the tuning job");
  watched.child.kill("SIGINT");
  const { output, code } = await watched.finish();
  assert.equal(code, 130, output);
  const final = JSON.parse(/^FINAL (.*)$/m.exec(output)![1]);
  assert.match(final.error, /interrupted \(Ctrl-C\); everything the run created was torn down/);
  assert.deepEqual(final.state.tuningJobs.map((j: { status: string }) => j.status), ["Stopped"]);
  assert.ok(final.state.trainingJobs.every((j: { status: string }) => j.status === "Stopped"));
  assert.deepEqual([final.state.models, final.state.endpoints], [[], []]);
  assert.deepEqual(final.runKeys, [], "the run's uploads are deleted");
  assert.ok(final.stagedKeys > 0, "staged models stay");
  const events: string[] = final.events;
  assert.ok(
    events.indexOf(`StopHyperParameterTuningJob ${final.state.tuningJobs[0].name}`) <
      events.indexOf(`Stopped ${final.state.tuningJobs[0].name}`),
  );
  assert.equal(events.some((e) => e.startsWith("CreateModel")), false);
  assert.deepEqual(final.invalidRequests, [], "every request passes the service models");
});
