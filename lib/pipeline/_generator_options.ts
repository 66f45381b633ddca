/** The pipeline's Falcon generator endpoint, the same for the local run and the SageMaker plan. */
import { type GeneratorUpOptions, runResourceName } from "../cloud/mod.ts";
import type { PipelineConfig } from "./config.ts";

/**
 * The generator endpoint of a study run: the configured model on the configured instance, named after the
 * run, with the study's role, bucket and KMS key.
 * @param config the pipeline configuration
 * @param runId the study run id
 * @returns the options of `buildGeneratorPlan` / `withGeneratorEndpoint`
 */
export function generatorEndpointOptions(
  config: PipelineConfig,
  runId: string,
): GeneratorUpOptions {
  const sm = config.sagemaker;
  return {
    model: config.augment.generator_model,
    endpointName: runResourceName("ade-gen", runId, 63),
    roleArn: sm.role_arn,
    bucket: sm.bucket,
    kmsKeyId: sm.kms_key_id,
    runId,
    region: sm.region,
    instanceType: sm.generator_instance_type ?? undefined,
  };
}
