/** Content negotiation and response bodies for invocations (`application/json` or `text/csv`). */
import { quoteCsvField } from "./_csv.ts";
import { InvocationError, type InvocationResponseType, type Prediction } from "./types.ts";

/**
 * Picks the response type from an `Accept` header: `application/json` for a missing header, `*` `/` `*`,
 * `application/*` or `application/json`; `text/csv` for `text/csv` or `text/*`. Media ranges are tried by
 * descending `q` (ties in header order); `q=0` excludes a range.
 * @param header the `Accept` header (null when absent)
 * @returns the response type
 * @throws {InvocationError} 406 when no listed range is supported
 * @example negotiateResponseType("text/csv;q=0.9, application/json"); // "application/json"
 */
export function negotiateResponseType(header: string | null): InvocationResponseType {
  if (header === null || header.trim() === "") return "application/json";
  const ranges = header.split(",").map((part, order) => {
    const [media, ...parameters] = part.split(";");
    let quality = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split("=");
      if (name.trim().toLowerCase() === "q") {
        const parsed = Number(value);
        quality = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    return { media: media.trim().toLowerCase(), quality, order };
  }).filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { media } of ranges) {
    if (media === "application/json" || media === "*/*" || media === "application/*") {
      return "application/json";
    }
    if (media === "text/csv" || media === "text/*") return "text/csv";
  }
  throw new InvocationError(406, "unsupported Accept; use application/json or text/csv");
}

/**
 * Formats predictions: JSON `[{"label": ..., "score": ...}, ...]`, or CSV with one `label,score` line per
 * input (no header row, so line i answers input i).
 * @param predictions one per input, in input order
 * @param responseType body type
 * @returns the body text
 * @example formatInvocationResponse([{ label: "Not_AE", score: 0.2 }], "text/csv"); // "Not_AE,0.2\n"
 */
export function formatInvocationResponse(
  predictions: readonly Prediction[],
  responseType: InvocationResponseType,
): string {
  if (responseType === "application/json") {
    return JSON.stringify(predictions.map(({ label, score }) => ({ label, score })));
  }
  let body = "";
  for (const { label, score } of predictions) body += `${quoteCsvField(label)},${score}\n`;
  return body;
}
