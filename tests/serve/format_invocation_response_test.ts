import assert from "node:assert/strict";
import {
  encodeInvocationRequest,
  parseInvocationResponse,
  type Prediction,
} from "../../lib/serve/mod.ts";
import {
  formatInvocationResponse,
  negotiateResponseType,
} from "../../lib/serve/_format_invocation_response.ts";
import { parseInvocationRequest } from "../../lib/serve/_parse_invocation_request.ts";
import { InvocationError } from "../../lib/serve/types.ts";

Deno.test("negotiateResponseType() picks JSON or CSV by Accept and q, and refuses others with 406", () => {
  assert.equal(negotiateResponseType(null), "application/json");
  assert.equal(negotiateResponseType("*/*"), "application/json");
  assert.equal(negotiateResponseType("application/json"), "application/json");
  assert.equal(negotiateResponseType("text/csv"), "text/csv");
  assert.equal(negotiateResponseType("text/html, text/csv;q=0.5"), "text/csv");
  assert.equal(negotiateResponseType("text/csv;q=0.5, application/json"), "application/json");
  assert.equal(negotiateResponseType("application/json;q=0, text/*"), "text/csv");
  for (const header of ["text/html", "application/xml", "application/json;q=0"]) {
    assert.throws(
      () => negotiateResponseType(header),
      (error: unknown) => error instanceof InvocationError && error.status === 406,
    );
  }
});

Deno.test("formatInvocationResponse() writes JSON objects or label,score CSV lines in order", () => {
  const predictions: Prediction[] = [
    { label: "Adverse_Event", score: 0.875 },
    { label: "Not_AE", score: 0.125 },
  ];
  assert.equal(
    formatInvocationResponse(predictions, "application/json"),
    '[{"label":"Adverse_Event","score":0.875},{"label":"Not_AE","score":0.125}]',
  );
  assert.equal(
    formatInvocationResponse(predictions, "text/csv"),
    "Adverse_Event,0.875\nNot_AE,0.125\n",
  );
});

Deno.test("parseInvocationResponse() reads back both formats and refuses other shapes", () => {
  const predictions: Prediction[] = [{ label: "Not_AE", score: 0.25 }, {
    label: "Adverse_Event",
    score: 1,
  }];
  for (const type of ["application/json", "text/csv"] as const) {
    assert.deepEqual(
      parseInvocationResponse(formatInvocationResponse(predictions, type), type),
      predictions,
    );
  }
  assert.throws(() => parseInvocationResponse('{"label":"x"}', "application/json"));
  assert.throws(() => parseInvocationResponse('[{"label":"x"}]', "application/json"));
  assert.throws(() => parseInvocationResponse("x,y,z\n", "text/csv"));
});

Deno.test("encodeInvocationRequest() bodies parse back to the same texts for every content type", () => {
  const tricky = ['He said "stop", then left.', "line one\nline two", "plain"];
  for (const type of ["application/json", "text/csv"] as const) {
    assert.deepEqual(parseInvocationRequest(encodeInvocationRequest(tricky, type), type), tricky);
  }
  assert.deepEqual(
    parseInvocationRequest(encodeInvocationRequest([tricky[0]], "text/plain"), "text/plain"),
    [tricky[0]],
  );
  assert.deepEqual(
    JSON.parse(new TextDecoder().decode(encodeInvocationRequest(["one"]))),
    { inputs: "one" },
  );
  assert.throws(() => encodeInvocationRequest(["a", "b"], "text/plain"));
  assert.throws(() => encodeInvocationRequest([]));
});
