/**
 * Mixed load for the local endpoint: valid and malformed requests interleaved, from several connections at
 * once, a fixed number each (count-bounded, never time-bounded). Every valid answer is checked against
 * the model's own predictions; every malformed request must get its 4xx. Used by
 * `tests/serve/mixed_load_test.ts` and by `bench/serve/mixed_load.ts`.
 */
import { createRng } from "../../lib/core/mod.ts";
import { type InvocationPrediction, parseInvocationResponse } from "../../lib/serve/mod.ts";

/** What the model answers for texts, computed without the server (the reference). */
export type ReferencePredictor = (texts: string[]) => InvocationPrediction[];

/** Options of {@link runMixedLoad}. */
export interface MixedLoadOptions {
  /** The endpoint's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Connections at once (each sends its requests one after another). */
  connections: number;
  /** Requests each connection sends. */
  requestsPerConnection: number;
  /** Sentences the valid requests are built from (made-up text). */
  texts: readonly string[];
  /** The model's answers, for checking the valid responses. */
  reference: ReferencePredictor;
  /** Seed of the request mix. */
  seed: number;
  /** Called after each request (e.g. to sample the server's memory). */
  onRequest?: (done: number) => void | Promise<void>;
  /** Send only the valid kinds (the benchmark's peer load). */
  validOnly?: boolean;
}

/** Counts of one kind of request. */
export interface RequestKindCount {
  /** Requests of this kind sent. */
  sent: number;
  /** Of those, answered as expected (valid: 200 and correct predictions; malformed: the expected 4xx). */
  asExpected: number;
  /** Statuses seen, with counts. */
  statuses: Record<string, number>;
}

/** What a mixed load found. */
export interface MixedLoadResult {
  /** Requests sent. */
  requests: number;
  /** Valid requests sent, and how many got 200 with exactly the model's predictions. */
  valid: number;
  validCorrect: number;
  /** Malformed requests sent, and how many got their expected 4xx. */
  malformed: number;
  malformedRefused: number;
  /** Responses with a 5xx status (any kind). */
  serverErrors: number;
  /** Per kind of request. */
  byKind: Record<string, RequestKindCount>;
  /** Wall-clock seconds of the whole load. */
  seconds: number;
}

interface PlannedRequest {
  kind: string;
  valid: boolean;
  /** Expected status for a malformed request. */
  status?: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** The texts of a valid request, in order. */
  texts?: string[];
}

/** The first this many kinds of {@link _plan} are the valid ones. */
const VALID_KINDS = 5;

const csvField = (text: string) => /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

/** One request of the mix: valid ones of every body type, and every kind of malformed one. */
function _plan(
  index: number,
  pick: <T>(items: readonly T[]) => T,
  texts: readonly string[],
  validOnly: boolean,
) {
  const some = (count: number) => Array.from({ length: count }, () => pick(texts));
  const json = { "content-type": "application/json" };
  const kinds: Array<() => PlannedRequest> = [
    () => {
      const chosen = some(1);
      return mk("json, one text", true, json, JSON.stringify({ inputs: chosen[0] }), chosen);
    },
    () => {
      const chosen = some(1 + (index % 8));
      return mk("json, a batch", true, json, JSON.stringify({ inputs: chosen }), chosen);
    },
    () => {
      const chosen = some(1 + (index % 5));
      const body = chosen.map(csvField).join(index % 2 ? "\r\n" : "\n") + "\n";
      return mk("csv, a batch", true, { "content-type": "text/csv" }, body, chosen);
    },
    () => {
      const chosen = some(1);
      return mk("text/plain", true, { "content-type": "text/plain" }, chosen[0], chosen);
    },
    () => {
      const chosen = some(2);
      return mk(
        "json, csv answer",
        true,
        { ...json, accept: "text/csv" },
        JSON.stringify({ inputs: chosen }),
        chosen,
      );
    },
    () => bad("invalid JSON", 400, json, '{"inputs": ["unclosed'),
    () => bad("JSON without inputs", 400, json, '{"texts": ["a"]}'),
    () => bad("inputs not strings", 400, json, '{"inputs": [1, 2]}'),
    () => bad("empty input", 400, json, '{"inputs": ["ok", "  "]}'),
    () => bad("invalid UTF-8", 400, json, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
    () => bad("CSV, open quote", 400, { "content-type": "text/csv" }, '"never closed\n'),
    () => bad("CSV, two fields", 400, { "content-type": "text/csv" }, "a,b\n"),
    () => bad("unsupported content type", 415, { "content-type": "application/xml" }, "<a/>"),
    // Bytes, not a string: fetch adds text/plain to a string body.
    () => bad("no content type", 415, {}, new TextEncoder().encode("text")),
    () => bad("unsupported accept", 406, { ...json, accept: "image/png" }, '{"inputs": "a"}'),
    () => ({ ...bad("wrong method", 405, {}, undefined), method: "GET" }),
    () => ({ ...bad("unknown path", 404, json, '{"inputs": "a"}'), path: "/nowhere" }),
  ];
  return kinds[index % (validOnly ? VALID_KINDS : kinds.length)]();

  function mk(
    kind: string,
    valid: boolean,
    headers: Record<string, string>,
    body: string | Uint8Array,
    chosen: string[],
  ): PlannedRequest {
    return { kind, valid, method: "POST", path: "/invocations", headers, body, texts: chosen };
  }
  function bad(
    kind: string,
    status: number,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
  ): PlannedRequest {
    return { kind, valid: false, status, method: "POST", path: "/invocations", headers, body };
  }
}

/** Exactly the model's own predictions (CSV scores are printed so that they read back exactly). */
function _matches(text: string, type: string | null, expected: InvocationPrediction[]): boolean {
  let got: InvocationPrediction[];
  try {
    got = parseInvocationResponse(text, type);
  } catch {
    return false;
  }
  return got.length === expected.length &&
    got.every((prediction, i) =>
      prediction.label === expected[i].label && prediction.score === expected[i].score
    );
}

/**
 * Sends the mixed load and checks every answer.
 * @param options endpoint, connections, requests per connection, texts, reference, seed
 * @returns counts by outcome and kind
 * @example
 * ```ts
 * const result = await runMixedLoad({ url, connections: 4, requestsPerConnection: 100, texts,
 *   reference: (t) => model.predict(t), seed: 1 });
 * console.log(result.validCorrect === result.valid, result.serverErrors === 0);
 * ```
 */
export async function runMixedLoad(options: MixedLoadOptions): Promise<MixedLoadResult> {
  const result: MixedLoadResult = {
    requests: 0,
    valid: 0,
    validCorrect: 0,
    malformed: 0,
    malformedRefused: 0,
    serverErrors: 0,
    byKind: {},
    seconds: 0,
  };
  const started = performance.now();
  const connection = async (number: number) => {
    const rng = createRng(options.seed * 1000 + number);
    const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)];
    const client = Deno.createHttpClient({ poolMaxIdlePerHost: 1 });
    try {
      for (let i = 0; i < options.requestsPerConnection; i++) {
        const request = _plan(rng.int(1 << 20), pick, options.texts, options.validOnly ?? false);
        const response = await fetch(`${options.url}${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: request.body as BodyInit | undefined,
          client,
        });
        const text = await response.text();
        const count = (result.byKind[request.kind] ??= { sent: 0, asExpected: 0, statuses: {} });
        count.sent++;
        count.statuses[response.status] = (count.statuses[response.status] ?? 0) + 1;
        result.requests++;
        if (response.status >= 500) result.serverErrors++;
        let asExpected: boolean;
        if (request.valid) {
          result.valid++;
          asExpected = response.status === 200 &&
            _matches(text, response.headers.get("content-type"), options.reference(request.texts!));
          if (asExpected) result.validCorrect++;
        } else {
          result.malformed++;
          asExpected = response.status === request.status;
          if (asExpected) result.malformedRefused++;
        }
        if (asExpected) count.asExpected++;
        await options.onRequest?.(result.requests);
      }
    } finally {
      client.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => connection(i)));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Starts `ade serve --model DIR --port 0` as a child process and waits for the URL it listens on.
 * @param modelDir the model folder
 * @param storePath the experiment store the server records its run in
 * @returns the URL and the process (stop it with SIGTERM, then cancel its stdout)
 */
export async function startServeProcess(
  modelDir: string,
  storePath: string,
): Promise<{ url: string; child: Deno.ChildProcess }> {
  const main = new URL("../../lib/cli/main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "serve", "--model", modelDir, "--port", "0", "--store", storePath],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server ended before listening: ${seen}`);
    seen += value;
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
    if (match) {
      reader.releaseLock();
      return { url: match[1], child };
    }
  }
}

/**
 * The resident memory of a process (`VmRSS` of `/proc/<pid>/status`), in KiB, or undefined off Linux.
 * @param pid the process
 * @returns KiB, or undefined
 */
export async function residentKib(pid: number): Promise<number | undefined> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
