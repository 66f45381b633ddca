import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandOutput,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
} from "@aws-sdk/client-sagemaker-runtime";
import { AdeError, UsageError } from "../../lib/core/mod.ts";
import {
  encodeInvocationRequest,
  invokeEndpoint,
  startEndpointServer,
} from "../../lib/serve/mod.ts";
import { createFakePredictor, expectedPrediction } from "./_fake_predictor.ts";

function mockedRuntime(answer: string, contentType = "application/json") {
  const client = new SageMakerRuntimeClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const mock = mockClient(client);
  mock.on(InvokeEndpointCommand).resolves({
    Body: new TextEncoder().encode(answer) as InvokeEndpointCommandOutput["Body"],
    ContentType: contentType,
  });
  return { client, mock };
}

Deno.test("invokeEndpoint() calls a local URL's /invocations with each content type", async () => {
  const server = startEndpointServer({ predictor: createFakePredictor(), port: 0, log: () => {} });
  try {
    const texts = ["first, with comma", 'second "quoted"\nand on two lines'];
    for (const contentType of ["application/json", "text/csv"] as const) {
      const result = await invokeEndpoint({ endpoint: server.url, texts, contentType });
      assert.equal(result.backend, "local");
      assert.deepEqual(result.predictions, texts.map(expectedPrediction));
    }
    const plain = await invokeEndpoint({
      endpoint: `${server.url}/invocations`,
      texts: [texts[0]],
      contentType: "text/plain",
    });
    assert.deepEqual(plain.predictions, [expectedPrediction(texts[0])]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("invokeEndpoint() turns a refusal into an AdeError with the status and message", async () => {
  const server = startEndpointServer({
    predictor: createFakePredictor(),
    port: 0,
    token: "right-token",
    log: () => {},
  });
  try {
    await assert.rejects(
      invokeEndpoint({ endpoint: server.url, texts: ["x"], token: "wrong-token" }),
      (error: unknown) =>
        error instanceof AdeError && /401: missing or wrong bearer/.test(error.message),
    );
    const ok = await invokeEndpoint({ endpoint: server.url, texts: ["x"], token: "right-token" });
    assert.equal(ok.predictions.length, 1);
  } finally {
    await server.shutdown();
  }
});

Deno.test("invokeEndpoint() sends InvokeEndpoint to a SageMaker endpoint name with the shared body", async () => {
  const answer = '[{"label":"Adverse_Event","score":0.91},{"label":"Not_AE","score":0.05}]';
  const { client, mock } = mockedRuntime(answer);
  const texts = ["Rash after amoxicillin.", "No events were seen."];
  const result = await invokeEndpoint({ endpoint: "ade-classifier-prod", texts, client });
  assert.equal(result.backend, "sagemaker");
  assert.deepEqual(result.predictions, JSON.parse(answer));
  const calls = mock.commandCalls(InvokeEndpointCommand);
  assert.equal(calls.length, 1);
  const input = calls[0].args[0].input;
  assert.equal(input.EndpointName, "ade-classifier-prod");
  assert.equal(input.ContentType, "application/json");
  assert.equal(input.Accept, "application/json");
  assert.deepEqual(input.Body, encodeInvocationRequest(texts, "application/json"));
  // The deployed handler (training/train.py) reads JSON only: other bodies are refused before sending.
  await assert.rejects(
    invokeEndpoint({ endpoint: "ade-classifier-prod", texts, contentType: "text/csv", client }),
    (error: unknown) => error instanceof UsageError && /application\/json only/.test(error.message),
  );
  assert.equal(mock.commandCalls(InvokeEndpointCommand).length, 1);
});

Deno.test("invokeEndpoint() reports SageMaker errors and a wrong prediction count as AdeError", async () => {
  const { client, mock } = mockedRuntime('[{"label":"Not_AE","score":0.1}]');
  await assert.rejects(
    invokeEndpoint({ endpoint: "ade-endpoint", texts: ["a", "b"], client }),
    (error: unknown) =>
      error instanceof AdeError && /1 predictions for 2 texts/.test(error.message),
  );
  mock.on(InvokeEndpointCommand).rejects(
    new SageMakerRuntimeServiceException({
      name: "ValidationError",
      $fault: "client",
      $metadata: {},
      message: "Endpoint ade-endpoint of account 123 not found.",
    }),
  );
  await assert.rejects(
    invokeEndpoint({ endpoint: "ade-endpoint", texts: ["a"], client }),
    (error: unknown) =>
      error instanceof AdeError && /ValidationError: Endpoint/.test(error.message),
  );
});

Deno.test("invokeEndpoint() refuses an endpoint that is neither a URL nor a valid name", async () => {
  for (
    const endpoint of ["ftp://host", "name_with_underscores", "-leading-hyphen", "a".repeat(64)]
  ) {
    await assert.rejects(
      invokeEndpoint({ endpoint, texts: ["x"] }),
      (error: unknown) => error instanceof UsageError,
      endpoint,
    );
  }
});
