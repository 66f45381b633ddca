/** A smoke test of a running model endpoint against the SageMaker inference contract. */
import { AdeError } from "../core/errors.ts";
import { loadModel } from "../models/mod.ts";

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

function csvLine(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
    body: JSON.stringify({ inputs: texts }),
  });
  const jsonLatencyMs = performance.now() - started;
  if (json.status !== 200) {
    throw new AdeError(
      `smoke test: JSON /invocations answered ${json.status}: ${await json.text()}`,
    );
  }
  const predictions = await json.json() as Array<{ label: string; score: number }>;
  if (!Array.isArray(predictions) || predictions.length !== texts.length) {
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
    body: texts.map(csvLine).join("\n") + "\n",
  });
  const csvText = await csv.text();
  if (csv.status !== 200) {
    throw new AdeError(`smoke test: CSV /invocations answered ${csv.status}: ${csvText}`);
  }
  const csvRows =
    csvText.trim().split("\n").filter((line) => /^(Adverse_Event|Not_AE),/.test(line)).length;
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
