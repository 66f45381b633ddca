/**
 * SageMaker instance types: which exist for each purpose (the service model's enums, generated into
 * `_sagemaker_instance_types.ts` by `tools/generate_sagemaker_instance_types.ts`, botocore version recorded),
 * which have local NVMe storage (no volume KMS key allowed) and how many GPUs each has (a curated table).
 */
import { closestName, type PreflightViolation } from "../core/mod.ts";
import {
  BOTOCORE_VERSION,
  HOSTING_INSTANCE_TYPES,
  PROCESSING_INSTANCE_TYPES,
  TRAINING_INSTANCE_TYPES,
  TRANSFORM_INSTANCE_TYPES,
} from "./_sagemaker_instance_types.ts";

/** What an instance runs: a training job, an endpoint, a batch transform or a processing job. */
export type InstanceTypePurpose = "training" | "hosting" | "transform" | "processing";

/** Where the instance-type lists come from. */
export const INSTANCE_TYPES_SOURCE =
  `SageMaker service model (botocore ${BOTOCORE_VERSION}, sagemaker/2017-07-24)`;

const _BY_PURPOSE: Record<InstanceTypePurpose, readonly string[]> = {
  training: TRAINING_INSTANCE_TYPES,
  hosting: HOSTING_INSTANCE_TYPES,
  transform: TRANSFORM_INSTANCE_TYPES,
  processing: PROCESSING_INSTANCE_TYPES,
};
const _SETS = Object.fromEntries(
  Object.entries(_BY_PURPOSE).map(([purpose, types]) => [purpose, new Set(types)]),
) as unknown as Record<InstanceTypePurpose, ReadonlySet<string>>;

/**
 * The instance types SageMaker accepts for a purpose (the service model's enum, sorted).
 * @param purpose `training`, `hosting`, `transform` or `processing`
 * @returns the types
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(instanceTypesFor("training").includes("ml.g5.2xlarge"));
 * ```
 */
export function instanceTypesFor(purpose: InstanceTypePurpose): readonly string[] {
  return _BY_PURPOSE[purpose];
}

/**
 * Checks an instance type against the service model's enum for its purpose (any purpose when none is
 * given), suggesting the closest valid type for a typo.
 * @param field request field, for the violation
 * @param instanceType the value
 * @param purpose what the instance runs (default: any)
 * @returns violations (empty when the type is valid)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [violation] = checkInstanceType("ResourceConfig.InstanceType", "ml.g5.2xlarg", "training");
 * assert.match(violation.rule, /did you mean ml\.g5\.2xlarge\?/);
 * ```
 */
export function checkInstanceType(
  field: string,
  instanceType: string | undefined,
  purpose?: InstanceTypePurpose,
): PreflightViolation[] {
  if (!instanceType) return [{ field, rule: "is required" }];
  const purposes = purpose ? [purpose] : (Object.keys(_SETS) as InstanceTypePurpose[]);
  if (purposes.some((p) => _SETS[p].has(instanceType))) return [];
  const candidates = purposes.flatMap((p) => _BY_PURPOSE[p]);
  const hint = closestName(instanceType, candidates);
  const elsewhere = purpose
    ? (Object.keys(_SETS) as InstanceTypePurpose[]).filter((p) => _SETS[p].has(instanceType))
    : [];
  return [{
    field,
    rule:
      `not a SageMaker ${purpose ?? ""}${
        purpose ? " " : ""
      }instance type (${INSTANCE_TYPES_SOURCE})` +
      (elsewhere.length > 0 ? `; it exists for ${elsewhere.join(", ")} only` : "") +
      (hint ? `; did you mean ${hint}?` : "; e.g. ml.g5.2xlarge"),
    value: instanceType,
  }];
}

/**
 * Instance families with local NVMe instance storage, for which SageMaker refuses a `VolumeKmsKeyId` /
 * endpoint `KmsKeyId` (the storage is encrypted by the instance's hardware module; service-model doc
 * strings of `ResourceConfig.VolumeKmsKeyId` and `CreateEndpointConfig.KmsKeyId`). Curated from the
 * "Instance storage" column of the EC2 instance-type specifications (https://aws.amazon.com/ec2/instance-types/,
 * linked as "Instance Store Volumes" from those doc strings): a family is listed when every size of it has
 * NVMe instance storage. EBS-only families (c5, m5, p2, p3, inf1, inf2, c6i, …) are not.
 */
export const LOCAL_NVME_INSTANCE_FAMILIES: readonly string[] = [
  "c5d",
  "c6gd",
  "dl1",
  "g4dn",
  "g5",
  "g6",
  "g6e",
  "g7e",
  "m5d",
  "m6gd",
  "p3dn",
  "p4d",
  "p4de",
  "p5",
  "p5e",
  "p5en",
  "p6-b200",
  "p6-b300",
  "p6e-gb200",
  "r5d",
  "r6gd",
  "r7gd",
  "trn1",
  "trn1n",
  "trn2",
];
const _NVME = new Set(LOCAL_NVME_INSTANCE_FAMILIES);

/**
 * The family of an instance type: `ml.g5.2xlarge` → `g5`, `ml.p6-b200.48xlarge` → `p6-b200`.
 * @param instanceType e.g. `ml.g5.2xlarge`
 * @returns the family, or "" when the name has no `ml.<family>.<size>` shape
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(instanceFamily("ml.p6e-gb200.36xlarge"), "p6e-gb200");
 * ```
 */
export function instanceFamily(instanceType: string): string {
  return /^ml\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(instanceType)?.[1] ?? "";
}

/**
 * True when the instance type has local NVMe storage (so a volume KMS key must not be given).
 * @param instanceType e.g. `ml.g5.2xlarge`
 * @returns whether its family is in {@link LOCAL_NVME_INSTANCE_FAMILIES}
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(hasLocalNvmeStorage("ml.g5.2xlarge"), true);
 * assert.equal(hasLocalNvmeStorage("ml.p3.2xlarge"), false);
 * ```
 */
export function hasLocalNvmeStorage(instanceType: string): boolean {
  return _NVME.has(instanceFamily(instanceType));
}

/**
 * NVIDIA GPUs per instance type of the GPU families SageMaker offers (EC2 accelerated-computing
 * specifications, https://aws.amazon.com/ec2/instance-types/#Accelerated_Computing): the number of
 * processes a launcher starts per instance (training) and TGI's tensor-parallel degree (generator).
 * A test checks that every `ml.g*` / `ml.p*` type of the service model is listed.
 */
export const GPUS_PER_INSTANCE: Readonly<Record<string, number>> = {
  "ml.g4dn.xlarge": 1,
  "ml.g4dn.2xlarge": 1,
  "ml.g4dn.4xlarge": 1,
  "ml.g4dn.8xlarge": 1,
  "ml.g4dn.12xlarge": 4,
  "ml.g4dn.16xlarge": 1,
  "ml.g5.xlarge": 1,
  "ml.g5.2xlarge": 1,
  "ml.g5.4xlarge": 1,
  "ml.g5.8xlarge": 1,
  "ml.g5.16xlarge": 1,
  "ml.g5.12xlarge": 4,
  "ml.g5.24xlarge": 4,
  "ml.g5.48xlarge": 8,
  "ml.g6.xlarge": 1,
  "ml.g6.2xlarge": 1,
  "ml.g6.4xlarge": 1,
  "ml.g6.8xlarge": 1,
  "ml.g6.16xlarge": 1,
  "ml.g6.12xlarge": 4,
  "ml.g6.24xlarge": 4,
  "ml.g6.48xlarge": 8,
  "ml.g6e.xlarge": 1,
  "ml.g6e.2xlarge": 1,
  "ml.g6e.4xlarge": 1,
  "ml.g6e.8xlarge": 1,
  "ml.g6e.16xlarge": 1,
  "ml.g6e.12xlarge": 4,
  "ml.g6e.24xlarge": 4,
  "ml.g6e.48xlarge": 8,
  "ml.g7e.2xlarge": 1,
  "ml.g7e.4xlarge": 1,
  "ml.g7e.8xlarge": 1,
  "ml.g7e.12xlarge": 2,
  "ml.g7e.24xlarge": 4,
  "ml.g7e.48xlarge": 8,
  "ml.p2.xlarge": 1,
  "ml.p2.8xlarge": 8,
  "ml.p2.16xlarge": 16,
  "ml.p3.2xlarge": 1,
  "ml.p3.8xlarge": 4,
  "ml.p3.16xlarge": 8,
  "ml.p3dn.24xlarge": 8,
  "ml.p4d.24xlarge": 8,
  "ml.p4de.24xlarge": 8,
  "ml.p5.4xlarge": 1,
  "ml.p5.48xlarge": 8,
  "ml.p5e.48xlarge": 8,
  "ml.p5en.48xlarge": 8,
  "ml.p6-b200.48xlarge": 8,
  "ml.p6-b300.48xlarge": 8,
  "ml.p6e-gb200.36xlarge": 4,
};

/**
 * GPUs of an instance type: the curated count, 0 for a type outside the GPU families (`ml.g*`, `ml.p*`),
 * undefined for a GPU-family type missing from {@link GPUS_PER_INSTANCE}.
 * @param instanceType e.g. `ml.g5.12xlarge`
 * @returns the number of GPUs
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(gpusPerInstance("ml.g5.12xlarge"), 4);
 * assert.equal(gpusPerInstance("ml.m5.xlarge"), 0);
 * ```
 */
export function gpusPerInstance(instanceType: string): number | undefined {
  const count = GPUS_PER_INSTANCE[instanceType];
  if (count !== undefined) return count;
  return /^[gp]\d/.test(instanceFamily(instanceType)) ? undefined : 0;
}
