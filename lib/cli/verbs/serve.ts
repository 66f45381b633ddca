/** `ade serve`: serve a saved model on the SageMaker container contract (loopback by default). */
import {
  flagHelp,
  HELP_FLAG,
  numberFlag,
  optionalString,
  parseFlags,
  requireString,
  STORE_FLAG,
} from "../args.ts";
import type { FlagSpec } from "../args.ts";
import { UsageError } from "../../core/errors.ts";
import { serveModel } from "../../serve/mod.ts";
import { defaultStorePath } from "../../track/mod.ts";

/** One-line summary for help. */
export const summary = "serve a model locally: GET /ping, POST /invocations (SageMaker contract)";

const FLAGS: Record<string, FlagSpec> = {
  model: { type: "string", description: "model folder written by train/evaluate (required)" },
  host: { type: "string", description: "interface to listen on (default 127.0.0.1)" },
  port: { type: "string", description: "port (default 8080; 0 = any free port)" },
  token: {
    type: "string",
    description: "require Authorization: Bearer TOKEN on /invocations (or env ADE_SERVE_TOKEN)",
  },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (or env ADE_RUN_ID)" },
  ...HELP_FLAG,
};

/**
 * Runs the verb: serves until SIGTERM or SIGINT, then exits 0 after in-flight requests finish.
 * @param args arguments after `serve`
 * @returns exit code
 * @throws {UsageError} on bad flags
 * @example await run(["--model", "runs/models/baseline/model", "--port", "0"]);
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("serve", args, FLAGS);
  if (flags.help) {
    console.log(`usage: deno task ade serve --model DIR [flags]\n${flagHelp(FLAGS)}`);
    return 0;
  }
  const port = numberFlag("serve", flags, "port", 8080, true);
  if (port < 0 || port > 65535) throw new UsageError("serve: --port must be 0-65535");
  const token = optionalString(flags, "token") ?? Deno.env.get("ADE_SERVE_TOKEN");
  if (token !== undefined && token.length < 8) {
    throw new UsageError("serve: --token must have at least 8 characters");
  }
  const hostname = optionalString(flags, "host", "127.0.0.1")!;
  if (hostname !== "127.0.0.1" && hostname !== "localhost" && hostname !== "::1") {
    console.error(
      `ade serve: listening on ${hostname}, reachable from other machines${
        token ? "" : " without a token"
      }`,
    );
  }
  await serveModel({
    modelDir: requireString("serve", flags, "model"),
    hostname,
    port,
    token,
    storePath: optionalString(flags, "store") ?? defaultStorePath(),
    runId: optionalString(flags, "run-id") ?? Deno.env.get("ADE_RUN_ID"),
    onReady: (url) => console.log(`listening on ${url} (POST ${url}/invocations, GET ${url}/ping)`),
  });
  console.error("ade serve: stopped");
  return 0;
}
