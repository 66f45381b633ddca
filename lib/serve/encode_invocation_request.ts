/** Builds an invocation body from texts: the client side of {@link parseInvocationRequest}. */
import type { InvocationContentType } from "./types.ts";
import { AdeError } from "../core/mod.ts";

/**
 * Encodes texts as an invocation body that both the local endpoint and a SageMaker endpoint with this
 * toolkit's handler accept: JSON `{"inputs": [...]}` (or a single string for one text), CSV with every
 * text quoted (one record each), or plain text (exactly one text).
 * @param texts one or more texts
 * @param contentType body type (default `application/json`)
 * @returns the body as UTF-8 bytes
 * @throws {AdeError} when `texts` is empty, or several texts are given as `text/plain`
 * @example
 * ```ts
 * const body = encodeInvocationRequest(["Rash after penicillin."], "text/csv");
 * ```
 * @see parseInvocationRequest
 */
export function encodeInvocationRequest(
  texts: readonly string[],
  contentType: InvocationContentType = "application/json",
): Uint8Array<ArrayBuffer> {
  if (texts.length === 0) throw new AdeError("no texts to send");
  let body: string;
  if (contentType === "application/json") {
    body = JSON.stringify({ inputs: texts.length === 1 ? texts[0] : texts });
  } else if (contentType === "text/csv") {
    // Always quote: a text with a comma must stay one field, and quoting costs nothing.
    body = texts.map((text) => `"${text.replaceAll('"', '""')}"`).join("\r\n") + "\r\n";
  } else {
    if (texts.length !== 1) throw new AdeError("text/plain carries exactly one text");
    body = texts[0];
  }
  return new TextEncoder().encode(body);
}
