/**
 * `ade generator up|down`: the Falcon (TGI) generator endpoint on SageMaker — created with KMS, tags and
 * network isolation, recorded in the store, and deleted again (also by `ade cleanup --run-id`).
 * @module
 */
import { buildGeneratorPlan, formatHourlyCost, generatorDown } from "../../cloud/mod.ts";
import { recordGeneratorUp } from "../../pipeline/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { STORE_FLAG } from "../args.ts";
import { defineVerb, defineVerbGroup } from "../define_verb.ts";
import {
  awsFlags,
  awsOptionsFrom,
  DRY_RUN_FLAG,
  ENDPOINT_WAIT_FLAG,
  NEW_RUN_RECORDING_FLAGS,
  runIdFrom,
  runIdOrNewFrom,
  storePathFrom,
  writeDryRun,
} from "../flag_sets.ts";

const up = defineVerb({
  name: "generator up",
  summary: "create the generator endpoint (or write its plan with --dry-run)",
  usage: "--model HUB_ID|S3_URI --endpoint-name NAME --role-arn ARN --bucket B --kms-key-id K",
  flags: {
    model: {
      type: "string",
      description:
        "tiiuae/falcon-7b-instruct | tiiuae/falcon-40b-instruct | <hub id> | s3://… of staged weights",
    },
    "endpoint-name": { type: "string", description: "endpoint name (≤ 63)" },
    ...awsFlags({
      bucket: "bucket with the staged weights (ade/generator-weights/<hub id>/)",
      "kms-key-id": "KMS key (endpoint volume unless the instance has NVMe)",
    }),
    "instance-type": {
      type: "string",
      description: "GPU instance (default ml.g5.2xlarge for 7B, ml.g5.12xlarge for 40B)",
    },
    "hub-url": {
      type: "string",
      description: "hub to stage missing weights from (default $HF_ENDPOINT or huggingface.co)",
    },
    ...ENDPOINT_WAIT_FLAG,
    ...DRY_RUN_FLAG,
    out: { type: "string", description: "output folder (default runs/<run-id>/generator)" },
    ...NEW_RUN_RECORDING_FLAGS,
  },
  async run(flags) {
    const runId = runIdOrNewFrom(flags);
    const storePath = storePathFrom(flags);
    const options = {
      model: flags.required("model"),
      endpointName: flags.required("endpoint-name"),
      ...awsOptionsFrom(flags),
      runId,
      instanceType: flags.string("instance-type"),
    };
    const timeoutMs = flags.number("timeout-minutes", 60) * 60_000;
    if (flags.boolean("dry-run")) {
      const plan = buildGeneratorPlan(options);
      const outDir = flags.string("out", `runs/${runId}/generator`);
      for (const note of plan.notes) console.error(`note: ${note}`);
      console.log(`cost: ${formatHourlyCost(plan.instanceType, 1)} while the endpoint runs`);
      return await recordRun(storePath, {
        kind: "generator",
        runId,
        name: "dry-run",
        params: {
          model: options.model,
          endpointName: plan.endpointName,
          instanceType: plan.instanceType,
        },
      }, () => writeDryRun(outDir, plan.requests));
    }
    // Weights not yet staged are staged first, by the code of `ade stage-model`.
    const plan = await recordGeneratorUp({
      ...options,
      wait: { timeoutMs },
      stageWeights: true,
      hubUrl: flags.string("hub-url"),
    }, { storePath, runId });
    console.log(
      `generator ${plan.endpointName} is InService (${plan.instanceType}, ${
        formatHourlyCost(plan.instanceType, 1)
      }); take it down with: deno task ade generator down --endpoint-name ${plan.endpointName}`,
    );
    return 0;
  },
});

const down = defineVerb({
  name: "generator down",
  summary: "delete the generator endpoint, its config and model",
  usage: "--endpoint-name NAME [--region R]",
  flags: {
    "endpoint-name": { type: "string", description: "the generator endpoint to delete" },
    region: { type: "string", description: "AWS region (default $AWS_REGION or us-east-1)" },
    ...STORE_FLAG,
    "run-id": { type: "string", description: "study run id to record the deletion under" },
  },
  async run(flags) {
    const endpointName = flags.required("endpoint-name");
    const storePath = storePathFrom(flags);
    const report = await recordRun(storePath, {
      kind: "generator",
      runId: runIdFrom(flags),
      name: "down",
      params: { endpointName },
    }, async ({ store, resources }) => ({
      value: await generatorDown({
        endpointName,
        region: flags.string("region"),
        // What is deleted leaves every record that holds it (it was recorded by the up run).
        resources: { ...resources, removed: (type, name) => store.forgetResource(type, name) },
      }),
    }));
    for (const label of report.deleted) console.log(`deleted       ${label}`);
    for (const label of report.alreadyGone) console.log(`already gone  ${label}`);
    return 0;
  },
});

const verb = defineVerbGroup(
  "generator",
  "create (up) or delete (down) the Falcon generator endpoint on SageMaker",
  { up, down },
);

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args `up …` or `down …`
 * @returns exit code
 * @throws {UsageError} bad sub-command or flags; {@link PreflightError} when the plan breaks a rule
 */
export const run = verb.run;
