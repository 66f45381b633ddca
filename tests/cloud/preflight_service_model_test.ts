/**
 * Our preflight against AWS's service model: the rules the model also encodes (names, role ARNs, KMS keys,
 * instance types) must give the same verdict, and every instance type the project names must exist.
 */
import assert from "node:assert/strict";
import {
  checkInstanceType,
  checkKmsKey,
  checkName,
  checkRoleArn,
  GPUS_PER_INSTANCE,
  RESOURCE_NAME_PATTERN,
  TUNING_JOB_NAME_PATTERN,
} from "../../lib/cloud/mod.ts";
import { DEFAULT_DEPLOY_INSTANCE_TYPE } from "../../lib/cloud/deployment_plan.ts";
import { GENERATOR_DEFAULTS } from "../../lib/cloud/generator_plan.ts";
import { HOURLY_PRICE_USD } from "../../lib/cloud/prices.ts";
import { MODEL_NAME_PATTERN } from "../../lib/cloud/preflight.ts";
import { DEFAULT_TUNING_INSTANCE_TYPE } from "../../lib/tune/tuning_job_request.ts";
import { DEFAULT_CONFIG } from "../../lib/pipeline/config.ts";
import { loadServiceModel, sageMakerInstanceTypes, validateShape } from "./_aws_service_model.ts";

Deno.test("checkInstanceType() gives the service model's verdict for every purpose, p6 types included", async () => {
  const purposes = ["training", "hosting", "transform", "processing"] as const;
  const everyType = new Set<string>();
  const enums = new Map<string, Set<string>>();
  for (const purpose of purposes) {
    const valid = new Set(await sageMakerInstanceTypes(purpose));
    enums.set(purpose, valid);
    for (const type of valid) everyType.add(type);
  }
  const madeUp = ["ml.g5.2xlarg", "ml.m5.huge", "ml.zz9.xlarge", "g5.2xlarge", "ml.g5", ""];
  for (const purpose of purposes) {
    const valid = enums.get(purpose)!;
    const disagreeing = [...everyType, ...madeUp].filter((type) =>
      (checkInstanceType("InstanceType", type, purpose).length === 0) !== valid.has(type)
    );
    assert.deepEqual(disagreeing, [], `${purpose}: preflight and service model disagree`);
  }
  // Without a purpose, a type valid for any purpose passes and a made-up one does not.
  assert.deepEqual([...everyType].filter((t) => checkInstanceType("I", t).length > 0), []);
  assert.deepEqual(madeUp.filter((t) => checkInstanceType("I", t).length === 0), []);
  for (const type of ["ml.p6-b200.48xlarge", "ml.p6-b300.48xlarge", "ml.p6e-gb200.36xlarge"]) {
    assert.deepEqual(checkInstanceType("I", type, "training"), [], type);
  }
  const [typo] = checkInstanceType("ResourceConfig.InstanceType", "ml.g5.2xlarg", "training");
  assert.match(typo.rule, /did you mean ml\.g5\.2xlarge\?/);
  const [wrongPurpose] = checkInstanceType("I", "ml.t2.medium", "training");
  assert.match(wrongPurpose.rule, /exists for hosting/);
});

Deno.test("every instance type the project names exists in the service model for its purpose", async () => {
  const training = new Set(await sageMakerInstanceTypes("training"));
  const hosting = new Set(await sageMakerInstanceTypes("hosting"));
  const named: Array<[string, string, Set<string>]> = [
    ["DEFAULT_TUNING_INSTANCE_TYPE", DEFAULT_TUNING_INSTANCE_TYPE, training],
    [
      "config sagemaker.training_instance_type",
      DEFAULT_CONFIG.sagemaker.training_instance_type,
      training,
    ],
    [
      "config sagemaker.inference_instance_type",
      DEFAULT_CONFIG.sagemaker.inference_instance_type,
      hosting,
    ],
    ["DEFAULT_DEPLOY_INSTANCE_TYPE", DEFAULT_DEPLOY_INSTANCE_TYPE, hosting],
    ...Object.values(GENERATOR_DEFAULTS).map((d): [string, string, Set<string>] => [
      "GENERATOR_DEFAULTS",
      d.instanceType,
      hosting,
    ]),
    ...Object.keys(GPUS_PER_INSTANCE).map((type): [string, string, Set<string>] => [
      "GPUS_PER_INSTANCE",
      type,
      new Set([...training, ...hosting]),
    ]),
  ];
  for (const [where, type, valid] of named) assert.ok(valid.has(type), `${where}: ${type}`);
  for (const type of Object.keys(HOURLY_PRICE_USD)) {
    assert.ok(training.has(type) || hosting.has(type), `price table: ${type}`);
  }
});

Deno.test("the preflight's name, role and KMS rules give the service model's verdict", async () => {
  const model = await loadServiceModel("sagemaker");
  const modelAccepts = (shape: string, value: string) =>
    validateShape(model, shape, value, "x").length === 0;
  const names = [
    "a",
    "ade-r1",
    "a--b",
    "A1b2",
    "-a",
    "a-",
    "a_b",
    "a.b",
    "x".repeat(32),
    "x".repeat(33),
    "x".repeat(63),
    "x".repeat(64),
  ];
  const cases: Array<[string, (value: string) => boolean]> = [
    [
      "HyperParameterTuningJobName",
      (v) => checkName("n", v, 32, TUNING_JOB_NAME_PATTERN).length === 0,
    ],
    ["TrainingJobName", (v) => checkName("n", v, 63, RESOURCE_NAME_PATTERN).length === 0],
    ["EndpointName", (v) => checkName("n", v, 63, RESOURCE_NAME_PATTERN).length === 0],
    ["EndpointConfigName", (v) => checkName("n", v, 63, RESOURCE_NAME_PATTERN).length === 0],
    ["ModelName", (v) => checkName("n", v, 63, MODEL_NAME_PATTERN).length === 0],
  ];
  for (const [shape, preflightAccepts] of cases) {
    for (const name of names) {
      assert.equal(
        preflightAccepts(name),
        modelAccepts(shape, name),
        `${shape} ${JSON.stringify(name)}`,
      );
    }
  }
  for (
    const role of [
      "arn:aws:iam::123456789012:role/ade-sagemaker",
      "arn:aws-us-gov:iam::123456789012:role/path/ade",
      "arn:aws:iam::12345678901:role/short-account",
      "arn:aws:iam::123456789012:user/not-a-role",
      "arn:aws:iam::123456789012:role/bad name",
    ]
  ) {
    assert.equal(checkRoleArn("r", role).length === 0, modelAccepts("RoleArn", role), role);
  }
  // The model allows an empty KmsKeyId (meaning "none"); our preflight requires a key (HIPAA), by design.
  for (
    const key of [
      "alias/ade",
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "alias/with space",
      "x".repeat(2049),
    ]
  ) {
    assert.equal(checkKmsKey("k", key).length === 0, modelAccepts("KmsKeyId", key), key);
  }
  assert.ok(modelAccepts("KmsKeyId", "") && checkKmsKey("k", "").length > 0);
});
