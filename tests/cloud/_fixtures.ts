/** Shared test values (fake account, role and key: nothing here reaches AWS). */
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";

export const ROLE_ARN = "arn:aws:iam::123456789012:role/ade-sagemaker";
export const KMS_KEY =
  "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const BUCKET = "ade-test-bucket";
export const REGION = "us-east-1";
/** ARN of a SageMaker resource in the fake account. */
export function arnOf(kind: string, name: string): string {
  return `arn:aws:sagemaker:${REGION}:123456789012:${kind}/${name}`;
}
/** A sleep that returns at once (waiter tests). */
export const noSleep = (_ms: number) => Promise.resolve();

/** An error shaped like the SDK's for a resource that does not exist. */
export function notFound(what: string): Error {
  return Object.assign(new Error(`Could not find ${what}.`), { name: "ValidationException" });
}

/** Names of the commands a mocked client received, in order. */
export function commandNames(calls: Array<{ args: readonly unknown[] }>): string[] {
  return calls.map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);
}

/** A mocked GetObject answer holding a `stageModel` marker: the model's weights are completely staged. */
export function stagedMarker(hubId: string): GetObjectCommandOutput {
  const manifest = {
    format: 1,
    hub_id: hubId,
    commit: "0".repeat(40),
    files: [{ path: "config.json" }],
  };
  return {
    $metadata: {},
    Body: { transformToString: () => Promise.resolve(JSON.stringify(manifest)) } as never,
  };
}

/** Runs `work` with console.log and console.error silenced (verbs print summaries). */
export async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = () => {};
  console.error = () => {};
  try {
    return await work();
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Options of a Batch Transform plan (a named model, one input file, output under the run). */
export const TRANSFORM_PLAN_OPTIONS = {
  model: "ade-ep-r1-model",
  inputUri: `s3://${BUCKET}/ade/inbox/sentences.jsonl`,
  outputUri: `s3://${BUCKET}/ade/r1/scored/`,
  roleArn: ROLE_ARN,
  bucket: BUCKET,
  kmsKeyId: KMS_KEY,
  runId: "r1",
  region: REGION,
} as const;
