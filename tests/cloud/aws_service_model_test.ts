/** Tests of the service-model walker itself: hand-made shapes (each rule broken once) and the real models. */
import assert from "node:assert/strict";
import {
  loadServiceModel,
  locateBotocore,
  patternMatcher,
  sageMakerInstanceTypes,
  type ServiceModel,
  translateJavaPattern,
  validateRequest,
  validateShape,
} from "./_aws_service_model.ts";

/** A small model with one shape per rule. */
const MODEL: ServiceModel = {
  service: "sagemaker",
  path: "(hand-made)",
  metadata: {},
  operations: { CreateThing: { input: { shape: "CreateThingRequest" } }, ListAll: {} },
  shapes: {
    CreateThingRequest: {
      type: "structure",
      required: ["Name", "Count"],
      members: {
        Name: { shape: "ThingName" },
        Count: { shape: "Count" },
        Ratio: { shape: "Ratio" },
        Big: { shape: "BigNumber" },
        Enabled: { shape: "Flag" },
        Kind: { shape: "Kind" },
        Tags: { shape: "TagList" },
        Environment: { shape: "EnvironmentMap" },
        Created: { shape: "When" },
        Body: { shape: "Bytes" },
        Source: { shape: "Source" },
      },
    },
    ThingName: { type: "string", min: 1, max: 8, pattern: "[a-z](-*[a-z0-9]){0,7}" },
    Count: { type: "integer", min: 1, max: 10 },
    Ratio: { type: "float", min: 0, max: 1 },
    BigNumber: { type: "long", min: 0 },
    Flag: { type: "boolean" },
    Kind: { type: "string", enum: ["Alpha", "Beta"] },
    TagList: { type: "list", member: { shape: "Tag" }, min: 0, max: 2 },
    Tag: {
      type: "structure",
      required: ["Key"],
      members: { Key: { shape: "TagKey" }, Value: { shape: "TagValue" } },
    },
    TagKey: { type: "string", min: 1, max: 128, pattern: "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)" },
    TagValue: { type: "string", max: 4 },
    EnvironmentMap: {
      type: "map",
      key: { shape: "EnvironmentKey" },
      value: { shape: "TagValue" },
      max: 2,
    },
    EnvironmentKey: { type: "string", pattern: "[a-zA-Z_][a-zA-Z0-9_]*" },
    When: { type: "timestamp" },
    Bytes: { type: "blob", max: 3 },
    Source: {
      type: "structure",
      union: true,
      members: { S3Uri: { shape: "TagValue" }, Inline: { shape: "TagValue" } },
    },
  },
};

const VALID = {
  Name: "abc-1",
  Count: 3,
  Ratio: 0.5,
  Big: 12345678901,
  Enabled: true,
  Kind: "Alpha",
  Tags: [{ Key: "ade:run-id", Value: "r1" }],
  Environment: { HF_TASK: "x" },
  Created: new Date(0),
  Body: new Uint8Array([1, 2]),
  Source: { S3Uri: "s3" },
};

function kindsOf(input: unknown): Array<[string, string]> {
  return validateRequest(MODEL, "CreateThing", input).map((v) => [v.field, v.kind]);
}

Deno.test("validateRequest() accepts a request that keeps every rule", () => {
  assert.deepEqual(validateRequest(MODEL, "CreateThing", VALID), []);
  assert.deepEqual(validateRequest(MODEL, "ListAll", {}), []);
});

Deno.test("validateRequest() reports each broken rule once, at its field", () => {
  const cases: Array<[string, Record<string, unknown>, Array<[string, string]>]> = [
    ["required member missing", { ...VALID, Count: undefined }, [["Count", "required"]]],
    ["unknown member", { ...VALID, Colour: "red" }, [["Colour", "unknown-member"]]],
    ["string type", { ...VALID, Name: 7 }, [["Name", "type"]]],
    ["integer type", { ...VALID, Count: 2.5 }, [["Count", "type"]]],
    ["long type", { ...VALID, Big: "12" }, [["Big", "type"]]],
    ["float type", { ...VALID, Ratio: Number.NaN }, [["Ratio", "type"]]],
    ["boolean type", { ...VALID, Enabled: "true" }, [["Enabled", "type"]]],
    ["list type", { ...VALID, Tags: { Key: "a" } }, [["Tags", "type"]]],
    ["map type", { ...VALID, Environment: ["A"] }, [["Environment", "type"]]],
    ["structure type", { ...VALID, Tags: ["a"] }, [["Tags[0]", "type"]]],
    ["timestamp type", { ...VALID, Created: "not a date" }, [["Created", "type"]]],
    ["blob type", { ...VALID, Body: 12 }, [["Body", "type"]]],
    ["string too short", { ...VALID, Name: "" }, [["Name", "min"], ["Name", "pattern"]]],
    ["string too long", { ...VALID, Name: "abcdefghi" }, [["Name", "max"], ["Name", "pattern"]]],
    ["integer below min", { ...VALID, Count: 0 }, [["Count", "min"]]],
    ["integer above max", { ...VALID, Count: 11 }, [["Count", "max"]]],
    ["long below min", { ...VALID, Big: -1 }, [["Big", "min"]]],
    ["float above max", { ...VALID, Ratio: 1.5 }, [["Ratio", "max"]]],
    ["list too long", { ...VALID, Tags: [{ Key: "a" }, { Key: "b" }, { Key: "c" }] }, [[
      "Tags",
      "max",
    ]]],
    ["map too big", { ...VALID, Environment: { A: "1", B: "2", C: "3" } }, [[
      "Environment",
      "max",
    ]]],
    ["blob too big", { ...VALID, Body: new Uint8Array(4) }, [["Body", "max"]]],
    ["pattern only", { ...VALID, Name: "a_b" }, [["Name", "pattern"]]],
    ["enum", { ...VALID, Kind: "Gamma" }, [["Kind", "enum"]]],
    ["map key pattern", { ...VALID, Environment: { "1BAD": "x" } }, [[
      "Environment.1BAD",
      "pattern",
    ]]],
    ["map value length", { ...VALID, Environment: { A: "12345" } }, [["Environment.A", "max"]]],
    ["nested required", { ...VALID, Tags: [{ Value: "x" }] }, [["Tags[0].Key", "required"]]],
    ["union with two members", { ...VALID, Source: { S3Uri: "a", Inline: "b" } }, [[
      "Source",
      "union",
    ]]],
    ["union with none", { ...VALID, Source: {} }, [["Source", "union"]]],
    ["null value", { ...VALID, Kind: null }, [["Kind", "type"]]],
  ];
  for (const [name, input, expected] of cases) {
    assert.deepEqual(kindsOf(input), expected, name);
  }
  const [violation] = validateRequest(MODEL, "CreateThing", { ...VALID, Kind: "Gamma" });
  assert.match(violation.rule, /shape Kind/);
  assert.equal(violation.value, "Gamma");
});

Deno.test("validateShape() matches a pattern against the whole value, not a substring", () => {
  assert.deepEqual(validateShape(MODEL, "ThingName", "ok-name", "Name").map((v) => v.kind), []);
  // "my_job" contains the match "my": the service still rejects it.
  assert.deepEqual(validateShape(MODEL, "ThingName", "my_job", "Name").map((v) => v.kind), [
    "pattern",
  ]);
  assert.deepEqual(validateShape(MODEL, "ThingName", "-lead", "Name").map((v) => v.kind), [
    "pattern",
  ]);
});

Deno.test("validateRequest() throws for an operation or shape the model lacks (never a silent pass)", () => {
  assert.throws(
    () => validateRequest(MODEL, "NoSuchOperation", {}),
    /no operation NoSuchOperation/,
  );
  assert.throws(() => validateShape(MODEL, "NoSuchShape", 1, "x"), /no shape NoSuchShape/);
});

Deno.test("translateJavaPattern() turns Java-only syntax into JavaScript u-mode syntax", () => {
  const cases: Array<[string, string]> = [
    ["[a-zA-Z0-9\\ \\_\\.]+", "[a-zA-Z0-9 _\\.]+"],
    ["[a-z]+\\-[0-9a-z\\-]+", "[a-z]+-[0-9a-z\\-]+"],
    ["arn:[\\p{Alnum}\\-]+:lambda", "arn:[a-zA-Z0-9\\-]+:lambda"],
    ["\\A\\S[\\p{Print}]*\\z", "^\\S[ -~]*$"],
    ["([\\p{L}\\p{Z}_.:\\/=+\\-@]*)${1,128}", "([\\p{L}\\p{Z}_.:\\/=+\\-@]*)$"],
    ["\\p{IsAlphabetic}+", "\\p{Alphabetic}+"],
  ];
  for (const [java, js] of cases) assert.equal(translateJavaPattern(java), js, java);
  assert.ok(patternMatcher("\\A\\S[\\p{Print}]*\\z").test("application/json"));
  assert.ok(!patternMatcher("\\A\\S[\\p{Print}]*\\z").test(" leading space"));
  assert.ok(patternMatcher("[a-zA-Z0-9\\ \\_\\.]+").test("a b_c.d"));
  assert.ok(patternMatcher("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)").test("ade:run-id"));
  assert.ok(!patternMatcher("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)").test("a,b"));
});

Deno.test("every pattern of the SageMaker, S3 and SageMaker Runtime models compiles after translation", async () => {
  for (const service of ["sagemaker", "s3", "sagemaker-runtime"] as const) {
    const model = await loadServiceModel(service);
    let patterns = 0;
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (shape.pattern === undefined) continue;
      patterns++;
      assert.doesNotThrow(() => patternMatcher(shape.pattern!), `${service} ${name}`);
    }
    assert.ok(patterns > 0, `${service} has patterns`);
  }
});

Deno.test("loadServiceModel() reads botocore's SageMaker model with its constraints", async () => {
  const model = await loadServiceModel("sagemaker");
  assert.equal(model.metadata.apiVersion, "2017-07-24");
  const name = model.shapes.HyperParameterTuningJobName;
  assert.equal(name.max, 32);
  assert.equal(name.pattern, "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}");
  assert.deepEqual(
    validateShape(model, "HyperParameterTuningJobName", "a".repeat(33), "Name").map((v) => v.kind),
    ["max", "pattern"],
  );
  const s3 = await loadServiceModel("s3");
  assert.equal(s3.metadata.apiVersion, "2006-03-01");
  assert.ok(s3.operations.PutObject);
});

Deno.test("sageMakerInstanceTypes() returns the model's instance-type enums", async () => {
  const training = await sageMakerInstanceTypes("training");
  assert.ok(training.includes("ml.g5.2xlarge"));
  assert.ok(training.includes("ml.p3dn.24xlarge"));
  assert.ok(training.some((type) => type.startsWith("ml.p6-")), "ml.p6-* types are valid today");
  assert.ok(!training.includes("ml.t2.medium"), "no burstable types for training");
  const hosting = await sageMakerInstanceTypes("hosting");
  assert.ok(hosting.includes("ml.m5.xlarge"));
  assert.ok(hosting.length > training.length);
  assert.deepEqual(training, [...training].sort());
});

Deno.test("locateBotocore() fails naming each interpreter tried when none has botocore", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-no-botocore-" });
  try {
    const fake = `${dir}/python3`;
    await Deno.writeTextFile(
      fake,
      "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'botocore'\" >&2\nexit 1\n",
    );
    await Deno.chmod(fake, 0o755);
    await assert.rejects(
      () => locateBotocore([`${dir}/missing-python`, fake]),
      (error: Error) =>
        /AWS service models not found/.test(error.message) &&
        error.message.includes(`${dir}/missing-python`) &&
        error.message.includes("No module named 'botocore'"),
    );
    assert.match(await locateBotocore(), /botocore$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
