/**
 * The study planned for SageMaker: every request the flow would send (S3 uploads, tuning job, model,
 * endpoint config, endpoint, generator endpoint when configured, cleanup), each through preflight, written to
 * `runs/<run-id>/requests/NN-<Operation>.json`, with an estimated cost. Nothing is sent.
 */
import { resolve } from "node:path";
import { defaultCorpusSource, prepareDataset } from "../data/mod.ts";
import { loadSearchSpace, planSageMakerTuning } from "../tune/mod.ts";
import {
  buildDeploymentPlan,
  buildGeneratorPlan,
  hourlyCostUsd,
  type PlannedRequest,
  PRICE_TABLE_LABEL,
  runResourceName,
  runS3Prefix,
  writePlannedRequests,
} from "../cloud/mod.ts";
import { writeJsonAtomic } from "../core/mod.ts";
import { defaultStorePath, newRunId, recordRun } from "../track/mod.ts";
import type { PipelineConfig } from "./config.ts";
import { generatorEndpointOptions } from "./_generator_options.ts";
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
 * the cost.
 * @throws {PreflightError} when any request breaks a SageMaker rule (nothing is written then)
 */
export async function planSageMakerStudy(
  options: PlanSageMakerStudyOptions,
): Promise<SageMakerStudyPlan> {
  const { config } = options;
  const sm = config.sagemaker;
  const log = options.log ?? ((line: string) => console.error(line));
  const runId = options.runId ?? newRunId("study");
  const runDir = resolve(options.outDir ?? `runs/${runId}`);
  const storePath = resolve(options.outDir ? `${runDir}/ade.sqlite` : defaultStorePath());
  return await recordRun(storePath, {
    kind: "pipeline",
    runId,
    name: "sagemaker-plan",
    params: { config, backend: "sagemaker", dry_run: true },
  }, async () => {
    log(`[1/3] prepare the split that would be uploaded …`);
    const prepared = await prepareDataset({
      source: config.data.source ?? defaultCorpusSource(),
      split: config.data.split,
      seed: config.seed,
      testSize: config.data.test_size,
      out: `${runDir}/data`,
      storePath,
      runId,
      quiet: options.quiet,
    });

    log(
      `[2/3] plan the tuning job, the endpoint${
        config.augment.generator === "sagemaker" ? "s" : ""
      } and cleanup …`,
    );
    const tuningJobName = runResourceName(sm.job_name_prefix, runId, 32);
    const tuning = await planSageMakerTuning({
      trainPath: prepared.trainPath,
      outDir: `${runDir}/tune-plan`,
      space: await loadSearchSpace("seed"),
      strategy: config.tune.strategy,
      maxTrials: config.tune.max_trials,
      parallel: config.tune.parallel,
      seed: config.seed,
      runId,
    }, {
      jobName: tuningJobName,
      roleArn: sm.role_arn,
      bucket: sm.bucket,
      kmsKeyId: sm.kms_key_id,
      region: sm.region,
      instanceType: sm.training_instance_type,
    });
    const tuningInput = tuning.requests.find((r) => r.operation === "CreateHyperParameterTuningJob")
      ?.input as
        | { TrainingJobDefinition?: { OutputDataConfig?: { S3OutputPath?: string } } }
        | undefined;
    const outputUri = tuningInput?.TrainingJobDefinition?.OutputDataConfig?.S3OutputPath ??
      `${tuning.s3Prefix.replace(/\/?$/, "/")}output/`;
    const bestModelUri = `${
      outputUri.replace(/\/?$/, "/")
    }${tuningJobName}-best/output/model.tar.gz`;
    const deployment = await buildDeploymentPlan({
      modelSource: bestModelUri,
      endpointName: runResourceName("ade-ep", runId, 63),
      roleArn: sm.role_arn,
      bucket: sm.bucket,
      kmsKeyId: sm.kms_key_id,
      runId,
      region: sm.region,
      instanceType: sm.inference_instance_type,
    });
    const notes = [
      `the model artifact ${bestModelUri} stands for the best training job's output, known once the tuning job ends`,
      ...deployment.notes,
    ];
    const names = (r: { endpointName: string; endpointConfigName: string; modelName: string }) => ({
      endpointName: r.endpointName,
      endpointConfigName: r.endpointConfigName,
      modelName: r.modelName,
    });
    const endpoints = [names(deployment)];
    let generatorRequests: PlannedRequest[] = [];
    const cost: CostLine[] = [];
    const line = (item: string, instanceType: string, instanceHours: number): CostLine => {
      const hourlyUsd = hourlyCostUsd(instanceType);
      return {
        item,
        instanceType,
        instanceHours,
        ...(hourlyUsd === undefined ? {} : { hourlyUsd, costUsd: hourlyUsd * instanceHours }),
      };
    };
    if (config.augment.generator === "sagemaker") {
      const generator = buildGeneratorPlan(generatorEndpointOptions(config, runId));
      generatorRequests = generator.requests;
      endpoints.unshift(names(generator));
      notes.push(...generator.notes);
      cost.push(
        line(
          `generator endpoint (${config.augment.generator_model})`,
          generator.instanceType,
          sm.estimated_endpoint_hours,
        ),
      );
    }
    cost.push(line(
      `tuning: ${config.tune.max_trials} training jobs × ${sm.estimated_training_hours} h`,
      sm.training_instance_type,
      config.tune.max_trials * sm.estimated_training_hours,
    ));
    cost.push(line("classifier endpoint", sm.inference_instance_type, sm.estimated_endpoint_hours));

    const requests = [
      ...generatorRequests,
      ...tuning.requests,
      ...deployment.requests,
      ...cleanupRequests(endpoints, tuningJobName, sm.bucket, runS3Prefix(runId)),
    ];
    log(`[3/3] write ${requests.length} requests and the cost estimate …`);
    const requestsDir = `${runDir}/requests`;
    await Deno.remove(requestsDir, { recursive: true }).catch(() => {});
    const requestFiles = await writePlannedRequests(requestsDir, requests);
    const totalCostUsd = cost.reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
    const plan: SageMakerStudyPlan = {
      runId,
      runDir,
      requestFiles,
      requests,
      cost,
      totalCostUsd,
      costLabel: PRICE_TABLE_LABEL,
      notes,
    };
    await writeJsonAtomic(`${runDir}/plan.json`, {
      run_id: runId,
      requests: requestFiles.map((file) => file.slice(runDir.length + 1)),
      cost_estimate: { label: PRICE_TABLE_LABEL, lines: cost, total_usd: totalCostUsd },
      notes,
    });
    return {
      value: plan,
      metrics: { planned_requests: requests.length, estimated_cost_usd: totalCostUsd },
    };
  });
}

/** Formats the cost estimate as a markdown table. */
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
