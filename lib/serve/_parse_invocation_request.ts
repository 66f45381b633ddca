/** Reads the texts out of an invocation body (`application/json`, `text/csv`, `text/plain`). */
import { CsvSyntaxError, parseCsv } from "../data/mod.ts";
import { INVOCATION_CONTENT_TYPES, type InvocationContentType, InvocationError } from "./types.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Maps a `Content-Type` header to a supported request type, ignoring parameters and case.
 * @param header the header value (null when absent)
 * @returns the request type
 * @throws {InvocationError} 415 when missing, unsupported, or with a charset other than UTF-8
 * @example requestContentType("application/json; charset=utf-8"); // "application/json"
 */
export function requestContentType(header: string | null): InvocationContentType {
  const supported = INVOCATION_CONTENT_TYPES.join(", ");
  if (header === null || header.trim() === "") {
    throw new InvocationError(415, `missing Content-Type; use one of ${supported}`);
  }
  const [media, ...parameters] = header.split(";");
  const type = media.trim().toLowerCase();
  if (!(INVOCATION_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new InvocationError(415, `unsupported Content-Type; use one of ${supported}`);
  }
  for (const parameter of parameters) {
    const [name, value = ""] = parameter.split("=");
    if (name.trim().toLowerCase() !== "charset") continue;
    const charset = value.trim().replace(/^"|"$/g, "").toLowerCase();
    if (charset !== "utf-8" && charset !== "utf8" && charset !== "us-ascii") {
      throw new InvocationError(415, "unsupported charset; send UTF-8");
    }
  }
  return type as InvocationContentType;
}

/**
 * Parses an invocation body into texts, in order:
 * - `application/json`: `{"inputs": "text"}` or `{"inputs": ["t1", "t2"]}` (other keys such as
 *   `parameters` are ignored);
 * - `text/csv`: one text per record, RFC 4180 quoting (texts with commas, quotes or line breaks in
 *   double quotes, inner quotes doubled); empty lines are skipped;
 * - `text/plain`: the whole body is one text (surrounding whitespace trimmed).
 *
 * Error messages never quote the body, so they are safe to log and return.
 * @param body raw body bytes (UTF-8)
 * @param contentType the request type
 * @returns one or more non-empty texts
 * @throws {InvocationError} 400 when the body is not valid UTF-8, malformed, or has no (or an empty) text
 * @example
 * ```ts
 * parseInvocationRequest(new TextEncoder().encode('{"inputs": ["a", "b"]}'), "application/json");
 * // ["a", "b"]
 * ```
 */
export function parseInvocationRequest(
  body: Uint8Array,
  contentType: InvocationContentType,
): string[] {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new InvocationError(400, "body is not valid UTF-8");
  }
  let texts: string[];
  if (contentType === "application/json") texts = _jsonTexts(text);
  else if (contentType === "text/csv") texts = _csvTexts(text);
  else texts = [text.trim()];
  if (texts.length === 0) throw new InvocationError(400, "no input texts");
  for (let i = 0; i < texts.length; i++) {
    if (texts[i].trim() === "") {
      throw new InvocationError(400, `input ${i + 1} of ${texts.length} is empty`);
    }
  }
  return texts;
}

function _jsonTexts(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the body; never pass it on.
    throw new InvocationError(400, "body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !("inputs" in value)) {
    throw new InvocationError(400, 'JSON body must be an object with "inputs"');
  }
  const inputs = (value as { inputs: unknown }).inputs;
  if (typeof inputs === "string") return [inputs];
  if (!Array.isArray(inputs)) {
    throw new InvocationError(400, '"inputs" must be a string or an array of strings');
  }
  for (let i = 0; i < inputs.length; i++) {
    if (typeof inputs[i] !== "string") {
      throw new InvocationError(400, `"inputs"[${i}] is not a string`);
    }
  }
  return inputs as string[];
}

function _csvTexts(text: string): string[] {
  let records: string[][];
  try {
    records = parseCsv(text).map((record) => record.fields);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new InvocationError(400, `CSV record ${error.record}: ${error.reason}`);
    }
    throw error;
  }
  return records.map((fields, i) => {
    if (fields.length !== 1) {
      throw new InvocationError(
        400,
        `CSV record ${
          i + 1
        } has ${fields.length} fields; send one text per line and quote texts that contain commas`,
      );
    }
    return fields[0];
  });
}
