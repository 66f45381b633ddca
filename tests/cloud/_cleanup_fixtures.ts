/** Test helpers for cleanup: a store holding a run's resources, objects in s3rver, a fake clock. */
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import type { CleanupWaitOptions } from "../../lib/cloud/mod.ts";
import { ExperimentStore, type RunResource } from "../../lib/track/mod.ts";
import { BUCKET, REGION } from "./_fixtures.ts";
import type { LocalS3 } from "./_s3rver.ts";

/** Records `resources` (region {@link REGION} unless given) under a finished `deploy` run of `runId`. */
export async function seedStore(
  path: string,
  resources: RunResource[],
  runId = "r1",
): Promise<string> {
  const store = await ExperimentStore.open(path);
  const recordId = store.startRun({ kind: "deploy", runId });
  for (const resource of resources) store.addResource(recordId, { region: REGION, ...resource });
  store.finishRun(recordId, { status: "completed" });
  store.close();
  return recordId;
}

/** Puts a one-byte object at each key of {@link BUCKET}. */
export async function putObjects(s3: LocalS3, keys: string[]): Promise<void> {
  for (const Key of keys) {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: new Uint8Array([1]) }));
  }
}

/** The keys under `prefix` in {@link BUCKET}, sorted. */
export async function listKeys(s3: LocalS3, prefix: string): Promise<string[]> {
  const page = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

/** Wait options with a fake clock: sleeping advances it, nothing really waits; sleeps and messages kept. */
export function fakeTime(
  timeoutMs = 60_000,
  pollMs = 15_000,
): CleanupWaitOptions & { sleeps: number[]; messages: string[] } {
  let time = 1_000_000;
  const sleeps: number[] = [];
  const messages: string[] = [];
  return {
    sleeps,
    messages,
    timeoutMs,
    pollMs,
    now: () => time,
    sleep: (ms) => {
      sleeps.push(ms);
      time += ms;
      return Promise.resolve();
    },
    onProgress: (message) => messages.push(message),
  };
}
