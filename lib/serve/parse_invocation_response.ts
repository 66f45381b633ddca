/** Reads predictions back from an invocation response: the client side of {@link formatInvocationResponse}. */
import { parseCsv } from "../data/mod.ts";
import { AdeError } from "../core/mod.ts";

/** One prediction as read from an endpoint's response (the label is whatever the endpoint names it). */
export interface InvocationPrediction {
  /** Predicted label, e.g. `Adverse_Event`. */
  label: string;
  /** Score of the positive class. */
  score: number;
}

/**
 * Parses a response body (`application/json` array of `{label, score}`, or `text/csv` `label,score` lines).
 * @param body response text
 * @param contentType the response's `Content-Type` (null or unknown: JSON is tried)
 * @returns predictions in order
 * @throws {AdeError} when the body is not in either shape
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [prediction] = parseInvocationResponse('[{"label":"Not_AE","score":0.1}]', "application/json");
 * assert.equal(prediction.label, "Not_AE");
 * ```
 */
export function parseInvocationResponse(
  body: string,
  contentType: string | null,
): InvocationPrediction[] {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "text/csv") {
    return parseCsv(body).map(({ fields }, i) => {
      const score = Number(fields[1]);
      if (fields.length !== 2 || !Number.isFinite(score)) {
        throw new AdeError(`response CSV line ${i + 1} is not "label,score"`);
      }
      return { label: fields[0], score };
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AdeError(`response is not JSON (Content-Type ${contentType ?? "missing"})`);
  }
  if (!Array.isArray(value)) throw new AdeError("response JSON is not an array of predictions");
  return value.map((item, i) => {
    const { label, score } = (item ?? {}) as { label?: unknown; score?: unknown };
    if (typeof label !== "string" || typeof score !== "number") {
      throw new AdeError(`response item ${i} is not {"label": string, "score": number}`);
    }
    return { label, score };
  });
}
