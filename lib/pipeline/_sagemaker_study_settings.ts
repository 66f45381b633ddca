/**
 * The SageMaker side of a study run, the same for the dry-run plan and the real run: resource names, the
 * search space, the staged-models location (the `models` channel) and the tuning settings.
 */
import {
  DEFAULT_MODELS_PREFIX,
  type DeploymentPlanOptions,
  parseS3Uri,
  runResourceName,
  s3Uri,
  stagedModelUri,
} from "../cloud/mod.ts";
import {
  loadSearchSpace,
  type SageMakerTuningSettings,
  type SearchSpace,
  type TuningStudyOptions,
} from "../tune/mod.ts";
import type { PipelineConfig } from "./config.ts";

/** A Hugging Face hub id (`org/name`). */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Names, space, models and tuning settings of one study run on SageMaker. */
export interface SageMakerStudySettings {
  /** Tuning job (≤ 32 characters, hashed when the prefix and run id are longer). */
  tuningJobName: string;
  /** Classifier endpoint. */
  endpointName: string;
  /** The search space (`seed`: the reference study's). */
  space: SearchSpace;
  /** `s3://bucket/prefix/` of the staged models: the `models` channel. */
  modelsS3Uri: string;
  /** Its bucket and key prefix. */
  models: { bucket: string; prefix: string };
  /** The hub ids the jobs may load (`model_name` values), each staged under `modelsS3Uri`. */
  hubIds: string[];
  /** The tuning executor's / planner's settings. */
  tuning: SageMakerTuningSettings;
}

/**
 * The SageMaker settings of a study run.
 * @param config the pipeline configuration
 * @param runId the study run id
 * @returns names, space, models location and tuning settings
 */
export async function sageMakerStudySettings(
  config: PipelineConfig,
  runId: string,
): Promise<SageMakerStudySettings> {
  const sm = config.sagemaker;
  const modelsS3Uri = sm.models_s3_uri || s3Uri(sm.bucket, DEFAULT_MODELS_PREFIX);
  const { bucket, key } = parseS3Uri(modelsS3Uri);
  const space = await loadSearchSpace("seed");
  const hubIds = space.parameters
    .filter((parameter) => parameter.name === "model_name" && parameter.type === "categorical")
    .flatMap((parameter) => parameter.type === "categorical" ? parameter.values : [])
    .map(String)
    .filter((value) => HUB_ID.test(value));
  const tuningJobName = runResourceName(sm.job_name_prefix, runId, 32);
  return {
    tuningJobName,
    endpointName: runResourceName("ade-ep", runId, 63),
    space,
    modelsS3Uri,
    models: { bucket, prefix: key },
    hubIds,
    tuning: {
      jobName: tuningJobName,
      roleArn: sm.role_arn,
      bucket: sm.bucket,
      kmsKeyId: sm.kms_key_id,
      region: sm.region,
      instanceType: sm.training_instance_type,
      modelsS3Uri,
    },
  };
}

/**
 * Where each hub id of the study is staged.
 * @param settings the study's SageMaker settings
 * @returns hub id → `s3://…/<hub id>/`
 */
export function stagedModelLocations(settings: SageMakerStudySettings): Record<string, string> {
  return Object.fromEntries(
    settings.hubIds.map((
      hubId,
    ) => [hubId, stagedModelUri(settings.models.bucket, hubId, settings.models.prefix)]),
  );
}

/**
 * The deployment of the study's model: the configured endpoint, role, bucket, key, region and instance.
 * @param config the pipeline configuration
 * @param settings the study's SageMaker settings (the endpoint name)
 * @param runId the study run id (tags)
 * @param modelSource the model artifact (the tuning job's best, or a dry run's stand-in)
 * @returns the options of `buildDeploymentPlan`
 */
export function studyDeploymentOptions(
  config: PipelineConfig,
  settings: SageMakerStudySettings,
  runId: string,
  modelSource: string,
): DeploymentPlanOptions {
  const sm = config.sagemaker;
  return {
    modelSource,
    endpointName: settings.endpointName,
    roleArn: sm.role_arn,
    bucket: sm.bucket,
    kmsKeyId: sm.kms_key_id,
    runId,
    region: sm.region,
    instanceType: sm.inference_instance_type,
  };
}

/** The options of the study's tuning that the plan and the run share. */
export type StudyTuningOptions = Pick<
  TuningStudyOptions,
  "trainPath" | "outDir" | "space" | "strategy" | "maxTrials" | "parallel" | "seed" | "runId"
>;

/**
 * The study's tuning on SageMaker: the study's space, and the configured strategy, budget, parallelism
 * and seed.
 * @param config the pipeline configuration
 * @param settings the study's SageMaker settings (the space)
 * @param runId the study run id
 * @param trainPath the training file
 * @param outDir the tuning folder
 * @returns the options `planSageMakerTuning` and `runTuningStudy` take
 */
export function studyTuningOptions(
  config: PipelineConfig,
  settings: SageMakerStudySettings,
  runId: string,
  trainPath: string,
  outDir: string,
): StudyTuningOptions {
  return {
    trainPath,
    outDir,
    space: settings.space,
    strategy: config.tune.strategy,
    maxTrials: config.tune.max_trials,
    parallel: config.tune.parallel,
    seed: config.seed,
    runId,
  };
}
