/** A smoke test of a running model endpoint against the SageMaker inference contract. */
import { AdeError } from "../core/mod.ts";
import { loadModel } from "../models/mod.ts";
import { encodeInvocationRequest, parseInvocationResponse } from "../serve/mod.ts";

/** What the smoke test checked. */
export interface SmokeTestResult {
  /** `/ping` status. */
  pingStatus: number;
  /** Texts sent in the JSON request. */
  texts: number;
  /** Predictions equal to the in-process model's (label and score). */
  agreeing: number;
  /** Rows in the CSV response to a CSV request. */
  csvRows: number;
  /** Latency of the JSON request in milliseconds. */
  jsonLatencyMs: number;
  /** One line for the console. */
  summary: string;
}

/**
 * Calls `/ping`, then `/invocations` with JSON (all texts) and CSV (Accept: text/csv), and checks that the
 * endpoint's answers equal the saved model's own predictions, in input order.
 * @param baseUrl e.g. `http://127.0.0.1:8080`
 * @param texts a few sentences (never printed)
 * @param modelDir the served model's folder, to compare against
 * @throws {AdeError} when any check fails
 */
export async function smokeTestEndpoint(
  baseUrl: string,
  texts: string[],
  modelDir: string,
): Promise<SmokeTestResult> {
  if (texts.length === 0) throw new AdeError("smoke test needs at least one text");
  const ping = await fetch(`${baseUrl}/ping`);
  await ping.body?.cancel();
  if (ping.status !== 200) throw new AdeError(`smoke test: GET /ping answered ${ping.status}`);

  const started = performance.now();
  const json = await fetch(`${baseUrl}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: encodeInvocationRequest(texts, "application/json"),
  });
  const jsonLatencyMs = performance.now() - started;
  if (json.status !== 200) {
    throw new AdeError(
      `smoke test: JSON /invocations answered ${json.status}: ${await json.text()}`,
    );
  }
  const predictions = parseInvocationResponse(await json.text(), json.headers.get("content-type"));
  if (predictions.length !== texts.length) {
    throw new AdeError(
      `smoke test: expected ${texts.length} predictions, got ${
        JSON.stringify(predictions).slice(0, 80)
      }`,
    );
  }
  const expected = (await loadModel(modelDir)).predict(texts);
  let agreeing = 0;
  predictions.forEach((prediction, i) => {
    if (
      prediction.label === expected[i].label &&
      Math.abs(prediction.score - expected[i].score) < 1e-9
    ) agreeing++;
  });
  if (agreeing !== texts.length) {
    throw new AdeError(
      `smoke test: ${texts.length - agreeing} endpoint predictions differ from the model's own`,
    );
  }

  const csv = await fetch(`${baseUrl}/invocations`, {
    method: "POST",
    headers: { "content-type": "text/csv", accept: "text/csv" },
    body: encodeInvocationRequest(texts, "text/csv"),
  });
  const csvText = await csv.text();
  if (csv.status !== 200) {
    throw new AdeError(`smoke test: CSV /invocations answered ${csv.status}: ${csvText}`);
  }
  const csvRows = parseInvocationResponse(csvText, csv.headers.get("content-type")).length;
  if (csvRows !== texts.length) {
    throw new AdeError(`smoke test: CSV answer has ${csvRows} rows for ${texts.length} texts`);
  }

  return {
    pingStatus: ping.status,
    texts: texts.length,
    agreeing,
    csvRows,
    jsonLatencyMs,
    summary:
      `smoke test passed: /ping 200; ${texts.length} JSON predictions equal the model's own ` +
      `(${jsonLatencyMs.toFixed(1)} ms); CSV answer with ${csvRows} rows`,
  };
}
