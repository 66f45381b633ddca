/**
 * The pipeline's SageMaker dry-run plan (`deno task pipeline --backend sagemaker --dry-run`), as written to
 * `runs/<run>/requests/`, checked file by file against AWS's own SageMaker and S3 service models, for every
 * tuning strategy and with the generator endpoint.
 */
import assert from "node:assert/strict";
import { resolveConfig } from "../../lib/pipeline/config.ts";
import { planSageMakerStudy } from "../../lib/pipeline/plan_sagemaker_study.ts";
import { assertServiceModelAccepts, validateRequests } from "../cloud/_aws_service_model.ts";
import { writeSubsetCorpus } from "./_subset_corpus.ts";

/** A written request: a described upload body (`{__file, bytes, sha256}`) stands for that many bytes. */
function asSent(input: Record<string, unknown>): Record<string, unknown> {
  const body = input.Body as { bytes?: number } | undefined;
  if (body && typeof body === "object" && typeof body.bytes === "number") {
    return { ...input, Body: new Uint8Array(body.bytes) };
  }
  return input;
}

Deno.test("planSageMakerStudy() writes only requests the SageMaker and S3 models accept, for every strategy", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-plan-model-" });
  try {
    const corpus = await writeSubsetCorpus(dir, 150);
    for (const strategy of ["bayesian", "random", "hyperband", "grid"] as const) {
      const config = resolveConfig({
        data: { source: corpus },
        augment: { generator: "sagemaker" },
        tune: { strategy, max_trials: 12, parallel: 3 },
      }, "test config");
      const plan = await planSageMakerStudy({
        config,
        outDir: `${dir}/plan-${strategy}`,
        runId: `study-${strategy}`,
        log: () => {},
        quiet: true,
      });
      const requests = [];
      for (const file of plan.requestFiles) {
        const operation = file.split("/").pop()!.replace(/^\d\d-|\.json$/g, "");
        requests.push({ operation, input: asSent(JSON.parse(await Deno.readTextFile(file))) });
      }
      const operations = new Set(requests.map((request) => request.operation));
      for (
        const operation of [
          "PutObject",
          "CreateHyperParameterTuningJob",
          "CreateModel",
          "CreateEndpointConfig",
          "CreateEndpoint",
          "DeleteEndpoint",
          "DeleteEndpointConfig",
          "DeleteModel",
          "StopHyperParameterTuningJob",
          "ListObjectsV2",
          "DeleteObjects",
        ]
      ) {
        assert.ok(operations.has(operation), `${strategy}: ${operation} is planned`);
      }
      assertServiceModelAccepts(
        await validateRequests(requests, `plan ${strategy}`),
        `the ${strategy} dry-run plan`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
