/** `ade invoke`: send texts to a local endpoint (URL) or a SageMaker endpoint (name) and print predictions. */
import {
  INVOCATION_CONTENT_TYPES,
  type InvocationContentType,
  invokeEndpoint,
} from "../../serve/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, runIdFrom, storePathFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "invoke",
  summary: "call an endpoint (local URL or SageMaker name) and print the predictions",
  usage: '--endpoint URL|NAME --text "..." [--text "..."] [--content-type TYPE]',
  flags: {
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
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    const endpoint = flags.required("endpoint");
    const texts = flags.list("text");
    if (texts.length === 0) throw flags.error("give at least one --text");
    const contentType: InvocationContentType = flags.choice(
      "content-type",
      INVOCATION_CONTENT_TYPES,
      "application/json",
    );
    if (contentType === "text/plain" && texts.length > 1) {
      throw flags.error("text/plain carries one text; use application/json or text/csv");
    }
    const result = await recordRun(
      storePathFrom(flags),
      {
        kind: "predict",
        name: "invoke",
        runId: runIdFrom(flags),
        params: { endpoint, content_type: contentType, texts: texts.length },
      },
      async () => {
        const outcome = await invokeEndpoint({
          endpoint,
          texts,
          contentType,
          token: flags.string("token") ?? Deno.env.get("ADE_SERVE_TOKEN"),
          region: flags.string("region"),
        });
        return {
          value: outcome,
          metrics: { latency_ms: outcome.latencyMs, backend: outcome.backend },
        };
      },
    );
    console.log(JSON.stringify(result.predictions, null, 2));
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb: prints the predictions as JSON and records a `predict` run named `invoke` (counts and
 * latency only, never the texts).
 * @param args arguments after `invoke`
 * @returns exit code
 * @throws {UsageError} on bad flags
 * @example await run(["--endpoint", "http://127.0.0.1:8080", "--text", "Rash after penicillin."]);
 */
export const run = verb.run;
