// Test helper run as a subprocess by store_test.ts: writes many runs into one store as fast as it can.
import { basename, dirname } from "node:path";
import { ExperimentStore } from "../../lib/track/mod.ts";

const [storePath, writer, countText, writersText] = Deno.args;
const count = Number(countText);
const store = await ExperimentStore.open(storePath);
// A barrier instead of a clock: each writer announces itself, then waits until every writer has, so that
// their writes overlap however slowly the processes start.
await Deno.writeTextFile(`${storePath}.ready-${writer}`, "");
const writers = Number(writersText);
for (;;) {
  let ready = 0;
  for await (const entry of Deno.readDir(dirname(storePath))) {
    if (entry.name.startsWith(`${basename(storePath)}.ready-`)) ready++;
  }
  if (ready >= writers) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
}
for (let index = 0; index < count; index++) {
  const id = store.startRun({
    kind: "tune-trial",
    runId: "concurrent-study",
    name: `${writer}-${index}`,
    params: { writer, index },
  });
  store.addResource(id, { type: "local-dir", name: `/tmp/${writer}/${index}` });
  store.finishRun(id, { status: "completed", metrics: { objective: index / count } });
}
store.close();
