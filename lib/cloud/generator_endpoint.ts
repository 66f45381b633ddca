/**
 * The generator endpoint's life cycle: {@link generatorUp} (create, report each resource, wait), {@link generatorDown}
 * (delete endpoint, config and model; idempotent) and {@link withGeneratorEndpoint} (up, work, always down —
 * also on failure and on Ctrl-C).
 */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListTagsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import type { ResourceSink } from "../track/mod.ts";
import { isNotFoundError } from "./_aws_errors.ts";
import { executePlannedRequests } from "./_execute_plan.ts";
import {
  buildGeneratorPlan,
  type GeneratorPlan,
  type GeneratorUpOptions,
} from "./generator_plan.ts";
import { formatHourlyCost } from "./prices.ts";
import { CREATOR_TAG_KEY } from "./requests.ts";
import { parseS3Uri } from "./s3.ts";
import {
  GENERATOR_WEIGHTS_PREFIX,
  readStagedModel,
  STAGED_MARKER_NAME,
  stageModel,
} from "./stage_model.ts";
import { waitForEndpointInService, type WaitForEndpointOptions } from "./wait_for_endpoint.ts";
import { awsRegion } from "./_aws_region.ts";

/** Clients, resource sink and waiter settings shared by up and down. */
export interface GeneratorRuntimeOptions {
  /** SageMaker client (default: one for the region). */
  client?: SageMakerClient;
  /** S3 client used to check that the weights are staged (default: one for the region). */
  s3Client?: S3Client;
  /**
   * Where each created resource (model, endpoint config, endpoint) is reported the moment it exists,
   * and each deleted (or already gone) one is removed: the run's record, so that `cleanup` finds them.
   */
  resources?: ResourceSink;
  /** Waiter settings. */
  wait?: WaitForEndpointOptions;
  /** Check that the staged weights exist before creating anything (default true). */
  checkWeights?: boolean;
  /**
   * Stage a hub model's weights with `stageModel` when they are not (completely) staged, instead of
   * refusing (default false; `generator up` on the command line stages).
   */
  stageWeights?: boolean;
  /** Hub base URL for staging (default `$HF_ENDPOINT`, else https://huggingface.co). */
  hubUrl?: string;
  /** Where messages go (default stderr). */
  log?: (line: string) => void;
}

/**
 * Creates the generator endpoint from {@link buildGeneratorPlan}: shows the hourly cost estimate, checks the
 * staged weights, sends CreateModel / CreateEndpointConfig / CreateEndpoint (each resource reported to
 * `options.resources` as soon as it exists) and waits for `InService`. `recordGeneratorUp` of `pipeline`
 * records it as a `generator` run.
 * @param options plan options plus clients, resource sink and waiter
 * @returns the plan that was executed
 * @throws {PreflightError} for a bad plan; {@link AdeError} when weights are missing or the endpoint fails
 * @example With a stand-in client that accepts every request (pass none to use a real one for the region)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * const client = {
 *   send: (command: object) =>
 *     Promise.resolve(command.constructor.name === "DescribeEndpointCommand" ? { EndpointStatus: "InService" } : {}),
 * } as unknown as SageMakerClient;
 * const lines: string[] = [];
 * const plan = await generatorUp({
 *   model: "tiiuae/falcon-7b-instruct", endpointName: "ade-falcon", roleArn: "arn:aws:iam::123456789012:role/ade",
 *   bucket: "my-ade-bucket", kmsKeyId: "alias/ade", runId: "r1",
 *   client, checkWeights: false, wait: { onProgress: () => {} }, log: (line) => lines.push(line),
 * });
 * assert.deepEqual(plan.requests.map((r) => r.operation), ["CreateModel", "CreateEndpointConfig", "CreateEndpoint"]);
 * assert.match(lines[0], /^generator ade-falcon: \$[0-9.]+\/h for 1 × ml.g5.2xlarge/);
 * ```
 */
export async function generatorUp(
  options: GeneratorUpOptions & GeneratorRuntimeOptions,
): Promise<GeneratorPlan> {
  const log = options.log ?? ((line: string) => console.error(line));
  const plan = buildGeneratorPlan(options);
  log(`generator ${plan.endpointName}: ${formatHourlyCost(plan.instanceType, 1)} while it runs`);
  for (const note of plan.notes) log(`note: ${note}`);
  const client = options.client ?? new SageMakerClient({ region: plan.region });
  if (options.checkWeights ?? true) {
    const s3 = options.s3Client ?? new S3Client({ region: plan.region });
    if (options.model.startsWith("s3://")) await _assertWeightsStaged(s3, plan);
    else await _ensureHubWeightsStaged(s3, plan, options, log);
  }
  await executePlannedRequests(plan.requests, {
    sagemaker: client,
    region: plan.region,
    resources: options.resources,
  });
  await waitForEndpointInService(client, plan.endpointName, options.wait ?? {});
  return plan;
}

/** What {@link generatorDown} did, per resource. */
export interface GeneratorDownReport {
  /** Resources deleted now (`endpoint:<name>`, `endpoint-config:<name>`, `model:<name>`). */
  deleted: string[];
  /** Resources that were already gone. */
  alreadyGone: string[];
}

/**
 * Deletes the generator endpoint, its config and its model (names read from SageMaker, falling back to
 * `<endpoint>-config` / `<endpoint>-model`). Idempotent: what is already gone counts as done. Refuses an
 * endpoint that does not carry this toolkit's tag. Each deleted or already gone resource is removed from
 * `options.resources`.
 * @param options endpoint name, region, client, resource sink
 * @returns what was deleted and what was already gone
 * @throws {AdeError} when the endpoint was not created by this toolkit; other SDK errors pass through
 * @example With a stand-in client where nothing exists any more: everything counts as already gone
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * const client = {
 *   send: () => Promise.reject(Object.assign(new Error("Could not find endpoint"), { name: "ValidationException" })),
 * } as unknown as SageMakerClient;
 * const report = await generatorDown({ endpointName: "ade-falcon", client });
 * assert.deepEqual(report.deleted, []);
 * assert.deepEqual(report.alreadyGone, ["endpoint:ade-falcon", "endpoint-config:ade-falcon-config", "model:ade-falcon-model"]);
 * ```
 */
export async function generatorDown(
  options: {
    endpointName: string;
    region?: string;
    client?: SageMakerClient;
    resources?: ResourceSink;
  },
): Promise<GeneratorDownReport> {
  const client = options.client ??
    new SageMakerClient({ region: awsRegion(options.region) });
  const report: GeneratorDownReport = { deleted: [], alreadyGone: [] };
  let configName = `${options.endpointName}-config`;
  let modelNames = [`${options.endpointName}-model`];
  const endpoint = await _ignoreNotFound(() =>
    client.send(new DescribeEndpointCommand({ EndpointName: options.endpointName }))
  );
  if (endpoint) {
    if (endpoint.EndpointArn) {
      const tags = await client.send(new ListTagsCommand({ ResourceArn: endpoint.EndpointArn }));
      if (!tags.Tags?.some((tag) => tag.Key === CREATOR_TAG_KEY)) {
        throw new AdeError(
          `endpoint ${options.endpointName} does not carry the ${CREATOR_TAG_KEY} tag: not created by ` +
            "this toolkit, so it is left alone",
        );
      }
    }
    configName = endpoint.EndpointConfigName ?? configName;
  }
  const config = await _ignoreNotFound(() =>
    client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }))
  );
  const variantModels = config?.ProductionVariants?.map((v) => v.ModelName).filter((
    m,
  ): m is string => !!m);
  if (variantModels && variantModels.length > 0) modelNames = variantModels;

  const steps: Array<[string, () => Promise<unknown>]> = [
    [
      `endpoint:${options.endpointName}`,
      () => client.send(new DeleteEndpointCommand({ EndpointName: options.endpointName })),
    ],
    [
      `endpoint-config:${configName}`,
      () => client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: configName })),
    ],
    ...modelNames.map((name): [string, () => Promise<unknown>] => [
      `model:${name}`,
      () => client.send(new DeleteModelCommand({ ModelName: name })),
    ]),
  ];
  for (const [label, remove] of steps) {
    try {
      await remove();
      report.deleted.push(label);
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
      report.alreadyGone.push(label);
    }
  }
  for (const label of [...report.deleted, ...report.alreadyGone]) {
    const colon = label.indexOf(":");
    options.resources?.removed(label.slice(0, colon), label.slice(colon + 1));
  }
  return report;
}

/**
 * Creates the generator endpoint, runs `work` with its name, and always takes it down afterwards — when
 * `work` succeeds, when it throws, when creation fails half-way, and on Ctrl-C (SIGINT: down, then exit 130).
 * @param options plan options plus clients, resource sink, waiter and how to bring it up
 * @param work what to do with the endpoint (e.g. augmentation)
 * @returns what `work` returned
 * @throws what `work` or creation threw (after the endpoint was taken down)
 * @example With a stand-in client that accepts every request (pass none to create a real endpoint)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * const client = {
 *   send: (command: object) =>
 *     Promise.resolve(command.constructor.name === "DescribeEndpointCommand" ? { EndpointStatus: "InService" } : {}),
 * } as unknown as SageMakerClient;
 * const lines: string[] = [];
 * const options = {
 *   model: "tiiuae/falcon-7b-instruct", endpointName: "ade-falcon", roleArn: "arn:aws:iam::123456789012:role/ade",
 *   bucket: "my-ade-bucket", kmsKeyId: "alias/ade", runId: "r1",
 *   client, checkWeights: false, wait: { onProgress: () => {} }, log: (line: string) => lines.push(line),
 * };
 * const answer = await withGeneratorEndpoint(options, (endpointName) => Promise.resolve(`used ${endpointName}`));
 * assert.equal(answer, "used ade-falcon");
 * assert.equal(lines.at(-1), "generator ade-falcon down: deleted 3, already gone 0");
 * ```
 */
export async function withGeneratorEndpoint<T>(
  options: GeneratorUpOptions & GeneratorRuntimeOptions & {
    /** Brings the endpoint up (default {@link generatorUp}; `pipeline` passes a recorded one). */
    up?: (options: GeneratorUpOptions & GeneratorRuntimeOptions) => Promise<GeneratorPlan>;
  },
  work: (endpointName: string) => Promise<T>,
): Promise<T> {
  const log = options.log ?? ((line: string) => console.error(line));
  const region = awsRegion(options.region);
  const client = options.client ?? new SageMakerClient({ region });
  let down: Promise<GeneratorDownReport> | undefined;
  const takeDown = () =>
    down ??= generatorDown({
      endpointName: options.endpointName,
      region,
      client,
      resources: options.resources,
    });
  const onInterrupt = () => {
    log(`interrupted: taking generator ${options.endpointName} down before exiting`);
    takeDown().catch((error) => log(`generator down failed: ${(error as Error).message}`))
      .finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  let failed = false;
  try {
    const { up, ...upOptions } = options;
    await (up ?? generatorUp)({ ...upOptions, client });
    return await work(options.endpointName);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    try {
      const report = await takeDown();
      log(
        `generator ${options.endpointName} down: deleted ${report.deleted.length}, ` +
          `already gone ${report.alreadyGone.length}`,
      );
    } catch (error) {
      log(
        `generator down failed: ${
          (error as Error).message
        } — run \`deno task ade cleanup --run-id ` +
          `${options.runId}\``,
      );
      // deno-lint-ignore no-unsafe-finally
      if (!failed) throw error;
    }
  }
}

async function _ignoreNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

/**
 * A hub model's weights must be completely staged (the `stageModel` marker exists) under
 * `ade/generator-weights/<hub id>/`; with `stageWeights` they are staged now, by the same code as
 * `deno task ade stage-model`.
 */
async function _ensureHubWeightsStaged(
  s3: S3Client,
  plan: GeneratorPlan,
  options: GeneratorUpOptions & GeneratorRuntimeOptions,
  log: (line: string) => void,
): Promise<void> {
  const staged = await readStagedModel(s3, options.bucket, options.model, GENERATOR_WEIGHTS_PREFIX);
  if (staged) {
    log(`weights of ${options.model} staged at ${plan.weightsS3Uri} (commit ${staged.commit})`);
    return;
  }
  if (!options.stageWeights) {
    throw new AdeError(
      `no model weights at ${plan.weightsS3Uri} (no ${STAGED_MARKER_NAME}: not staged, or staging did ` +
        "not finish): with network isolation the endpoint cannot download them; stage them with " +
        `\`deno task ade stage-model --model ${options.model} --bucket ${options.bucket} --kms-key-id ` +
        `<key> --prefix ${GENERATOR_WEIGHTS_PREFIX}\`, or pass --model s3://…`,
    );
  }
  await stageModel({
    model: options.model,
    bucket: options.bucket,
    kmsKeyId: options.kmsKeyId,
    region: plan.region,
    prefix: GENERATOR_WEIGHTS_PREFIX,
    s3,
    hubUrl: options.hubUrl,
    log,
  });
}

async function _assertWeightsStaged(s3: S3Client, plan: GeneratorPlan): Promise<void> {
  const { bucket, key } = parseS3Uri(plan.weightsS3Uri);
  let found = false;
  try {
    if (key.endsWith(".tar.gz")) {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      found = true;
    } else {
      const listing = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }),
      );
      found = (listing.KeyCount ?? listing.Contents?.length ?? 0) > 0;
    }
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
  if (!found) {
    throw new AdeError(
      `no model weights at ${plan.weightsS3Uri}: with network isolation the endpoint cannot download ` +
        "them; stage them in S3 first (see the plan notes), or pass --model s3://…",
    );
  }
}
