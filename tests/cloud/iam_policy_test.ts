/** buildIamPolicies(): only the actions the code sends, scoped resources, well-formed documents. */
import assert from "node:assert/strict";
import {
  buildIamPolicies,
  type IamPolicyDocument,
  imageUri,
  writeIamPolicies,
} from "../../lib/cloud/mod.ts";
import { IAM_ACTIONS_BY_OPERATION } from "../../lib/cloud/iam_policy.ts";
import { PreflightError } from "../../lib/core/mod.ts";
import { BUCKET, KMS_KEY, ROLE_ARN } from "./_fixtures.ts";

const LIB = new URL("../../lib/", import.meta.url).pathname;
/** Actions AWS does not scope to resources: the only ones that may take `"Resource": "*"`. */
function unscopable(action: string): boolean {
  return action === "ecr:GetAuthorizationToken" || action === "cloudwatch:PutMetricData" ||
    /^ec2:(Describe[A-Za-z]+|(Create|Delete)NetworkInterface(Permission)?)$/.test(action);
}

/** Every `new XCommand(` under lib/: operation → files that send it. */
async function sentOperations(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        const source = await Deno.readTextFile(path);
        for (const match of source.matchAll(/new\s+([A-Z][A-Za-z0-9]*)Command\s*\(/g)) {
          found.set(match[1], [...(found.get(match[1]) ?? []), path.slice(LIB.length)]);
        }
      }
    }
  };
  await walk(LIB.replace(/\/$/, ""));
  return found;
}

function actionsOf(policy: IamPolicyDocument): Set<string> {
  return new Set(policy.Statement.flatMap((statement) => statement.Action));
}

/** Structural checks of a policy document (what IAM's validator would refuse, and our own rules). */
function assertWellFormed(policy: IamPolicyDocument, name: string): void {
  assert.equal(policy.Version, "2012-10-17", name);
  assert.ok(Array.isArray(policy.Statement) && policy.Statement.length > 0, name);
  const sids = policy.Statement.map((statement) => statement.Sid);
  assert.equal(new Set(sids).size, sids.length, `${name}: Sids are unique`);
  for (const statement of policy.Statement) {
    const where = `${name} ${statement.Sid}`;
    assert.match(statement.Sid, /^[A-Za-z0-9]+$/, where);
    assert.equal(statement.Effect, "Allow", where);
    assert.deepEqual(
      Object.keys(statement).filter((key) =>
        !["Sid", "Effect", "Action", "Resource", "Condition"].includes(key)
      ),
      [],
      where,
    );
    assert.ok(statement.Action.length > 0, where);
    for (const action of statement.Action) {
      assert.match(action, /^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/, `${where}: ${action} (no wildcard)`);
    }
    assert.deepEqual(statement.Action, [...statement.Action].sort(), `${where}: sorted`);
    assert.ok(statement.Resource.length > 0, where);
    for (const resource of statement.Resource) {
      if (resource === "*") {
        for (const action of statement.Action) {
          assert.ok(unscopable(action), `${where}: ${action} must not take Resource "*"`);
        }
      } else {
        assert.match(resource, /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, where);
      }
    }
    for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
      assert.match(
        operator,
        /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringLike|Bool)$/,
        where,
      );
      for (const [key, value] of Object.entries(entries)) {
        assert.match(key, /^[a-z0-9]+:[A-Za-z0-9]+$/, where);
        assert.ok(typeof value === "string" || (Array.isArray(value) && value.length > 0), where);
      }
    }
  }
  // IAM's limit for a managed policy: 6,144 characters without white space.
  const size = JSON.stringify(policy).replace(/\s/g, "").length;
  assert.ok(size <= 6144, `${name}: ${size} characters`);
}

Deno.test("the caller policy grants the IAM actions of every SDK command the code sends, and no others", async () => {
  const sent = await sentOperations();
  assert.ok(sent.size >= 20, `found ${sent.size} operations`);
  const unmapped = [...sent].filter(([operation]) => !(operation in IAM_ACTIONS_BY_OPERATION));
  assert.deepEqual(
    unmapped.map(([operation, files]) => `${operation} (${files.join(", ")})`),
    [],
    "commands sent under lib/ without IAM actions in IAM_ACTIONS_BY_OPERATION",
  );
  const stale = Object.keys(IAM_ACTIONS_BY_OPERATION).filter((operation) => !sent.has(operation));
  assert.deepEqual(stale, [], "IAM_ACTIONS_BY_OPERATION lists operations the code no longer sends");
  const { caller } = buildIamPolicies({ bucket: BUCKET, kmsKeyId: KMS_KEY, roleArn: ROLE_ARN });
  const granted = actionsOf(caller);
  for (const [operation, actions] of Object.entries(IAM_ACTIONS_BY_OPERATION)) {
    for (const action of actions) assert.ok(granted.has(action), `${operation} needs ${action}`);
  }
  const needed = new Set(Object.values(IAM_ACTIONS_BY_OPERATION).flat());
  assert.deepEqual([...granted].filter((action) => !needed.has(action)), [], "nothing extra");
  // A SageMaker operation and its IAM action share the name.
  for (const operation of sent.keys()) {
    const sagemaker = IAM_ACTIONS_BY_OPERATION[operation].find((a) => a.startsWith("sagemaker:"));
    if (sagemaker && sagemaker !== "sagemaker:AddTags") {
      assert.equal(sagemaker, `sagemaker:${operation}`);
    }
  }
});

Deno.test("buildIamPolicies() writes well-formed documents with no * action (with and without VPC)", () => {
  for (const vpc of [false, true]) {
    const policies = buildIamPolicies({
      bucket: BUCKET,
      kmsKeyId: KMS_KEY,
      roleArn: ROLE_ARN,
      region: "eu-west-1",
      vpc,
    });
    assertWellFormed(policies.caller, "caller");
    assertWellFormed(policies.executionRole, "execution role");
    assert.equal(actionsOf(policies.executionRole).has("ec2:CreateNetworkInterface"), vpc);
  }
});

Deno.test("buildIamPolicies() scopes resources to ade/ objects, ade-* SageMaker names, the key and the role", () => {
  const { caller, executionRole } = buildIamPolicies({
    bucket: BUCKET,
    kmsKeyId: KMS_KEY,
    roleArn: ROLE_ARN,
    region: "us-east-1",
  });
  const statement = (policy: IamPolicyDocument, sid: string) =>
    policy.Statement.find((s) => s.Sid === sid)!;
  const sagemaker = statement(caller, "SageMakerAdeResources");
  assert.ok(
    sagemaker.Resource.every((arn) =>
      /^arn:aws:sagemaker:us-east-1:123456789012:[a-z-]+\/ade-\*$/.test(arn)
    ),
  );
  assert.ok(sagemaker.Resource.includes("arn:aws:sagemaker:us-east-1:123456789012:endpoint/ade-*"));
  assert.deepEqual(statement(caller, "ObjectsUnderAde").Resource, [`arn:aws:s3:::${BUCKET}/ade/*`]);
  assert.deepEqual(statement(caller, "ListAdePrefix").Condition, {
    StringLike: { "s3:prefix": ["ade/", "ade/*"] },
  });
  const pass = statement(caller, "PassTheExecutionRoleToSageMaker");
  assert.deepEqual(pass.Resource, [ROLE_ARN]);
  assert.deepEqual(pass.Condition, {
    StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" },
  });
  assert.deepEqual(statement(caller, "UseTheStudyKey").Resource, [KMS_KEY]);
  assert.deepEqual(statement(caller, "GrantsForSageMaker").Condition, {
    Bool: { "kms:GrantIsForAWSResource": "true" },
  });
  for (const policy of [caller, executionRole]) {
    for (const s of policy.Statement) {
      for (const resource of s.Resource) {
        if (resource.startsWith("arn:aws:s3:::")) {
          assert.ok(
            resource === `arn:aws:s3:::${BUCKET}` || resource === `arn:aws:s3:::${BUCKET}/ade/*`,
          );
        }
      }
    }
  }
  const ecr = statement(executionRole, "PullTheHuggingFaceImages");
  assert.deepEqual(ecr.Resource, [
    "arn:aws:ecr:us-east-1:763104351884:repository/huggingface-pytorch-inference",
    "arn:aws:ecr:us-east-1:763104351884:repository/huggingface-pytorch-tgi-inference",
    "arn:aws:ecr:us-east-1:763104351884:repository/huggingface-pytorch-training",
  ]);
  assert.ok(
    statement(executionRole, "SageMakerLogs").Resource.every((arn) =>
      arn.startsWith("arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/")
    ),
  );
  assert.ok(statement(executionRole, "SageMakerMetrics").Condition);
});

Deno.test("buildIamPolicies() pulls images from the region's DLC account and reads the partition from the role", () => {
  const { executionRole } = buildIamPolicies({
    bucket: BUCKET,
    kmsKeyId: "alias/ade",
    roleArn: "arn:aws-cn:iam::123456789012:role/ade-execution",
    region: "cn-north-1",
  });
  const ecr = executionRole.Statement.find((s) => s.Sid === "PullTheHuggingFaceImages")!;
  const account = imageUri("training", "cn-north-1").split(".")[0];
  assert.equal(account, "727897471807");
  assert.ok(ecr.Resource.every((arn) => arn.startsWith(`arn:aws-cn:ecr:cn-north-1:${account}:`)));
  const objects = executionRole.Statement.find((s) => s.Sid === "ReadAndWriteObjectsUnderAde")!;
  assert.deepEqual(objects.Resource, [`arn:aws-cn:s3:::${BUCKET}/ade/*`]);
  const af = buildIamPolicies({
    bucket: BUCKET,
    kmsKeyId: KMS_KEY,
    roleArn: ROLE_ARN,
    region: "af-south-1",
  });
  assert.ok(
    af.executionRole.Statement.find((s) => s.Sid === "PullTheHuggingFaceImages")!.Resource
      .every((arn) => arn.includes(":626614931356:repository/")),
  );
});

Deno.test("buildIamPolicies() turns every form of KMS key into a key resource (alias by condition)", () => {
  const keyStatement = (kmsKeyId: string) =>
    buildIamPolicies({ bucket: BUCKET, kmsKeyId, roleArn: ROLE_ARN, region: "eu-west-1" }).caller
      .Statement.find((s) => s.Sid === "UseTheStudyKey")!;
  assert.deepEqual(keyStatement(KMS_KEY).Resource, [KMS_KEY]);
  assert.deepEqual(keyStatement("1234abcd-12ab-34cd-56ef-1234567890ab").Resource, [
    "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  ]);
  const alias = keyStatement("alias/ade");
  assert.deepEqual(alias.Resource, ["arn:aws:kms:eu-west-1:123456789012:key/*"]);
  assert.deepEqual(alias.Condition, {
    "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/ade" },
  });
  const aliasArn = keyStatement("arn:aws:kms:us-west-2:210987654321:alias/ade");
  assert.deepEqual(aliasArn.Resource, ["arn:aws:kms:us-west-2:210987654321:key/*"]);
});

Deno.test("buildIamPolicies() refuses a bad bucket, key or role; writeIamPolicies() writes both files", async () => {
  assert.throws(
    () =>
      buildIamPolicies({ bucket: "Bad_Bucket", kmsKeyId: "", roleArn: "arn:aws:iam::1:user/x" }),
    (error: unknown) =>
      error instanceof PreflightError &&
      error.violations.map((v) => v.field).join(",") === "bucket,kmsKeyId,roleArn",
  );
  const dir = await Deno.makeTempDir({ prefix: "ade-iam-" });
  try {
    const policies = buildIamPolicies({ bucket: BUCKET, kmsKeyId: KMS_KEY, roleArn: ROLE_ARN });
    const paths = await writeIamPolicies(`${dir}/out/`, policies);
    assert.equal(paths.caller, `${dir}/out/caller-policy.json`);
    assert.equal(paths.executionRole, `${dir}/out/execution-role-policy.json`);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(paths.caller)), policies.caller);
    assert.deepEqual(
      JSON.parse(await Deno.readTextFile(paths.executionRole)),
      policies.executionRole,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
