/**
 * Test helper: SageMaker as a state machine behind `aws-sdk-client-mock`. Each resource has a status that
 * advances per Describe call (not per clock tick), so tests never depend on timing:
 * - a tuning job advances one step per `DescribeHyperParameterTuningJob` call; its training jobs start at the
 *   step their script says and walk through their scripted statuses (InProgress → Completed / Failed), and
 *   the tuning job is Completed once all have ended (Failed when none completed). A stop makes it and its
 *   running jobs Stopping, and Stopped one step later;
 * - an endpoint walks through its scripted statuses (Creating → InService, or → Failed) one per
 *   `DescribeEndpoint` call;
 * - models and endpoint configs exist from Create to Delete; Describe/Delete of a missing one answers like
 *   SageMaker ("Could not find …").
 * The SageMaker Runtime fake answers `InvokeEndpoint` for an endpoint that is InService, with one
 * prediction per input text (the deployed handler's JSON shape).
 */
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  type CreateEndpointConfigCommandInput,
  CreateHyperParameterTuningJobCommand,
  type CreateHyperParameterTuningJobCommandInput,
  CreateModelCommand,
  type CreateModelCommandInput,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteHyperParameterTuningJobCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandOutput,
  SageMakerRuntimeClient,
} from "@aws-sdk/client-sagemaker-runtime";
import { arnOf, notFound } from "./_fixtures.ts";

/** Status a training job can be scripted to pass through. */
export type ScriptedTrainingStatus = "InProgress" | "Completed" | "Failed";

/** One training job of a scripted tuning job. */
export interface TrainingJobScript {
  /** Statuses, one per step once started; the last one holds. */
  statuses: ScriptedTrainingStatus[];
  /** The objective (F1) it reports when Completed. */
  f1?: number;
  /** Step (Describe call of its tuning job, from 1) at which it starts (default 1). */
  startsAt?: number;
  /** Tuned hyperparameters it reports (JSON-encoded values). */
  hyperparameters?: Record<string, string>;
  /** Failure reason when Failed. */
  failureReason?: string;
}

/** What every created tuning job does. */
export interface FakeSageMakerScript {
  /** The training jobs of each tuning job (default: one that completes with F1 0.8 after two steps). */
  trainingJobs?: TrainingJobScript[];
  /** Endpoint statuses, one per DescribeEndpoint call; the last holds (default Creating → InService). */
  endpointStatuses?: string[];
  /** FailureReason of an endpoint that becomes Failed. */
  endpointFailureReason?: string;
  /** Calls that fail: operation → the call number (from 1) that answers a 500 InternalFailure. */
  failures?: Record<string, number>;
}

interface _TrainingJob {
  name: string;
  arn: string;
  script: TrainingJobScript;
  index: number;
  started: boolean;
  status: string;
  createdAt: Date;
  outputPath: string;
}

interface _TuningJob {
  name: string;
  arn: string;
  input: CreateHyperParameterTuningJobCommandInput;
  step: number;
  status: string;
  jobs: _TrainingJob[];
}

const _EPOCH = Date.UTC(2026, 0, 1);
const _TERMINAL = new Set(["Completed", "Failed", "Stopped"]);

/** SageMaker (and its runtime) as scripted state machines on mocked clients. */
export class FakeSageMaker {
  /** The SageMaker mock (for `mockedCalls`). */
  readonly sagemaker;
  /** The SageMaker Runtime mock. */
  readonly runtime;
  /** Every state change, in order (e.g. `CreateEndpoint ade-ep-r1`, `Stopped ade-r1`). */
  readonly events: string[] = [];
  readonly tuningJobs = new Map<string, _TuningJob>();
  readonly models = new Map<string, CreateModelCommandInput>();
  readonly endpointConfigs = new Map<string, CreateEndpointConfigCommandInput>();
  readonly endpoints = new Map<string, { config: string; describes: number; status: string }>();
  readonly #tags = new Map<string, Array<{ Key?: string; Value?: string }>>();
  readonly #script: FakeSageMakerScript;

  /**
   * @param script what tuning jobs and endpoints do
   * @param clients clients to mock (default: every instance of the client classes)
   */
  constructor(
    script: FakeSageMakerScript = {},
    clients: { sagemaker?: SageMakerClient; runtime?: SageMakerRuntimeClient } = {},
  ) {
    this.#script = script;
    this.sagemaker = mockClient(clients.sagemaker ?? SageMakerClient);
    this.runtime = mockClient(clients.runtime ?? SageMakerRuntimeClient);
    this.#install();
  }

  /** Puts the mocked clients back. */
  restore(): void {
    this.sagemaker.restore();
    this.runtime.restore();
  }

  /** What still exists and how it stands (for assertions and for a child process to print). */
  snapshot(): {
    tuningJobs: Array<{ name: string; status: string }>;
    trainingJobs: Array<{ name: string; status: string }>;
    models: string[];
    endpointConfigs: string[];
    endpoints: Array<{ name: string; status: string }>;
  } {
    const tuning = [...this.tuningJobs.values()];
    return {
      tuningJobs: tuning.map((job) => ({ name: job.name, status: job.status })),
      trainingJobs: tuning.flatMap((job) =>
        job.jobs.filter((t) => t.started).map((t) => ({ name: t.name, status: t.status }))
      ),
      models: [...this.models.keys()],
      endpointConfigs: [...this.endpointConfigs.keys()],
      endpoints: [...this.endpoints].map(([name, e]) => ({ name, status: e.status })),
    };
  }

  #install(): void {
    const sm = this.sagemaker;
    const calls = new Map<string, number>();
    // deno-lint-ignore no-explicit-any
    const on = (command: any, handler: (input: any) => unknown) =>
      sm.on(command).callsFake((input: unknown) =>
        Promise.resolve().then(() => {
          const operation = String(command.name).replace(/Command$/, "");
          const call = (calls.get(operation) ?? 0) + 1;
          calls.set(operation, call);
          if (this.#script.failures?.[operation] === call) {
            this.events.push(`${operation} failed (scripted)`);
            throw Object.assign(new Error("We encountered an internal error. Please try again."), {
              name: "InternalFailure",
              $fault: "server",
            });
          }
          return handler(input);
        })
      );
    on(CreateHyperParameterTuningJobCommand, (input) => this.#createTuningJob(input));
    on(DescribeHyperParameterTuningJobCommand, (input) => this.#describeTuningJob(input));
    on(
      ListTrainingJobsForHyperParameterTuningJobCommand,
      (input) => ({
        TrainingJobSummaries: this.#tuning(input.HyperParameterTuningJobName).jobs
          .filter((job) => job.started).map((job) => this.#summary(job)),
      }),
    );
    on(StopHyperParameterTuningJobCommand, (input) => {
      const job = this.#tuning(input.HyperParameterTuningJobName);
      if (_TERMINAL.has(job.status)) {
        throw Object.assign(new Error(`job ${job.name} is ${job.status}`), {
          name: "ValidationException",
        });
      }
      job.status = "Stopping";
      for (const training of job.jobs) {
        if (training.started && !_TERMINAL.has(training.status)) training.status = "Stopping";
      }
      this.events.push(`StopHyperParameterTuningJob ${job.name}`);
      return {};
    });
    on(DeleteHyperParameterTuningJobCommand, (input) => {
      this.#tuning(input.HyperParameterTuningJobName);
      this.tuningJobs.delete(input.HyperParameterTuningJobName);
      this.events.push(`DeleteHyperParameterTuningJob ${input.HyperParameterTuningJobName}`);
      return {};
    });
    on(DescribeTrainingJobCommand, (input) => {
      const job = this.#training(input.TrainingJobName);
      return {
        TrainingJobName: job.name,
        TrainingJobArn: job.arn,
        TrainingJobStatus: job.status,
        CreationTime: job.createdAt,
        ...(job.status === "Completed"
          ? {
            ModelArtifacts: {
              S3ModelArtifacts: `${job.outputPath}${job.name}/output/model.tar.gz`,
            },
          }
          : {}),
        ...(job.status === "Failed" ? { FailureReason: job.script.failureReason } : {}),
      };
    });
    on(StopTrainingJobCommand, (input) => {
      const job = this.#training(input.TrainingJobName);
      if (!_TERMINAL.has(job.status)) job.status = "Stopping";
      return {};
    });
    on(CreateModelCommand, (input) => {
      this.models.set(input.ModelName, input);
      this.#tags.set(arnOf("model", input.ModelName), input.Tags ?? []);
      this.events.push(`CreateModel ${input.ModelName}`);
      return { ModelArn: arnOf("model", input.ModelName) };
    });
    on(DescribeModelCommand, (input) => {
      if (!this.models.has(input.ModelName)) throw notFound(`model ${input.ModelName}`);
      return { ModelName: input.ModelName, ModelArn: arnOf("model", input.ModelName) };
    });
    on(DeleteModelCommand, (input) => {
      if (!this.models.delete(input.ModelName)) throw notFound(`model ${input.ModelName}`);
      this.events.push(`DeleteModel ${input.ModelName}`);
      return {};
    });
    on(CreateEndpointConfigCommand, (input) => {
      this.endpointConfigs.set(input.EndpointConfigName, input);
      this.#tags.set(arnOf("endpoint-config", input.EndpointConfigName), input.Tags ?? []);
      this.events.push(`CreateEndpointConfig ${input.EndpointConfigName}`);
      return { EndpointConfigArn: arnOf("endpoint-config", input.EndpointConfigName) };
    });
    on(DescribeEndpointConfigCommand, (input) => {
      if (!this.endpointConfigs.has(input.EndpointConfigName)) {
        throw notFound(`endpoint configuration ${input.EndpointConfigName}`);
      }
      return {
        EndpointConfigName: input.EndpointConfigName,
        EndpointConfigArn: arnOf("endpoint-config", input.EndpointConfigName),
      };
    });
    on(DeleteEndpointConfigCommand, (input) => {
      if (!this.endpointConfigs.delete(input.EndpointConfigName)) {
        throw notFound(`endpoint configuration ${input.EndpointConfigName}`);
      }
      this.events.push(`DeleteEndpointConfig ${input.EndpointConfigName}`);
      return {};
    });
    on(CreateEndpointCommand, (input) => {
      if (!this.endpointConfigs.has(input.EndpointConfigName)) {
        throw notFound(`endpoint configuration ${input.EndpointConfigName}`);
      }
      const statuses = this.#script.endpointStatuses ?? ["Creating", "InService"];
      this.endpoints.set(input.EndpointName, {
        config: input.EndpointConfigName,
        describes: 0,
        status: statuses[0],
      });
      this.#tags.set(arnOf("endpoint", input.EndpointName), input.Tags ?? []);
      this.events.push(`CreateEndpoint ${input.EndpointName}`);
      return { EndpointArn: arnOf("endpoint", input.EndpointName) };
    });
    on(DescribeEndpointCommand, (input) => {
      const endpoint = this.endpoints.get(input.EndpointName);
      if (!endpoint) throw notFound(`endpoint ${input.EndpointName}`);
      const statuses = this.#script.endpointStatuses ?? ["Creating", "InService"];
      if (endpoint.status !== "Deleting") {
        endpoint.status = statuses[Math.min(endpoint.describes, statuses.length - 1)];
      }
      endpoint.describes++;
      return {
        EndpointName: input.EndpointName,
        EndpointArn: arnOf("endpoint", input.EndpointName),
        EndpointConfigName: endpoint.config,
        EndpointStatus: endpoint.status,
        ...(endpoint.status === "Failed"
          ? { FailureReason: this.#script.endpointFailureReason ?? "scripted failure" }
          : {}),
      };
    });
    on(DeleteEndpointCommand, (input) => {
      if (!this.endpoints.delete(input.EndpointName)) {
        throw notFound(`endpoint ${input.EndpointName}`);
      }
      this.events.push(`DeleteEndpoint ${input.EndpointName}`);
      return {};
    });
    on(ListTagsCommand, (input) => ({ Tags: this.#tags.get(input.ResourceArn) ?? [] }));

    this.runtime.on(InvokeEndpointCommand).callsFake((input) => {
      const endpoint = this.endpoints.get(input.EndpointName ?? "");
      if (endpoint?.status !== "InService") {
        throw Object.assign(new Error(`Endpoint ${input.EndpointName} is not InService`), {
          name: "ValidationError",
        });
      }
      const request = JSON.parse(new TextDecoder().decode(input.Body as Uint8Array));
      const texts: string[] = Array.isArray(request.inputs) ? request.inputs : [request.inputs];
      // A deterministic stand-in classifier: a sentence naming an event word is an AE.
      const predictions = texts.map((text) =>
        /after|induced|developed|caused/i.test(text)
          ? { label: "Adverse_Event", score: 0.9 }
          : { label: "Not_AE", score: 0.1 }
      );
      this.events.push(`InvokeEndpoint ${input.EndpointName} (${texts.length} texts)`);
      return Promise.resolve({
        Body: new TextEncoder().encode(JSON.stringify(predictions)) as InvokeEndpointCommandOutput[
          "Body"
        ],
        ContentType: "application/json",
        $metadata: {},
      });
    });
  }

  #createTuningJob(input: CreateHyperParameterTuningJobCommandInput) {
    const name = input.HyperParameterTuningJobName!;
    const scripts = this.#script.trainingJobs ??
      [{
        statuses: ["InProgress", "InProgress", "Completed"] as ScriptedTrainingStatus[],
        f1: 0.8,
      }];
    const outputPath = input.TrainingJobDefinition?.OutputDataConfig?.S3OutputPath ?? "s3://x/";
    const job: _TuningJob = {
      name,
      arn: arnOf("hyper-parameter-tuning-job", name),
      input,
      step: 0,
      status: "InProgress",
      jobs: scripts.map((script, i) => {
        const trainingName = `${name}-${String(i + 1).padStart(3, "0")}-${
          (0x1a2b3c00 + i).toString(16)
        }`;
        return {
          name: trainingName,
          arn: arnOf("training-job", trainingName),
          script,
          index: -1,
          started: false,
          status: "InProgress",
          createdAt: new Date(_EPOCH + i * 1000),
          outputPath,
        };
      }),
    };
    this.tuningJobs.set(name, job);
    this.#tags.set(job.arn, input.Tags ?? []);
    this.events.push(`CreateHyperParameterTuningJob ${name}`);
    return { HyperParameterTuningJobArn: job.arn };
  }

  /** One step of the state machine, then the description. */
  #describeTuningJob(input: { HyperParameterTuningJobName: string }) {
    const job = this.#tuning(input.HyperParameterTuningJobName);
    this.#advance(job);
    const completed = job.jobs.filter((t) => t.status === "Completed");
    const best = completed.sort((a, b) => (b.script.f1 ?? 0) - (a.script.f1 ?? 0))[0];
    const count = (status: string) =>
      job.jobs.filter((t) => t.started && t.status === status).length;
    return {
      HyperParameterTuningJobName: job.name,
      HyperParameterTuningJobArn: job.arn,
      HyperParameterTuningJobStatus: job.status,
      HyperParameterTuningJobConfig: job.input.HyperParameterTuningJobConfig,
      TrainingJobDefinition: job.input.TrainingJobDefinition,
      CreationTime: new Date(_EPOCH),
      TrainingJobStatusCounters: {
        Completed: count("Completed"),
        InProgress: count("InProgress") + count("Stopping"),
        RetryableError: 0,
        NonRetryableError: count("Failed"),
        Stopped: count("Stopped"),
      },
      ObjectiveStatusCounters: { Succeeded: count("Completed"), Pending: 0, Failed: 0 },
      ...(best ? { BestTrainingJob: this.#summary(best) } : {}),
    };
  }

  #advance(job: _TuningJob): void {
    if (_TERMINAL.has(job.status)) return;
    job.step++;
    if (job.status === "Stopping") {
      job.status = "Stopped";
      for (const training of job.jobs) {
        if (training.started && !_TERMINAL.has(training.status)) training.status = "Stopped";
      }
      this.events.push(`Stopped ${job.name}`);
      return;
    }
    for (const training of job.jobs) {
      if (_TERMINAL.has(training.status)) continue;
      if (!training.started) {
        if (job.step < (training.script.startsAt ?? 1)) continue;
        training.started = true;
      }
      training.index++;
      const statuses = training.script.statuses;
      training.status = statuses[Math.min(training.index, statuses.length - 1)];
    }
    if (job.jobs.every((t) => t.started && _TERMINAL.has(t.status))) {
      job.status = job.jobs.some((t) => t.status === "Completed") ? "Completed" : "Failed";
      this.events.push(`${job.status} ${job.name}`);
    }
  }

  #summary(job: _TrainingJob) {
    const ended = _TERMINAL.has(job.status);
    return {
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      TrainingJobStatus: job.status,
      CreationTime: job.createdAt,
      TrainingStartTime: new Date(job.createdAt.getTime() + 10_000),
      ...(ended ? { TrainingEndTime: new Date(job.createdAt.getTime() + 130_000) } : {}),
      TunedHyperParameters: job.script.hyperparameters ??
        { learning_rate: "0.00003", model_name: '"dmis-lab/biobert-base-cased-v1.2"' },
      ...(job.status === "Completed" && job.script.f1 !== undefined
        ? {
          FinalHyperParameterTuningJobObjectiveMetric: { MetricName: "f1", Value: job.script.f1 },
        }
        : {}),
      ...(job.status === "Failed" ? { FailureReason: job.script.failureReason } : {}),
    };
  }

  #tuning(name: string): _TuningJob {
    const job = this.tuningJobs.get(name);
    if (!job) throw notFound(`hyper-parameter tuning job ${name}`);
    return job;
  }

  #training(name: string): _TrainingJob {
    for (const job of this.tuningJobs.values()) {
      const found = job.jobs.find((t) => t.name === name && t.started);
      if (found) return found;
    }
    throw notFound(`training job ${name}`);
  }
}
