/**
 * One step of bench/serve's request-path profile, as a server: `deno run -A _profile_server.ts VARIANT
 * MODEL_DIR` prints `listening on URL`. The variants add the endpoint's work one step at a time, on the
 * same `Deno.serve`, so that wrk and the server's CPU time say what each step costs; two put back what
 * this commit took out (the batching timer, the encoded body), and two take parts off the default model
 * (its corpus evidence; its shift reference, which the `/stats` window reads).
 */
import { loadModel, TextClassifier } from "../../lib/models/mod.ts";
import { startEndpointServer } from "../../lib/serve/mod.ts";
// The private codecs and handler: the profile measures them one by one.
import { createEndpointHandler } from "../../lib/serve/_create_endpoint_handler.ts";
import {
  formatInvocationResponse,
  negotiateResponseType,
} from "../../lib/serve/_format_invocation_response.ts";
import {
  parseInvocationRequest,
  requestContentType,
} from "../../lib/serve/_parse_invocation_request.ts";

/** The steps, in the order the profile reports them. */
export const PROFILE_VARIANTS = [
  "floor",
  "body",
  "parse",
  "predict n-grams",
  "predict",
  "respond",
  "respond+timer",
  "respond+encoded",
  "handler-window",
  "handler",
  "server",
] as const;

/** One step. */
export type ProfileVariant = (typeof PROFILE_VARIANTS)[number];

/** What each step adds, for the report. */
export const PROFILE_STEPS: Record<ProfileVariant, string> = {
  floor: "Deno.serve answering a fixed JSON string (no body read)",
  body: "+ read the request body",
  parse: "+ Content-Type, Accept, UTF-8 decode, JSON.parse of the texts",
  "predict n-grams":
    "+ the model's n-gram part only (hashed TF-IDF + linear scorer, Platt; its corpus evidence taken off)",
  predict:
    "+ the default model as trained (n-grams + corpus evidence + the register rule's surprisal)",
  respond: "+ the JSON answer as a string body (this commit's response)",
  "respond+timer": "respond + waiting for a setTimeout(0) batch before predicting (today's)",
  "respond+encoded": "respond + TextEncoder and a Uint8Array body (today's)",
  "handler-window":
    "the endpoint handler of this commit (routing, checks, log entry to a no-op sink), without the model's shift reference (no `/stats` window counts)",
  handler:
    "the endpoint handler with the model as `ade serve` loads it (its shift reference feeds the `/stats` window)",
  server: "`startEndpointServer` of this commit (counts, access log to stderr = /dev/null)",
};

const JSON_HEADERS = { "content-type": "application/json" };
const FIXED = '[{"label":"Not_AE","score":0.1}]';

async function main(): Promise<void> {
  const [variant, modelDir] = Deno.args as [ProfileVariant, string];
  if (!PROFILE_VARIANTS.includes(variant) || !modelDir) {
    throw new Error(`usage: _profile_server.ts ${PROFILE_VARIANTS.join("|")} MODEL_DIR`);
  }
  const model = await loadModel(modelDir);
  if (variant === "server") {
    const server = startEndpointServer({ predictor: model, port: 0 });
    console.log(`listening on ${server.url}`);
    return;
  }
  // The same weights without the corpus evidence (and so without the register rule).
  const nGrams = new TextClassifier({ ...model, evidence: undefined });
  const scored = async (request: Request): Promise<[string, string]> => {
    const type = requestContentType(request.headers.get("content-type"));
    const accept = negotiateResponseType(request.headers.get("accept"));
    const texts = parseInvocationRequest(await request.bytes(), type);
    if (variant === "respond+timer") await new Promise((resolve) => setTimeout(resolve, 0));
    return [formatInvocationResponse(model.predict(texts), accept), accept];
  };
  const handlers: Record<Exclude<ProfileVariant, "server">, (r: Request) => Promise<Response>> = {
    floor: () => Promise.resolve(new Response(FIXED, { headers: JSON_HEADERS })),
    body: async (request) => {
      await request.bytes();
      return new Response(FIXED, { headers: JSON_HEADERS });
    },
    parse: async (request) => {
      const type = requestContentType(request.headers.get("content-type"));
      negotiateResponseType(request.headers.get("accept"));
      parseInvocationRequest(await request.bytes(), type);
      return new Response(FIXED, { headers: JSON_HEADERS });
    },
    "predict n-grams": async (request) => {
      const type = requestContentType(request.headers.get("content-type"));
      negotiateResponseType(request.headers.get("accept"));
      nGrams.predict(parseInvocationRequest(await request.bytes(), type));
      return new Response(FIXED, { headers: JSON_HEADERS });
    },
    predict: async (request) => {
      const type = requestContentType(request.headers.get("content-type"));
      negotiateResponseType(request.headers.get("accept"));
      model.predict(parseInvocationRequest(await request.bytes(), type));
      return new Response(FIXED, { headers: JSON_HEADERS });
    },
    respond: async (request) => new Response((await scored(request))[0], { headers: JSON_HEADERS }),
    "respond+timer": async (request) =>
      new Response((await scored(request))[0], { headers: JSON_HEADERS }),
    "respond+encoded": async (request) =>
      new Response(new TextEncoder().encode((await scored(request))[0]), {
        headers: JSON_HEADERS,
      }),
    "handler-window": createEndpointHandler({
      predictor: { predict: (texts) => model.predict(texts) },
      log: () => {},
    }).handle,
    handler: createEndpointHandler({ predictor: model, log: () => {} }).handle,
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    handlers[variant],
  );
  console.log(`listening on http://127.0.0.1:${server.addr.port}`);
}

if (import.meta.main) await main();
