// Test helper run as a subprocess by store_test.ts: writes many runs into one store as fast as it can.
import { ExperimentStore } from "../../lib/track/mod.ts";

const [storePath, writer, countText, startAtText] = Deno.args;
const count = Number(countText);
const store = await ExperimentStore.open(storePath);
// Both writers start at the same wall-clock moment, so that their writes really overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));
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
