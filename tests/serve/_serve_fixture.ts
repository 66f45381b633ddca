/**
 * Test fixture: `serveModel` with the fake predictor, as a separate process, so a test can send it
 * SIGTERM. Usage: `deno run -A _serve_fixture.ts MODEL_DIR STORE_PATH RUN_ID`. Prints the URL on stdout.
 */
import { recordModelEndpoint } from "../../lib/pipeline/mod.ts";
import { serveModel } from "../../lib/serve/mod.ts";
import { createFakePredictor } from "./_fake_predictor.ts";

const [modelDir, storePath, runId] = Deno.args;
await serveModel({
  modelDir,
  port: 0,
  start: (options) => recordModelEndpoint(options, { storePath, runId }),
  loadPredictor: () => Promise.resolve(createFakePredictor()),
  onReady: (url, endpoint) => {
    console.log(`listening on ${url}`);
    // After the first request (the test's /ping), say when one is being handled: the test sends SIGTERM then.
    const timer = setInterval(() => {
      if (endpoint.stats.inFlight > 0 && endpoint.stats.requests >= 1) {
        console.log("request in flight");
        clearInterval(timer);
      }
    }, 5);
  },
});
console.log("stopped");
Deno.exit(0);
