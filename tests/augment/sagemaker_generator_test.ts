import assert from "node:assert/strict";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { mockClient } from "aws-sdk-client-mock";
import {
  augment,
  buildInvokeEndpointInput,
  DEFAULT_DECODING,
  SageMakerGenerator,
} from "../../lib/augment/mod.ts";
import { testRows, writeSplit } from "./_fixtures.ts";

function body(value: unknown) {
  // The SDK returns a Uint8Array subclass; the generator only decodes bytes.
  return new TextEncoder().encode(JSON.stringify(value)) as never;
}

Deno.test("buildInvokeEndpointInput() sends the TGI body {inputs, parameters} as JSON", () => {
  const input = buildInvokeEndpointInput("ade-falcon-7b", "Write sentences.", {
    ...DEFAULT_DECODING,
    seed: 4,
  });
  assert.equal(input.EndpointName, "ade-falcon-7b");
  assert.equal(input.ContentType, "application/json");
  const parsed = JSON.parse(new TextDecoder().decode(input.Body as Uint8Array));
  assert.equal(parsed.inputs, "Write sentences.");
  assert.equal(parsed.parameters.seed, 4);
  assert.equal(parsed.parameters.return_full_text, false);
  assert.deepEqual(parsed.parameters.stop, DEFAULT_DECODING.stop);
});

Deno.test("augment() with a mocked SageMaker runtime: retries throttling, reads [{generated_text}]", async () => {
  const { dir, trainPath, testPath } = await writeSplit();
  const mock = mockClient(SageMakerRuntimeClient);
  const throttled = Object.assign(new Error("slow down"), {
    name: "ThrottlingException",
    $metadata: { httpStatusCode: 429 },
  });
  let call = 0;
  mock.on(InvokeEndpointCommand).rejectsOnce(throttled).callsFake(() => {
    call++;
    return {
      Body: body([{
        generated_text:
          `1. Pancytopenia developed after ${call} cycles of azathioprine in a renal transplant recipient.\n2. ${
            testRows()[0].text
          }`,
      }]),
      ContentType: "application/json",
    };
  });
  try {
    const result = await augment({
      trainPath,
      excludePaths: [testPath],
      generator: new SageMakerGenerator({
        endpointName: "ade-falcon-7b",
        client: new SageMakerRuntimeClient({ region: "us-east-1" }),
        model: "tiiuae/falcon-7b-instruct",
        retry: { baseDelayMs: 1 },
      }),
      n: 3,
      concurrency: 1,
      outPath: `${dir}/syn.jsonl`,
      quiet: true,
    });
    const calls = mock.commandCalls(InvokeEndpointCommand);
    assert.equal(calls.length, 4, "one throttled attempt + three calls");
    assert.equal(result.summary.accepted, 3);
    assert.equal(result.summary.rejected.contamination, 2);
    assert.equal(result.summary.unused, 1, "the last call's extra candidate is not needed");
    for (const invocation of calls) {
      const input = invocation.args[0].input;
      assert.equal(input.EndpointName, "ade-falcon-7b");
      const sent = JSON.parse(new TextDecoder().decode(input.Body as Uint8Array));
      assert.equal(sent.inputs.split("\n").filter((l: string) => /^\d+\. /.test(l)).length, 5);
      assert.equal(sent.parameters.do_sample, true);
    }
    assert.ok(result.rows.every((row) => row.generator === "sagemaker"));
  } finally {
    mock.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SageMakerGenerator fails fast on a ValidationError", async () => {
  const mock = mockClient(SageMakerRuntimeClient);
  mock.on(InvokeEndpointCommand).rejects(
    Object.assign(new Error("bad"), { name: "ValidationError" }),
  );
  try {
    const generator = new SageMakerGenerator({
      endpointName: "ade-falcon-7b",
      client: new SageMakerRuntimeClient({ region: "us-east-1" }),
      retry: { baseDelayMs: 1 },
    });
    await assert.rejects(
      generator.generate({ text: "x", examples: [], requested: 1 }, DEFAULT_DECODING),
      /ValidationError/,
    );
    assert.equal(mock.commandCalls(InvokeEndpointCommand).length, 1);
  } finally {
    mock.restore();
  }
});
