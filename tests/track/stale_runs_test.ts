import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { staleRunError } from "../../lib/track/store.ts";

const STORE_MODULE = new URL("../../lib/track/mod.ts", import.meta.url).href;

/** Starts a process that records a run in `storePath`, says so on stdout, then waits (until killed). */
async function startRecordingChild(storePath: string) {
  const script = `
    import { recordRun } from ${JSON.stringify(STORE_MODULE)};
    await recordRun(${
    JSON.stringify(storePath)
  }, { kind: "train", name: "held" }, async (context) => {
      console.log("running " + context.recordId);
      await new Promise(() => setInterval(() => {}, 1000));
      return { value: undefined };
    });
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/running \S+\n/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`child ended before recording: ${seen}`);
    seen += value;
  }
  reader.releaseLock();
  const recordId = /running (\S+)\n/.exec(seen)![1];
  return {
    recordId,
    async kill() {
      child.kill("SIGKILL");
      await child.status;
      await child.stdout.cancel().catch(() => {});
    },
  };
}

Deno.test("ExperimentStore.open() marks a run left running by a killed process as failed (stale), not a live one's", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/store.sqlite`;
    const killed = await startRecordingChild(path);
    const live = await startRecordingChild(path);
    await killed.kill();
    let store = await ExperimentStore.open(path);
    const stale = store.getRun(killed.recordId)!;
    assert.equal(stale.status, "failed");
    assert.match(
      stale.error!,
      /^stale: the process that ran it \(pid \d+\) ended without finishing/,
    );
    assert.equal(stale.error, staleRunError(Number(/pid (\d+)/.exec(stale.error!)![1])));
    assert.ok(stale.endedAt);
    assert.equal(
      store.getRun(live.recordId)!.status,
      "running",
      "a live process's run is left alone",
    );
    store.close();
    await live.kill();
    store = await ExperimentStore.open(path);
    assert.equal(store.getRun(live.recordId)!.status, "failed");
    assert.deepEqual(await store.markStaleRuns(), [], "marking twice changes nothing");
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
