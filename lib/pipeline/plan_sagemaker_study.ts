/**
 * The study planned for SageMaker: every request the flow would send (S3 uploads, tuning job, model,
 * endpoint config, endpoint, generator endpoint when configured, cleanup), each through preflight, written to
 * `runs/<run-id>/requests/NN-<Operation>.json`, with an estimated cost, the tuning job's channels and code
 * bundle, the effective batch size, and the deferred references a run resolves (the best model). Nothing is
 * sent.
 */
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import {
  describeTrainingBatch,
  planSageMakerTuning,
  type SageMakerTuningPlan,
  type TrainingBatchSummary,
} from "../tune/mod.ts";
import {
  buildDeploymentPlan,
  buildGeneratorPlan,
  deferredBestModelArtifact,
  type DeferredModelArtifact,
  hourlyCostUsd,
  type PlannedRequest,
  PRICE_TABLE_LABEL,
  runS3Prefix,
  writePlannedRequests,
} from "../cloud/mod.ts";
import { sha256Hex, writeJsonAtomic } from "../core/mod.ts";
import type { PipelineConfig } from "./config.ts";
import { generatorEndpointOptions } from "./_generator_options.ts";
import { prepareRunSplit, recordPipelineRun, runFolder } from "./_run_folder.ts";
import {
  type SageMakerStudySettings,
  sageMakerStudySettings,
  stagedModelLocations,
  studyDeploymentOptions,
  studyTuningOptions,
} from "./_sagemaker_study_settings.ts";
import type { StageLog } from "./_stages.ts";

/** One line of the cost estimate. */
export interface CostLine {
  /** What runs. */
  item: string;
  /** Instance type. */
  instanceType: string;
  /** Instance-hours assumed. */
  instanceHours: number;
  /** USD per instance-hour from the table, undefined when the type is not in it. */
  hourlyUsd?: number;
  /** instanceHours × hourlyUsd. */
  costUsd?: number;
}

/** One input channel of the tuning job's training jobs. */
export interface PlannedChannel {
  /** `train`, `test`, `code` or `models`. */
  name: string;
  /** Its S3 URI. */
  s3Uri: string;
  /** Its content type, when it has one. */
  contentType?: string;
}

/** A value the dry run cannot know, written as a labelled stand-in and resolved by the run. */
export interface DeferredReference {
  /** The request file holding it, relative to the run folder. */
  request: string;
  /** The field. */
  field: string;
  /** The stand-in written there. */
  standIn: string;
  /** What it stands for. */
  standsFor: string;
  /** The calls that resolve it. */
  resolvedBy: string[];
}

/** The planned study. */
export interface SageMakerStudyPlan {
  runId: string;
  runDir: string;
  /** Written request files, in order. */
  requestFiles: string[];
  /** Planned requests, in order. */
  requests: PlannedRequest[];
  /** Cost estimate lines. */
  cost: CostLine[];
  /** Sum of the known costs. */
  totalCostUsd: number;
  /** Label of the price table (an estimate). */
  costLabel: string;
  /** Notes from the planners (e.g. KMS omitted for local-NVMe instances). */
  notes: string[];
  /** The tuning job's input channels. */
  channels: PlannedChannel[];
  /** The code bundle: its file under the run folder and its members. */
  bundle: { file: string; members: string[]; bytes: number; sha256: string };
  /** The effective batch size of the training jobs. */
  training: TrainingBatchSummary;
  /** Where the base models must be staged (the run stages the missing ones). */
  models: { s3Uri: string; staged: Record<string, string> };
  /** Values resolved at run time. */
  deferred: DeferredReference[];
}

/** Options of {@link planSageMakerStudy}. */
export interface PlanSageMakerStudyOptions {
  config: PipelineConfig;
  outDir?: string;
  runId?: string;
  log?: StageLog;
  quiet?: boolean;
}

/** Deletion requests, in dependency order, for the resources the plan creates. */
function cleanupRequests(
  resources: { endpointName: string; endpointConfigName: string; modelName: string }[],
  tuningJobName: string,
  bucket: string,
  s3Prefix: string,
): PlannedRequest[] {
  const requests: PlannedRequest[] = [];
  for (const r of resources) {
    requests.push({ operation: "DeleteEndpoint", input: { EndpointName: r.endpointName } });
  }
  for (const r of resources) {
    requests.push({
      operation: "DeleteEndpointConfig",
      input: { EndpointConfigName: r.endpointConfigName },
    });
  }
  for (const r of resources) {
    requests.push({ operation: "DeleteModel", input: { ModelName: r.modelName } });
  }
  requests.push({
    operation: "StopHyperParameterTuningJob",
    input: { HyperParameterTuningJobName: tuningJobName },
  });
  requests.push({ operation: "ListObjectsV2", input: { Bucket: bucket, Prefix: s3Prefix } });
  requests.push({
    operation: "DeleteObjects",
    input: {
      Bucket: bucket,
      Delete: { Objects: [{ Key: `<every key listed under ${s3Prefix}>` }], Quiet: true },
    },
  });
  return requests;
}

/**
 * Plans the study for SageMaker without sending anything: prepares the split locally (it is what would be
 * uploaded), builds every request through the planners' preflight checks, writes them in order and estimates
 * the cost. Recorded as a `pipeline` run named `sagemaker-plan`.
 * @param options configuration, output folder (the store included), run id, log
 * @returns the request files, the cost table and the notes
 * @throws {PreflightError} when any request breaks a SageMaker rule (nothing is written then)
 * @example Plan the study on the fixture's sentences (no AWS call: the requests are only written)
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveConfig } from "./config.ts";
 * const dir = await Deno.makeTempDir();
 * const config = resolveConfig({ data: { source: "tests/fixtures/data/ae_mentions.jsonl" } }, "example");
 * const plan = await planSageMakerStudy({ config, outDir: dir, runId: "plan-1", log: () => {}, quiet: true });
 * assert.ok(plan.requestFiles.some((file) => file.endsWith("-CreateHyperParameterTuningJob.json")));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function planSageMakerStudy(
  options: PlanSageMakerStudyOptions,
): Promise<SageMakerStudyPlan> {
  const { config } = options;
  const folder = runFolder(options);
  const { runId, runDir, log } = folder;
  return await recordPipelineRun(folder, "sagemaker-plan", {
    config,
    backend: "sagemaker",
    dry_run: true,
  }, async () => {
    log(`[1/3] prepare the split that would be uploaded …`);
    const prepared = await prepareRunSplit(config, folder, options.quiet);
    log(
      `[2/3] plan the tuning job, the endpoint${
        config.augment.generator === "sagemaker" ? "s" : ""
      } and cleanup …`,
    );
    const draft = await _draftStudyRequests(config, runId, runDir, prepared.trainPath);
    log(`[3/3] write ${draft.requests.length} requests and the cost estimate …`);
    const plan = await _writeStudyPlan(draft, runId, runDir);
    return {
      value: plan,
      metrics: { planned_requests: plan.requests.length, estimated_cost_usd: plan.totalCostUsd },
    };
  });
}

/** Every request of the study, built and preflighted, with what the plan reports about them. */
interface _StudyDraft {
  settings: SageMakerStudySettings;
  tuning: SageMakerTuningPlan;
  bestModel: DeferredModelArtifact;
  training: TrainingBatchSummary;
  staged: Record<string, string>;
  notes: string[];
  cost: CostLine[];
  requests: PlannedRequest[];
}

/** The names of an endpoint's three resources. */
type _EndpointNames = { endpointName: string; endpointConfigName: string; modelName: string };

/**
 * Builds the tuning job (uploads included), the deployment of its best model, the generator endpoint when
 * configured and the cleanup, in the order a run sends them, with the notes and the cost lines.
 */
async function _draftStudyRequests(
  config: PipelineConfig,
  runId: string,
  runDir: string,
  trainPath: string,
): Promise<_StudyDraft> {
  const sm = config.sagemaker;
  const settings = await sageMakerStudySettings(config, runId);
  const tuningJobName = settings.tuningJobName;
  const tuning = await planSageMakerTuning(
    studyTuningOptions(config, settings, runId, trainPath, `${runDir}/tune-plan`),
    settings.tuning,
  );
  const tuningInput = tuning.tuningJob.input;
  const outputUri = tuningInput.TrainingJobDefinition?.OutputDataConfig?.S3OutputPath ??
    `${tuning.s3Prefix}output/`;
  const bestModel = deferredBestModelArtifact(tuningJobName, outputUri);
  const deployment = await buildDeploymentPlan(
    studyDeploymentOptions(config, settings, runId, bestModel.standIn),
  );
  const training = describeTrainingBatch(tuningInput);
  const staged = stagedModelLocations(settings);
  const notes = [
    ...tuning.tuningJob.warnings,
    `effective batch size: ${training.statement}`,
    `the models channel ${settings.modelsS3Uri} must hold ${
      Object.keys(staged).join(", ")
    } (\`deno task ade stage-model\`); the run stages the missing ones first`,
    `the model to deploy is the tuning job's best training job, resolved when the run gets there: ` +
    `${bestModel.resolvedBy.join("; ")} (written as ${bestModel.standIn})`,
    ...deployment.notes,
  ];
  const names = (r: _EndpointNames): _EndpointNames => ({
    endpointName: r.endpointName,
    endpointConfigName: r.endpointConfigName,
    modelName: r.modelName,
  });
  const endpoints = [names(deployment)];
  const generator = config.augment.generator === "sagemaker"
    ? buildGeneratorPlan(generatorEndpointOptions(config, runId))
    : undefined;
  if (generator) {
    endpoints.unshift(names(generator));
    notes.push(...generator.notes);
  }
  // The run polls the tuning job, then reads its best training job before it deploys.
  const describeTuning: PlannedRequest = {
    operation: "DescribeHyperParameterTuningJob",
    input: { HyperParameterTuningJobName: tuningJobName },
  };
  const requests = [
    ...(generator?.requests ?? []),
    ...tuning.requests,
    describeTuning,
    ...deployment.requests,
    ...cleanupRequests(endpoints, tuningJobName, sm.bucket, runS3Prefix(runId)),
  ];
  const cost = _costLines(config, generator?.instanceType);
  return { settings, tuning, bestModel, training, staged, notes, cost, requests };
}

/** The cost estimate: the generator endpoint (when there is one), the training jobs, the endpoint. */
function _costLines(config: PipelineConfig, generatorInstanceType: string | undefined): CostLine[] {
  const sm = config.sagemaker;
  const line = (item: string, instanceType: string, instanceHours: number): CostLine => {
    const hourlyUsd = hourlyCostUsd(instanceType);
    return {
      item,
      instanceType,
      instanceHours,
      ...(hourlyUsd === undefined ? {} : { hourlyUsd, costUsd: hourlyUsd * instanceHours }),
    };
  };
  return [
    ...(generatorInstanceType !== undefined
      ? [line(
        `generator endpoint (${config.augment.generator_model})`,
        generatorInstanceType,
        sm.estimated_endpoint_hours,
      )]
      : []),
    line(
      `tuning: ${config.tune.max_trials} training jobs × ${sm.estimated_training_hours} h`,
      sm.training_instance_type,
      config.tune.max_trials * sm.estimated_training_hours,
    ),
    line("classifier endpoint", sm.inference_instance_type, sm.estimated_endpoint_hours),
  ];
}

/** Writes the requests (`requests/NN-<Operation>.json`) and `plan.json`; returns the plan. */
async function _writeStudyPlan(
  draft: _StudyDraft,
  runId: string,
  runDir: string,
): Promise<SageMakerStudyPlan> {
  const { requests, tuning, bestModel, settings } = draft;
  const requestsDir = `${runDir}/requests`;
  await Deno.remove(requestsDir, { recursive: true }).catch(() => {});
  const requestFiles = await writePlannedRequests(requestsDir, requests);
  const relative = (file: string) => file.slice(runDir.length + 1);
  const createModelFile = requestFiles[requests.findIndex((r) => r.operation === "CreateModel")];
  const deferred: DeferredReference[] = [{
    request: relative(createModelFile),
    field: "PrimaryContainer.ModelDataUrl",
    standIn: bestModel.standIn,
    standsFor:
      `ModelArtifacts.S3ModelArtifacts of the best training job of ${settings.tuningJobName}`,
    resolvedBy: bestModel.resolvedBy,
  }];
  const bundleUpload = tuning.uploads.find((u) => u.request.Key?.endsWith("sourcedir.tar.gz"))!;
  const bundleBytes = bundleUpload.request.Body as Uint8Array;
  const plan: SageMakerStudyPlan = {
    runId,
    runDir,
    requestFiles,
    requests,
    cost: draft.cost,
    totalCostUsd: draft.cost.reduce((sum, c) => sum + (c.costUsd ?? 0), 0),
    costLabel: PRICE_TABLE_LABEL,
    notes: draft.notes,
    channels: _channels(tuning.tuningJob.input),
    bundle: {
      file: relative(bundleUpload.path),
      members: tuning.bundleMembers,
      bytes: bundleBytes.length,
      sha256: await sha256Hex(bundleBytes),
    },
    training: draft.training,
    models: { s3Uri: settings.modelsS3Uri, staged: draft.staged },
    deferred,
  };
  await writeJsonAtomic(
    `${runDir}/plan.json`,
    _planJson(plan, settings.tuningJobName, tuning.tuningJob.input),
  );
  return plan;
}

/** `plan.json`: the plan in snake_case, with the tuning job's code and training settings. */
function _planJson(
  plan: SageMakerStudyPlan,
  tuningJobName: string,
  tuningInput: CreateHyperParameterTuningJobCommandInput,
): Record<string, unknown> {
  const { training, bundle } = plan;
  const relative = (file: string) => file.slice(plan.runDir.length + 1);
  return {
    run_id: plan.runId,
    requests: plan.requestFiles.map(relative),
    cost_estimate: { label: PRICE_TABLE_LABEL, lines: plan.cost, total_usd: plan.totalCostUsd },
    notes: plan.notes,
    tuning_job: {
      name: tuningJobName,
      channels: plan.channels.map((c) => ({
        name: c.name,
        s3_uri: c.s3Uri,
        ...(c.contentType ? { content_type: c.contentType } : {}),
      })),
      code: {
        bundle: bundle.file,
        members: bundle.members,
        bytes: bundle.bytes,
        sha256: bundle.sha256,
        sagemaker_submit_directory: JSON.parse(
          tuningInput.TrainingJobDefinition?.StaticHyperParameters?.sagemaker_submit_directory ??
            "null",
        ),
      },
      training: {
        instance_type: training.instanceType,
        instance_count: training.instanceCount,
        gpus_per_instance: training.gpusPerInstance,
        launcher: training.launcher,
        devices: training.devices,
        gradient_accumulation_steps: training.gradientAccumulationSteps,
        per_device_batch_sizes: training.perDeviceBatchSizes,
        effective_batch_sizes: training.effectiveBatchSizes,
        ...(training.largestStepTokensPerDevice !== undefined
          ? { largest_step_tokens_per_device: training.largestStepTokensPerDevice }
          : {}),
        effective_batch_size: training.statement,
      },
    },
    models: { s3_uri: plan.models.s3Uri, staged: plan.models.staged },
    deferred: plan.deferred.map((d) => ({
      request: d.request,
      field: d.field,
      stand_in: d.standIn,
      stands_for: d.standsFor,
      resolved_by: d.resolvedBy,
    })),
  };
}

/** The tuning job's input channels, in request order. */
function _channels(input: CreateHyperParameterTuningJobCommandInput): PlannedChannel[] {
  return (input.TrainingJobDefinition?.InputDataConfig ?? []).map((channel) => ({
    name: channel.ChannelName ?? "",
    s3Uri: channel.DataSource?.S3DataSource?.S3Uri ?? "",
    ...(channel.ContentType ? { contentType: channel.ContentType } : {}),
  }));
}

/**
 * Formats the cost estimate as a markdown table.
 * @param plan a study plan from {@link planSageMakerStudy}
 * @returns one row per billed item (instance type, hours, hourly price, cost) and a total
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveConfig } from "./config.ts";
 * const dir = await Deno.makeTempDir();
 * const config = resolveConfig({ data: { source: "tests/fixtures/data/ae_mentions.jsonl" } }, "example");
 * const plan = await planSageMakerStudy({ config, outDir: dir, runId: "plan-1", log: () => {}, quiet: true });
 * const table = costTable(plan);
 * assert.match(table, /ml\.[a-z0-9]+\.[a-z0-9]+/);
 * console.log(table);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function costTable(plan: SageMakerStudyPlan): string {
  const rows = plan.cost.map((c) =>
    `| ${c.item} | ${c.instanceType} | ${c.instanceHours} | ${
      c.hourlyUsd === undefined ? "not in table" : `$${c.hourlyUsd.toFixed(3)}`
    } | ${c.costUsd === undefined ? "?" : `$${c.costUsd.toFixed(2)}`} |`
  );
  return [
    `| item | instance | instance-hours | per hour | cost |`,
    `|---|---|---:|---:|---:|`,
    ...rows,
    `| **total (${plan.costLabel})** | | | | **$${plan.totalCostUsd.toFixed(2)}** |`,
  ].join("\n");
}
