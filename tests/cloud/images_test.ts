/** imageUri() / dlcAccount(): the Hugging Face DLC account of each region, from the SageMaker Python SDK's table. */
import assert from "node:assert/strict";
import { imageUri } from "../../lib/cloud/mod.ts";
import { dlcAccount } from "../../lib/cloud/images.ts";

Deno.test("dlcAccount() knows the regions whose DLC images live in another account", () => {
  // aws/sagemaker-python-sdk image_uri_config/huggingface.json, registries of transformers 4.49.0.
  const expected: Record<string, string> = {
    "us-east-1": "763104351884",
    "eu-west-1": "763104351884",
    "ap-northeast-3": "364406365360",
    "us-gov-west-1": "442386744353",
    "us-gov-east-1": "446045086412",
    "af-south-1": "626614931356",
    "cn-north-1": "727897471807",
  };
  for (const [region, account] of Object.entries(expected)) {
    assert.equal(dlcAccount(region), account, region);
  }
});

Deno.test("imageUri() builds the ECR URI with the region's account and domain", () => {
  assert.match(
    imageUri("training", "ap-northeast-3"),
    /^364406365360\.dkr\.ecr\.ap-northeast-3\.amazonaws\.com\/huggingface-pytorch-training:/,
  );
  assert.match(
    imageUri("inferenceCpu", "us-gov-west-1"),
    /^442386744353\.dkr\.ecr\.us-gov-west-1\.amazonaws\.com\/huggingface-pytorch-inference:/,
  );
  assert.match(imageUri("training", "cn-northwest-1"), /\.amazonaws\.com\.cn\//);
});
