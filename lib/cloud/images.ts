/**
 * Hugging Face deep-learning container images on SageMaker, per region. The account that hosts the images
 * differs in a few regions; versions are ones listed in aws/deep-learning-containers `available_images.md`.
 */

/** AWS account that publishes the DLC images in most regions. */
const DEFAULT_DLC_ACCOUNT = "763104351884";
/**
 * Regions whose DLC images live in another account: the `registries` of the Hugging Face images in
 * aws/sagemaker-python-sdk `image_uri_config/huggingface.json` (training transformers 4.49.0 /
 * pytorch 2.5.1 and inference 4.49.0 / pytorch 2.6.0, at commit a248126; the same accounts as
 * `huggingface-llm.json`). The isolated regions (us-iso-*, us-isob-*) use other domains and are not
 * supported here.
 */
const DLC_ACCOUNT_BY_REGION: Record<string, string> = {
  "af-south-1": "626614931356",
  "ap-east-1": "871362719292",
  "ap-northeast-3": "364406365360",
  "ap-south-2": "772153158452",
  "ap-southeast-3": "907027046896",
  "ap-southeast-4": "457447274322",
  "ca-west-1": "204538143572",
  "eu-central-2": "380420809688",
  "eu-south-1": "692866216735",
  "eu-south-2": "503227376785",
  "il-central-1": "780543022126",
  "me-central-1": "914824155844",
  "me-south-1": "217643126080",
  "cn-north-1": "727897471807",
  "cn-northwest-1": "727897471807",
  "us-gov-east-1": "446045086412",
  "us-gov-west-1": "442386744353",
};

/**
 * The account that hosts the Hugging Face DLC images in a region.
 * @param region e.g. `ap-northeast-3`
 * @returns the 12-digit account id
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(dlcAccount("us-gov-west-1"), "442386744353");
 * ```
 */
export function dlcAccount(region: string): string {
  return DLC_ACCOUNT_BY_REGION[region] ?? DEFAULT_DLC_ACCOUNT;
}

/** Image tags used by the toolkit (pinned). */
export const IMAGE_TAGS = {
  /** Hugging Face PyTorch training (transformers 4.49). */
  training: "huggingface-pytorch-training:2.5.1-transformers4.49.0-gpu-py311-cu124-ubuntu22.04",
  /** Hugging Face PyTorch inference, GPU. */
  inferenceGpu:
    "huggingface-pytorch-inference:2.6.0-transformers4.49.0-gpu-py312-cu124-ubuntu22.04",
  /** Hugging Face PyTorch inference, CPU. */
  inferenceCpu: "huggingface-pytorch-inference:2.6.0-transformers4.49.0-cpu-py312-ubuntu22.04",
  /** Hugging Face LLM inference (TGI). */
  llmTgi: "huggingface-pytorch-tgi-inference:2.4.0-tgi2.3.1-gpu-py311-cu124-ubuntu22.04",
} as const;

/** Which image. */
export type ImageKind = keyof typeof IMAGE_TAGS;

/**
 * The ECR URI of a Hugging Face DLC image in `region`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(imageUri("training", "us-east-1"), /\.dkr\.ecr\.us-east-1\.amazonaws\.com\//);
 * ```
 */
export function imageUri(kind: ImageKind, region: string): string {
  const account = dlcAccount(region);
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `${account}.dkr.ecr.${region}.${domain}/${IMAGE_TAGS[kind]}`;
}

/**
 * True for instance types with GPUs (ml.g*, ml.p*).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isGpuInstance("ml.g5.2xlarge"), true);
 * assert.equal(isGpuInstance("ml.m5.xlarge"), false);
 * ```
 */
export function isGpuInstance(instanceType: string): boolean {
  return /^ml\.(g\d|p\d)/.test(instanceType);
}
