/**
 * Test fixture: `serveModel` with the fake predictor, as a separate process, so a test can send it
 * SIGTERM. Usage: `deno run -A _serve_fixture.ts MODEL_DIR STORE_PATH RUN_ID`. Prints the URL on stdout.
 */
import { serveModel } from "../../lib/serve/mod.ts";
import { createFakePredictor } from "./_fake_predictor.ts";

const [modelDir, storePath, runId] = Deno.args;
await serveModel({
  modelDir,
  storePath,
  runId,
  port: 0,
  loadPredictor: () => Promise.resolve(createFakePredictor()),
  onReady: (url) => console.log(`listening on ${url}`),
});
console.log("stopped");
Deno.exit(0);
