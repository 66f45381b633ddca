/**
 * Test helper: everything the SageMaker study run talks to, on this machine — SageMaker and its runtime as
 * scripted state machines (`FakeSageMaker` on `aws-sdk-client-mock`), S3 as `npm:s3rver`, the Hugging Face
 * hub as a local server holding the seed space's five base models (tiny files), and a subset corpus.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { stageModel } from "../../lib/cloud/mod.ts";
import { type PipelineConfig, resolveConfig } from "../../lib/pipeline/config.ts";
import type { SageMakerStudyOptions } from "../../lib/pipeline/mod.ts";
import { SEED_MODEL_NAMES } from "../../lib/tune/space.ts";
import { type AwsCommandCall, recordSentCommands } from "../cloud/_aws_calls.ts";
import { BUCKET, KMS_KEY, REGION, ROLE_ARN } from "../cloud/_fixtures.ts";
import { fakeBytes, type LocalHub, startLocalHub } from "../cloud/_local_hub.ts";
import { type LocalS3, startLocalS3 } from "../cloud/_s3rver.ts";
import { FakeSageMaker, type FakeSageMakerScript } from "../cloud/_sagemaker_state_machine.ts";
import { writeSubsetCorpus } from "./_subset_corpus.ts";

/** The local stand-ins of one test. */
export interface SageMakerWorld {
  /** Temporary folder (corpus, run outputs, hub cache). */
  dir: string;
  /** The study's configuration (bucket, role and key of the fake account). */
  config: PipelineConfig;
  /** SageMaker and its runtime. */
  fake: FakeSageMaker;
  /** Local S3. */
  s3: LocalS3;
  /** Local hub. */
  hub: LocalHub;
  /** Every command the S3 client sent (for the service-model check). */
  sentToS3: AwsCommandCall[];
  /** The options of `runSageMakerStudy` for this world (clients, fast polls, local hub). */
  options(overrides?: Partial<SageMakerStudyOptions>): SageMakerStudyOptions;
  /** Keys under a prefix of the bucket. */
  keys(prefix: string): Promise<string[]>;
  /** Stops everything and removes the folder. */
  close(): Promise<void>;
}

/**
 * Starts the world.
 * @param script what SageMaker's tuning jobs and endpoints do
 * @param setup base models already staged, and config overrides
 * @returns the world
 */
export async function startSageMakerWorld(
  script: FakeSageMakerScript,
  setup: { preStaged?: readonly string[]; config?: Record<string, Record<string, unknown>> } = {},
): Promise<SageMakerWorld> {
  const dir = await Deno.makeTempDir({ prefix: "ade-sm-world-" });
  const corpus = await writeSubsetCorpus(dir, 120);
  const hub = startLocalHub(Object.fromEntries(
    SEED_MODEL_NAMES.map((id, i) => [id, {
      commit: String(i + 1).repeat(40),
      files: {
        "config.json": new TextEncoder().encode(
          JSON.stringify({ architectures: ["BertForMaskedLM"], model_type: "bert" }),
        ),
        "vocab.txt": new TextEncoder().encode("[PAD]\n[UNK]\n[CLS]\n[SEP]\nrash\n"),
        "model.safetensors": fakeBytes(2048, i + 1),
      },
    }]),
  ));
  const s3 = await startLocalS3([BUCKET]);
  const sagemaker = new SageMakerClient({
    region: REGION,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const runtime = new SageMakerRuntimeClient({
    region: REGION,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const fake = new FakeSageMaker(script, { sagemaker, runtime });
  const cacheDir = `${dir}/hub-cache`;
  for (const model of setup.preStaged ?? []) {
    await stageModel({
      model,
      bucket: BUCKET,
      kmsKeyId: KMS_KEY,
      hubUrl: hub.url,
      s3: s3.client,
      cacheDir,
      log: () => {},
      quiet: true,
    });
  }
  hub.requests.length = 0;
  const sentToS3 = recordSentCommands(s3.client);
  const base: Record<string, Record<string, unknown>> = {
    data: { source: corpus },
    tune: { strategy: "bayesian", max_trials: 3, parallel: 2 },
    sagemaker: { region: REGION, role_arn: ROLE_ARN, bucket: BUCKET, kms_key_id: KMS_KEY },
  };
  for (const [section, values] of Object.entries(setup.config ?? {})) {
    base[section] = { ...base[section], ...(values as Record<string, unknown>) };
  }
  const config = resolveConfig(base, "test config");
  return {
    dir,
    config,
    fake,
    s3,
    hub,
    sentToS3,
    options(overrides = {}) {
      return {
        config,
        outDir: `${dir}/run`,
        runId: "study-e2e-1",
        log: () => {},
        quiet: true,
        clients: { sagemaker, s3: s3.client, runtime },
        pollSeconds: 0.001,
        endpointWait: { initialDelayMs: 1, maxDelayMs: 1 },
        hub: { hubUrl: hub.url, cacheDir },
        ...overrides,
      };
    },
    async keys(prefix) {
      const page = await s3.client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
      );
      return (page.Contents ?? []).map((object) => object.Key!).sort();
    },
    async close() {
      fake.restore();
      sagemaker.destroy();
      runtime.destroy();
      await s3.close();
      await hub.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
