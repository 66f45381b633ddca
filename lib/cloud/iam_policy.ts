/**
 * Least-privilege IAM policies for running the study on an AWS account, as pure functions of the bucket,
 * the KMS key and the SageMaker execution role:
 *
 * - the **caller policy** (for the user or CI role that runs `deno task ade …`): exactly the actions of the
 *   SDK commands the toolkit sends ({@link IAM_ACTIONS_BY_OPERATION}; a test checks it against every
 *   `new …Command(` in `lib/`), on `ade-*` SageMaker resources, objects under `ade/` in the bucket and the
 *   one key, plus `iam:PassRole` on the execution role only towards `sagemaker.amazonaws.com`;
 * - the **execution-role policy** (the role SageMaker assumes for training jobs and endpoints): read and
 *   write `ade/` in the bucket, use the key, pull the Hugging Face images from the DLC account of the
 *   region, write CloudWatch logs and metrics, and (optionally) manage the network interfaces of a VPC.
 *
 * No statement grants a `*` action. Actions that AWS does not scope to resources take `"Resource": "*"`:
 * `ecr:GetAuthorizationToken`, `cloudwatch:PutMetricData` (limited to SageMaker's namespaces) and, with
 * `vpc`, the EC2 network-interface actions (limited to the region).
 */
import { AdeError, type PreflightViolation, writeJsonAtomic } from "../core/mod.ts";
import { IMAGE_TAGS, type ImageKind, imageUri } from "./images.ts";
import {
  assertNoViolations,
  checkBucket,
  checkKmsKey,
  checkRegion,
  checkRoleArn,
} from "./preflight.ts";

/**
 * The IAM actions each SDK command of the toolkit needs from the caller (service authorization reference):
 * tags on Create* need `sagemaker:AddTags`, a `Tagging` header on PutObject needs `s3:PutObjectTagging`,
 * SSE-KMS writes need `kms:GenerateDataKey` (multipart ones also `kms:Decrypt`), reads of SSE-KMS objects
 * need `kms:Decrypt`, jobs and endpoints given a `KmsKeyId` need grants on the key, and every request that
 * names the execution role needs `iam:PassRole`. `ListObjectsV2` is `s3:ListBucket`; `DeleteObjects` is
 * `s3:DeleteObject` per key (`s3:DeleteObjectVersion` for versions, which cleanup deletes in a versioned
 * bucket); `ListObjectVersions` is `s3:ListBucketVersions`; `HeadObject` is `s3:GetObject`.
 */
export const IAM_ACTIONS_BY_OPERATION: Readonly<Record<string, readonly string[]>> = {
  // SageMaker
  CreateHyperParameterTuningJob: [
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:AddTags",
    "iam:PassRole",
    "kms:CreateGrant",
    "kms:DescribeKey",
  ],
  DescribeHyperParameterTuningJob: ["sagemaker:DescribeHyperParameterTuningJob"],
  ListTrainingJobsForHyperParameterTuningJob: [
    "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
  ],
  StopHyperParameterTuningJob: ["sagemaker:StopHyperParameterTuningJob"],
  DescribeTrainingJob: ["sagemaker:DescribeTrainingJob"],
  StopTrainingJob: ["sagemaker:StopTrainingJob"],
  // No iam:PassRole: a transform job runs with its model's role.
  CreateTransformJob: [
    "sagemaker:CreateTransformJob",
    "sagemaker:AddTags",
    "kms:CreateGrant",
    "kms:DescribeKey",
  ],
  DescribeTransformJob: ["sagemaker:DescribeTransformJob"],
  StopTransformJob: ["sagemaker:StopTransformJob"],
  CreateModel: ["sagemaker:CreateModel", "sagemaker:AddTags", "iam:PassRole"],
  DescribeModel: ["sagemaker:DescribeModel"],
  DeleteModel: ["sagemaker:DeleteModel"],
  CreateEndpointConfig: [
    "sagemaker:CreateEndpointConfig",
    "sagemaker:AddTags",
    "kms:CreateGrant",
    "kms:DescribeKey",
  ],
  DescribeEndpointConfig: ["sagemaker:DescribeEndpointConfig"],
  DeleteEndpointConfig: ["sagemaker:DeleteEndpointConfig"],
  CreateEndpoint: ["sagemaker:CreateEndpoint", "sagemaker:AddTags", "kms:CreateGrant"],
  DescribeEndpoint: ["sagemaker:DescribeEndpoint"],
  DeleteEndpoint: ["sagemaker:DeleteEndpoint"],
  ListTags: ["sagemaker:ListTags"],
  // SageMaker Runtime
  InvokeEndpoint: ["sagemaker:InvokeEndpoint"],
  // S3
  PutObject: ["s3:PutObject", "s3:PutObjectTagging", "kms:GenerateDataKey"],
  GetObject: ["s3:GetObject", "kms:Decrypt"],
  HeadObject: ["s3:GetObject"],
  ListObjectsV2: ["s3:ListBucket"],
  ListObjectVersions: ["s3:ListBucketVersions"],
  GetBucketVersioning: ["s3:GetBucketVersioning"],
  DeleteObject: ["s3:DeleteObject"],
  DeleteObjects: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
  CreateMultipartUpload: ["s3:PutObject", "kms:GenerateDataKey"],
  UploadPart: ["s3:PutObject", "kms:GenerateDataKey", "kms:Decrypt"],
  CompleteMultipartUpload: ["s3:PutObject", "kms:Decrypt"],
  AbortMultipartUpload: ["s3:AbortMultipartUpload"],
};

/** The SageMaker resource types the toolkit creates, all named `ade-*`. */
const SAGEMAKER_RESOURCE_TYPES = [
  "hyper-parameter-tuning-job",
  "training-job",
  "transform-job",
  "model",
  "endpoint-config",
  "endpoint",
] as const;

/** CloudWatch namespaces SageMaker writes job and endpoint metrics to. */
const SAGEMAKER_METRIC_NAMESPACES = ["/aws/sagemaker/*", "aws/sagemaker/*"];

/** One policy statement. */
export interface IamStatement {
  /** Statement id (letters and digits). */
  Sid: string;
  /** Always `Allow` here. */
  Effect: "Allow";
  /** Actions (`service:Action`), sorted. */
  Action: string[];
  /** Resource ARNs, or `["*"]` for actions AWS does not scope. */
  Resource: string[];
  /** Optional conditions. */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
  /** Policy language version. */
  Version: "2012-10-17";
  /** The statements. */
  Statement: IamStatement[];
}

/** Options of {@link buildIamPolicies}. */
export interface IamPolicyOptions {
  /** The study's bucket. */
  bucket: string;
  /** The KMS key: key ARN, key id or alias (`alias/…` or its ARN). */
  kmsKeyId: string;
  /** ARN of the SageMaker execution role (the account and partition are read from it). */
  roleArn: string;
  /** Region (default `AWS_REGION`, else us-east-1). */
  region?: string;
  /** Grant the execution role the network-interface actions a `VpcConfig` needs (default false). */
  vpc?: boolean;
}

/** The two policies. */
export interface IamPolicies {
  /** For the principal that runs the toolkit. */
  caller: IamPolicyDocument;
  /** For the SageMaker execution role. */
  executionRole: IamPolicyDocument;
}

interface _Context {
  partition: string;
  account: string;
  region: string;
  bucket: string;
  objects: string;
  bucketArn: string;
  roleArn: string;
  key: { resource: string; condition?: IamStatement["Condition"] };
}

/**
 * Preflight of {@link buildIamPolicies}'s options.
 * @param options bucket, key, role, region
 * @returns violations (empty when fine)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const roleArn = "arn:aws:iam::123456789012:role/r";
 * assert.deepEqual(checkIamPolicyOptions({ bucket: "b-1", kmsKeyId: "alias/ade", roleArn }), []);
 * ```
 */
export function checkIamPolicyOptions(options: IamPolicyOptions): PreflightViolation[] {
  return [
    ...checkBucket("bucket", options.bucket),
    ...checkKmsKey("kmsKeyId", options.kmsKeyId),
    ...checkRoleArn("roleArn", options.roleArn),
    ...checkRegion(_region(options)),
  ];
}

/**
 * Builds the caller and execution-role policies (see the module doc).
 * @param options bucket, key, execution role, region, VPC
 * @returns both policy documents
 * @throws {PreflightError} for a bad bucket, key, role ARN or region
 * @example
 * ```ts
 * const { caller, executionRole } = buildIamPolicies({ bucket: "my-ade-bucket", kmsKeyId: "alias/ade",
 *   roleArn: "arn:aws:iam::123456789012:role/ade-sagemaker-execution", region: "eu-west-1" });
 * ```
 */
export function buildIamPolicies(options: IamPolicyOptions): IamPolicies {
  assertNoViolations(checkIamPolicyOptions(options));
  const context = _context(options);
  return { caller: _callerPolicy(context), executionRole: _executionRolePolicy(context, options) };
}

/**
 * Writes `caller-policy.json` and `execution-role-policy.json` into `outDir` (each atomically).
 * @param outDir output folder
 * @param policies from {@link buildIamPolicies}
 * @returns the two paths
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const outDir = await Deno.makeTempDir();
 * const roleArn = "arn:aws:iam::123456789012:role/ade-sagemaker";
 * const paths = await writeIamPolicies(outDir, buildIamPolicies({ bucket: "my-ade-bucket", kmsKeyId: "alias/ade", roleArn }));
 * assert.equal(JSON.parse(await Deno.readTextFile(paths.caller)).Version, "2012-10-17");
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function writeIamPolicies(
  outDir: string,
  policies: IamPolicies,
): Promise<{ caller: string; executionRole: string }> {
  const dir = outDir.replace(/\/+$/, "");
  const paths = {
    caller: `${dir}/caller-policy.json`,
    executionRole: `${dir}/execution-role-policy.json`,
  };
  await writeJsonAtomic(paths.caller, policies.caller);
  await writeJsonAtomic(paths.executionRole, policies.executionRole);
  return paths;
}

function _region(options: { region?: string }): string {
  let fromEnv: string | undefined;
  try {
    fromEnv = Deno.env.get("AWS_REGION") || undefined;
  } catch {
    fromEnv = undefined;
  }
  return options.region ?? fromEnv ?? "us-east-1";
}

function _context(options: IamPolicyOptions): _Context {
  const role = /^arn:(aws[a-z-]*):iam::(\d{12}):role\//.exec(options.roleArn);
  if (!role) throw new AdeError(`cannot read the account from ${options.roleArn}`);
  const [, partition, account] = role;
  const region = _region(options);
  const bucketArn = `arn:${partition}:s3:::${options.bucket}`;
  return {
    partition,
    account,
    region,
    bucket: options.bucket,
    objects: `${bucketArn}/ade/*`,
    bucketArn,
    roleArn: options.roleArn,
    key: _keyResource(options.kmsKeyId, partition, region, account),
  };
}

/**
 * KMS authorizes on the key's ARN: a key ARN is used as it is, a bare key id becomes the ARN in the role's
 * account and the region, an alias (name or ARN) becomes "any key of the account carrying that alias"
 * (`kms:ResourceAliases`).
 */
function _keyResource(
  kmsKeyId: string,
  partition: string,
  region: string,
  account: string,
): _Context["key"] {
  if (/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\//.test(kmsKeyId)) return { resource: kmsKeyId };
  const alias = /^(?:arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):)?(alias\/.+)$/.exec(kmsKeyId);
  if (alias) {
    const keyRegion = alias[1] ?? region;
    const keyAccount = alias[2] ?? account;
    return {
      resource: `arn:${partition}:kms:${keyRegion}:${keyAccount}:key/*`,
      condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias[3] } },
    };
  }
  return { resource: `arn:${partition}:kms:${region}:${account}:key/${kmsKeyId}` };
}

function _sageMakerArns(context: _Context): string[] {
  return SAGEMAKER_RESOURCE_TYPES.map((type) =>
    `arn:${context.partition}:sagemaker:${context.region}:${context.account}:${type}/ade-*`
  );
}

function _sorted(actions: Iterable<string>): string[] {
  return [...new Set(actions)].sort();
}

/** Actions on the bucket itself (not its objects). */
const BUCKET_ACTIONS: readonly string[] = [
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "s3:GetBucketVersioning",
];

/** `s3:ListBucket` (and, for the caller's cleanup, `s3:ListBucketVersions`) for keys under `ade/` only. */
function _listAdePrefix(context: _Context, actions: string[] = ["s3:ListBucket"]): IamStatement {
  return {
    Sid: "ListAdePrefix",
    Effect: "Allow",
    Action: actions,
    Resource: [context.bucketArn],
    Condition: { StringLike: { "s3:prefix": ["ade/", "ade/*"] } },
  };
}

/** `actions` on the study's key (an alias is matched by condition). */
function _keyUse(context: _Context, actions: string[]): IamStatement {
  return {
    Sid: "UseTheStudyKey",
    Effect: "Allow",
    Action: actions,
    Resource: [context.key.resource],
    ...(context.key.condition ? { Condition: context.key.condition } : {}),
  };
}

/** `kms:CreateGrant` on the key, only for grants to AWS services (SageMaker's volumes and endpoints). */
function _grantsForAwsResources(context: _Context, sid: string): IamStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: ["kms:CreateGrant"],
    Resource: [context.key.resource],
    Condition: {
      Bool: { "kms:GrantIsForAWSResource": "true" },
      ...(context.key.condition ?? {}),
    },
  };
}

/** The caller policy: one statement per resource kind, actions from {@link IAM_ACTIONS_BY_OPERATION}. */
function _callerPolicy(context: _Context): IamPolicyDocument {
  const all = _sorted(Object.values(IAM_ACTIONS_BY_OPERATION).flat());
  const of = (prefix: string, exclude: readonly string[] = []) =>
    all.filter((action) => action.startsWith(prefix) && !exclude.includes(action));
  const statements: IamStatement[] = [
    {
      Sid: "SageMakerAdeResources",
      Effect: "Allow",
      Action: of("sagemaker:"),
      Resource: _sageMakerArns(context),
    },
    {
      Sid: "ObjectsUnderAde",
      Effect: "Allow",
      Action: of("s3:", BUCKET_ACTIONS),
      Resource: [context.objects],
    },
    _listAdePrefix(context, of("s3:List")),
    {
      // Cleanup asks whether the bucket is versioned, to delete old versions and delete markers too.
      Sid: "ReadBucketVersioning",
      Effect: "Allow",
      Action: of("s3:GetBucket"),
      Resource: [context.bucketArn],
    },
    _keyUse(context, of("kms:", ["kms:CreateGrant"])),
    _grantsForAwsResources(context, "GrantsForSageMaker"),
    {
      Sid: "PassTheExecutionRoleToSageMaker",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [context.roleArn],
      Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
    },
  ];
  return { Version: "2012-10-17", Statement: statements.filter((s) => s.Action.length > 0) };
}

/** ECR repositories (ARNs) of the images the toolkit runs in `region`. */
function _imageRepositories(context: _Context): string[] {
  const arns = new Set<string>();
  for (const kind of Object.keys(IMAGE_TAGS) as ImageKind[]) {
    const uri = imageUri(kind, context.region);
    const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.[a-z.]+\/([^:]+):/.exec(uri);
    if (!match) throw new AdeError(`unexpected image URI ${uri}`);
    arns.add(`arn:${context.partition}:ecr:${match[2]}:${match[1]}:repository/${match[3]}`);
  }
  return [...arns].sort();
}

/** The execution role's policy (what SageMaker does on the study's behalf). */
function _executionRolePolicy(context: _Context, options: IamPolicyOptions): IamPolicyDocument {
  const logGroups =
    `arn:${context.partition}:logs:${context.region}:${context.account}:log-group:/aws/sagemaker/*`;
  const statements: IamStatement[] = [
    {
      Sid: "ReadAndWriteObjectsUnderAde",
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: [context.objects],
    },
    _listAdePrefix(context),
    _keyUse(context, ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]),
    _grantsForAwsResources(context, "GrantsForVolumes"),
    {
      Sid: "PullTheHuggingFaceImages",
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ],
      Resource: _imageRepositories(context),
    },
    {
      Sid: "EcrLoginNotScopable",
      Effect: "Allow",
      Action: ["ecr:GetAuthorizationToken"],
      Resource: ["*"],
    },
    {
      Sid: "SageMakerLogs",
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
      ],
      Resource: [logGroups, `${logGroups}:log-stream:*`],
    },
    {
      Sid: "SageMakerMetrics",
      Effect: "Allow",
      Action: ["cloudwatch:PutMetricData"],
      Resource: ["*"],
      Condition: { StringLike: { "cloudwatch:namespace": SAGEMAKER_METRIC_NAMESPACES } },
    },
  ];
  if (options.vpc) {
    statements.push({
      Sid: "VpcNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
        "ec2:DeleteNetworkInterfacePermission",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
      ],
      Resource: ["*"],
      Condition: { StringEquals: { "aws:RequestedRegion": context.region } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
