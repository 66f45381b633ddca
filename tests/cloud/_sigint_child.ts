/** Child process for the Ctrl-C test: holds a mocked generator endpoint until SIGINT arrives. */
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  ListTagsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { runTags, withGeneratorEndpoint } from "../../lib/cloud/mod.ts";
import { arnOf, BUCKET, KMS_KEY, noSleep, REGION, ROLE_ARN } from "./_fixtures.ts";

const sagemaker = mockClient(SageMakerClient);
sagemaker.on(CreateModelCommand).resolves({});
sagemaker.on(CreateEndpointConfigCommand).resolves({});
sagemaker.on(CreateEndpointCommand).resolves({});
sagemaker.on(DescribeEndpointCommand).resolves({
  EndpointStatus: "InService",
  EndpointArn: arnOf("endpoint", "ade-falcon"),
});
sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
for (
  const [command, label] of [
    [DeleteEndpointCommand, "DeleteEndpoint"],
    [DeleteEndpointConfigCommand, "DeleteEndpointConfig"],
    [DeleteModelCommand, "DeleteModel"],
  ] as const
) {
  // deno-lint-ignore no-explicit-any
  sagemaker.on(command as any).callsFake(() => {
    console.log(label);
    return {};
  });
}
await withGeneratorEndpoint({
  model: "tiiuae/falcon-7b-instruct",
  endpointName: "ade-falcon",
  roleArn: ROLE_ARN,
  bucket: BUCKET,
  kmsKeyId: KMS_KEY,
  runId: "r1",
  region: REGION,
  client: new SageMakerClient({}),
  checkWeights: false,
  log: () => {},
  wait: { sleep: noSleep, onProgress: () => {} },
}, () => {
  console.log("ready");
  return new Promise(() => {}); // augmentation that never ends: only Ctrl-C stops it
});
