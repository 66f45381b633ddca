/** `ade serve`: serve a saved model on the SageMaker container contract (loopback by default). */
import { readModelMetadata } from "../../models/mod.ts";
import { recordModelEndpoint } from "../../pipeline/mod.ts";
import { serveModel } from "../../serve/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, recordingFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "serve",
  summary: "serve a model locally: GET /ping, POST /invocations (SageMaker contract)",
  usage: "--model DIR [--host 127.0.0.1] [--port 8080] [--token TOKEN]",
  flags: {
    model: { type: "string", description: "model folder written by train/evaluate (required)" },
    host: { type: "string", description: "interface to listen on (default 127.0.0.1)" },
    port: { type: "string", description: "port (default 8080; 0 = any free port)" },
    token: {
      type: "string",
      description: "require Authorization: Bearer TOKEN on /invocations (or env ADE_SERVE_TOKEN)",
    },
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    const port = flags.integer("port", 8080);
    if (port < 0 || port > 65535) throw flags.error("--port must be 0-65535");
    const token = flags.string("token") ?? Deno.env.get("ADE_SERVE_TOKEN");
    if (token !== undefined && token.length < 8) {
      throw flags.error("--token must have at least 8 characters");
    }
    const hostname = flags.string("host", "127.0.0.1");
    if (hostname !== "127.0.0.1" && hostname !== "localhost" && hostname !== "::1") {
      console.error(
        `ade serve: listening on ${hostname}, reachable from other machines${
          token ? "" : " without a token"
        }`,
      );
    }
    const modelDir = flags.required("model");
    await serveModel({
      modelDir,
      hostname,
      port,
      token,
      start: (options) => recordModelEndpoint(options, recordingFrom(flags)),
      onReady: (url) => {
        console.log(`listening on ${url} (POST ${url}/invocations, GET ${url}/ping)`);
        // The operating point the endpoint answers with (chosen at training, e.g. --target-recall).
        readModelMetadata(modelDir).then((metadata) =>
          console.error(
            `ade serve: Adverse_Event when score >= ${
              metadata.threshold.toFixed(4)
            } (${metadata.training.thresholdMethod})`,
          )
        ).catch(() => {});
      },
    });
    console.error("ade serve: stopped");
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb: serves until SIGTERM or SIGINT, then exits 0 after in-flight requests finish.
 * @param args arguments after `serve`
 * @returns exit code
 * @throws {UsageError} on bad flags
 * @example await run(["--model", "runs/models/baseline/model", "--port", "0"]);
 */
export const run = verb.run;
