import assert from "node:assert/strict";
import {
  parseInvocationRequest,
  requestContentType,
} from "../../lib/serve/_parse_invocation_request.ts";
import { InvocationError } from "../../lib/serve/types.ts";

const encode = (text: string) => new TextEncoder().encode(text);

function assertRefused(run: () => unknown, status: number, secret?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvocationError);
    assert.equal(error.status, status);
    if (secret) assert.ok(!error.message.includes(secret), "error message quotes the body");
    return true;
  });
}

Deno.test("parseInvocationRequest() reads JSON inputs as one string or a list, in order", () => {
  assert.deepEqual(
    parseInvocationRequest(encode('{"inputs": "Rash after penicillin."}'), "application/json"),
    ["Rash after penicillin."],
  );
  assert.deepEqual(
    parseInvocationRequest(
      encode('{"inputs": ["b", "a", "c"], "parameters": {"top_k": 1}}'),
      "application/json",
    ),
    ["b", "a", "c"],
  );
});

Deno.test("parseInvocationRequest() refuses malformed or empty JSON with 400 without quoting it", () => {
  const secret = "Patient Jane Doe developed hepatitis";
  assertRefused(
    () => parseInvocationRequest(encode(`{"inputs": "${secret}`), "application/json"),
    400,
    secret,
  );
  assertRefused(
    () => parseInvocationRequest(encode(`["${secret}"]`), "application/json"),
    400,
    secret,
  );
  assertRefused(() => parseInvocationRequest(encode('{"inputs": []}'), "application/json"), 400);
  assertRefused(() => parseInvocationRequest(encode('{"inputs": ""}'), "application/json"), 400);
  assertRefused(
    () => parseInvocationRequest(encode('{"inputs": ["a", 3]}'), "application/json"),
    400,
  );
  assertRefused(() => parseInvocationRequest(encode('{"text": "a"}'), "application/json"), 400);
  assertRefused(
    () => parseInvocationRequest(new Uint8Array([0xff, 0xfe, 0x41]), "text/plain"),
    400,
  );
});

Deno.test("parseInvocationRequest() reads RFC 4180 CSV: one text per record, quoted commas, newlines (as \\n), quotes", () => {
  const csv = 'plain text\r\n"with, comma"\n"two\r\nlines"\n"say ""no"""\n\n';
  assert.deepEqual(parseInvocationRequest(encode(csv), "text/csv"), [
    "plain text",
    "with, comma",
    "two\nlines",
    'say "no"',
  ]);
  assert.deepEqual(parseInvocationRequest(encode("\ufeffonly one"), "text/csv"), ["only one"]);
});

Deno.test("parseInvocationRequest() reads a CSV body as the file readers read a file: any line breaks, spaces around quotes", () => {
  const clean = 'first text\n"second, with a comma"\nthird\n';
  const variants = [
    'first text\r\n"second, with a comma"\r\nthird\r\n',
    'first text\r"second, with a comma"\rthird',
    'first text\r\r\n"second, with a comma"\r\r\nthird\r\r\n',
    '\ufefffirst text\n  "second, with a comma"  \nthird\n\n\n',
  ];
  const expected = parseInvocationRequest(encode(clean), "text/csv");
  for (const variant of variants) {
    assert.deepEqual(parseInvocationRequest(encode(variant), "text/csv"), expected);
  }
});

Deno.test("parseInvocationRequest() refuses broken CSV and several fields per record with 400", () => {
  assertRefused(() => parseInvocationRequest(encode('"unterminated\n'), "text/csv"), 400);
  assertRefused(() => parseInvocationRequest(encode('a "quote" inside\n'), "text/csv"), 400);
  assertRefused(() => parseInvocationRequest(encode('"closed"tail\n'), "text/csv"), 400);
  assertRefused(() => parseInvocationRequest(encode("rash, fever\n"), "text/csv"), 400, "fever");
  assertRefused(() => parseInvocationRequest(encode('""\n'), "text/csv"), 400);
  assertRefused(() => parseInvocationRequest(encode("\n\n"), "text/csv"), 400);
});

Deno.test("parseInvocationRequest() takes a text/plain body as one trimmed text", () => {
  assert.deepEqual(parseInvocationRequest(encode(" one, text\nwith lines \n"), "text/plain"), [
    "one, text\nwith lines",
  ]);
  assertRefused(() => parseInvocationRequest(encode("  \n"), "text/plain"), 400);
});

Deno.test("requestContentType() accepts the three types with parameters and refuses others with 415", () => {
  assert.equal(requestContentType("Application/JSON; charset=UTF-8"), "application/json");
  assert.equal(requestContentType("text/csv"), "text/csv");
  assert.equal(requestContentType("text/plain;charset=utf-8"), "text/plain");
  assertRefused(() => requestContentType(null), 415);
  assertRefused(() => requestContentType("application/xml"), 415);
  assertRefused(() => requestContentType("text/plain; charset=latin1"), 415);
});
