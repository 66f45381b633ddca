/** `ade invoke`: send texts to a local endpoint (URL) or a SageMaker endpoint (name) and print predictions. */
import {
  flagHelp,
  HELP_FLAG,
  optionalString,
  parseFlags,
  STORE_FLAG,
  stringList,
} from "../args.ts";
import type { FlagSpec } from "../args.ts";
import { UsageError } from "../../core/errors.ts";
import {
  INVOCATION_CONTENT_TYPES,
  type InvocationContentType,
  invokeEndpoint,
} from "../../serve/mod.ts";
import { defaultStorePath, recordRun } from "../../track/mod.ts";

/** One-line summary for help. */
export const summary = "call an endpoint (local URL or SageMaker name) and print the predictions";

const FLAGS: Record<string, FlagSpec> = {
  endpoint: {
    type: "string",
    description: "http(s)://host:port of `ade serve`, or a SageMaker endpoint name",
  },
  text: { type: "string", multiple: true, description: "text to classify" },
  "content-type": {
    type: "string",
    description: "application/json (default), text/csv or text/plain",
  },
  token: {
    type: "string",
    description: "bearer token of a local endpoint (or env ADE_SERVE_TOKEN)",
  },
  region: {
    type: "string",
    description: "AWS region of a SageMaker endpoint (default: AWS_REGION)",
  },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (or env ADE_RUN_ID)" },
  ...HELP_FLAG,
};

/**
 * Runs the verb: prints the predictions as JSON and records a `predict` run named `invoke` (counts and
 * latency only, never the texts).
 * @param args arguments after `invoke`
 * @returns exit code
 * @throws {UsageError} on bad flags
 * @example await run(["--endpoint", "http://127.0.0.1:8080", "--text", "Rash after penicillin."]);
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("invoke", args, FLAGS);
  if (flags.help) {
    console.log(
      `usage: deno task ade invoke --endpoint URL|NAME --text "..." [flags]\n${flagHelp(FLAGS)}`,
    );
    return 0;
  }
  const endpoint = optionalString(flags, "endpoint");
  if (!endpoint) throw new UsageError("invoke: --endpoint is required");
  const texts = stringList(flags, "text");
  if (texts.length === 0) throw new UsageError("invoke: give at least one --text");
  const contentType = optionalString(flags, "content-type", "application/json")!;
  if (!(INVOCATION_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    throw new UsageError(
      `invoke: --content-type must be one of ${INVOCATION_CONTENT_TYPES.join(", ")}`,
    );
  }
  if (contentType === "text/plain" && texts.length > 1) {
    throw new UsageError("invoke: text/plain carries one text; use application/json or text/csv");
  }
  const result = await recordRun(
    optionalString(flags, "store") ?? defaultStorePath(),
    {
      kind: "predict",
      name: "invoke",
      runId: optionalString(flags, "run-id") ?? Deno.env.get("ADE_RUN_ID"),
      params: { endpoint, content_type: contentType, texts: texts.length },
    },
    async () => {
      const outcome = await invokeEndpoint({
        endpoint,
        texts,
        contentType: contentType as InvocationContentType,
        token: optionalString(flags, "token") ?? Deno.env.get("ADE_SERVE_TOKEN"),
        region: optionalString(flags, "region"),
      });
      return {
        value: outcome,
        metrics: { latency_ms: outcome.latencyMs, backend: outcome.backend },
      };
    },
  );
  console.log(JSON.stringify(result.predictions, null, 2));
  return 0;
}
