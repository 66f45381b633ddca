/**
 * Preflight rules shared by every SageMaker request builder. Rules come from the SageMaker service model
 * (see shared/reference/sagemaker-deno-contamination.md §3); each check returns violations that name the
 * field and the rule, and {@link assertNoViolations} turns them into one {@link PreflightError}.
 */
import { PreflightError, type PreflightViolation } from "../core/mod.ts";

/** Name pattern of tuning jobs (1–32 characters). */
export const TUNING_JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;
/** Name pattern of training jobs, endpoints and endpoint configs (1–63 characters). */
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** Name pattern of models (1–63 characters). */
export const MODEL_NAME_PATTERN = /^[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** KMS key id / ARN / alias pattern, at most 2,048 characters. */
export const KMS_KEY_PATTERN = /^[a-zA-Z0-9:/_-]{1,2048}$/;
/** IAM role ARN pattern used by SageMaker. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z\-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
/** S3 bucket name rules (3–63, lower case, digits, dots, hyphens). */
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Checks a resource name against a length limit and pattern.
 * @param field request field, e.g. `EndpointName`
 * @param name the value
 * @param maxLength limit in characters
 * @param pattern the service's regex
 * @returns violations (empty when fine)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkName("EndpointName", "ade-r1", 63, RESOURCE_NAME_PATTERN), []);
 * assert.equal(checkName("EndpointName", "x".repeat(64), 63, RESOURCE_NAME_PATTERN)[0].rule, "at most 63 characters (has 64)");
 * ```
 */
export function checkName(
  field: string,
  name: string | undefined,
  maxLength: number,
  pattern: RegExp,
): PreflightViolation[] {
  if (name === undefined || name === "") return [{ field, rule: "is required" }];
  const violations: PreflightViolation[] = [];
  if (name.length > maxLength) {
    violations.push({
      field,
      rule: `at most ${maxLength} characters (has ${name.length})`,
      value: name,
    });
  }
  if (!pattern.test(name)) {
    violations.push({ field, rule: `must match ${pattern.source}`, value: name });
  }
  return violations;
}

/**
 * Checks a KMS key id or ARN (required for every storage location we write).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkKmsKey("KmsKeyId", "alias/ade"), []);
 * assert.match(checkKmsKey("KmsKeyId", undefined)[0].rule, /KMS key is required/);
 * ```
 */
export function checkKmsKey(field: string, keyId: string | undefined): PreflightViolation[] {
  if (!keyId) return [{ field, rule: "a KMS key is required (HIPAA: encryption at rest)" }];
  return KMS_KEY_PATTERN.test(keyId)
    ? []
    : [{ field, rule: `must match ${KMS_KEY_PATTERN.source}`, value: keyId }];
}

/**
 * Checks an IAM role ARN.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkRoleArn("RoleArn", "arn:aws:iam::123456789012:role/ade"), []);
 * assert.equal(checkRoleArn("RoleArn", "ade-role")[0].value, "ade-role");
 * ```
 */
export function checkRoleArn(field: string, roleArn: string | undefined): PreflightViolation[] {
  if (!roleArn) return [{ field, rule: "is required" }];
  return ROLE_ARN_PATTERN.test(roleArn) ? [] : [{
    field,
    rule: "must be an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)",
    value: roleArn,
  }];
}

/**
 * Checks an S3 bucket name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkBucket("Bucket", "my-ade-bucket"), []);
 * assert.equal(checkBucket("Bucket", "My_Bucket").length, 1);
 * ```
 */
export function checkBucket(field: string, bucket: string | undefined): PreflightViolation[] {
  if (!bucket) return [{ field, rule: "is required" }];
  return BUCKET_PATTERN.test(bucket) && !bucket.includes("..") ? [] : [{
    field,
    rule: "must be a valid S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)",
    value: bucket,
  }];
}

/**
 * Checks a tag list: at most 50 tags, keys ≤128 and values ≤256 characters.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkTags("Tags", [{ Key: "ade:run-id", Value: "r1" }]), []);
 * assert.match(checkTags("Tags", [])[0].rule, /run tags/);
 * ```
 */
export function checkTags(
  field: string,
  tags: Array<{ Key?: string; Value?: string }> | undefined,
): PreflightViolation[] {
  if (!tags || tags.length === 0) {
    return [{ field, rule: "every resource must carry the run tags" }];
  }
  const violations: PreflightViolation[] = [];
  if (tags.length > 50) violations.push({ field, rule: `at most 50 tags (has ${tags.length})` });
  tags.forEach((tag, index) => {
    if (!tag.Key || tag.Key.length > 128) {
      violations.push({ field: `${field}[${index}].Key`, rule: "1–128 characters" });
    }
    if ((tag.Value ?? "").length > 256) {
      violations.push({ field: `${field}[${index}].Value`, rule: "at most 256 characters" });
    }
  });
  return violations;
}

/**
 * Checks a `VpcConfig`: 1–5 security groups and 1–16 subnets.
 * @param field request field, e.g. `VpcConfig`
 * @param vpc the VPC placement
 * @returns violations (empty when fine)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkVpcConfig("VpcConfig", { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] }), []);
 * assert.equal(checkVpcConfig("VpcConfig", { SecurityGroupIds: [], Subnets: ["subnet-1"] }).length, 1);
 * ```
 */
export function checkVpcConfig(
  field: string,
  vpc: { SecurityGroupIds?: string[]; Subnets?: string[] },
): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  const groups = vpc.SecurityGroupIds?.length ?? 0;
  const subnets = vpc.Subnets?.length ?? 0;
  if (groups < 1 || groups > 5) {
    violations.push({
      field: `${field}.SecurityGroupIds`,
      rule: `1–5 security groups (has ${groups})`,
    });
  }
  if (subnets < 1 || subnets > 16) {
    violations.push({ field: `${field}.Subnets`, rule: `1–16 subnets (has ${subnets})` });
  }
  return violations;
}

/**
 * Checks an AWS region name such as `us-east-1` or `us-gov-west-1`.
 * @param region the region
 * @returns violations (empty when fine)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkRegion("eu-west-1"), []);
 * assert.equal(checkRegion("europe").length, 1);
 * ```
 */
export function checkRegion(region: string): PreflightViolation[] {
  return /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)
    ? []
    : [{ field: "region", rule: "must be an AWS region such as us-east-1", value: region }];
}

/**
 * Throws a {@link PreflightError} listing every violation, or returns when there are none.
 * @throws {PreflightError}
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PreflightError } from "../core/mod.ts";
 * assertNoViolations([]); // nothing to report
 * assert.throws(() => assertNoViolations(checkBucket("Bucket", "")), PreflightError);
 * ```
 */
export function assertNoViolations(violations: PreflightViolation[]): void {
  if (violations.length > 0) throw new PreflightError(violations);
}
