/**
 * `ade iam-policy`: writes the least-privilege IAM policies for running the study on an account:
 * `caller-policy.json` (whoever runs `deno task ade …`) and `execution-role-policy.json` (the role
 * SageMaker assumes). Nothing is sent to AWS.
 * @module
 */
import { buildIamPolicies, writeIamPolicies } from "../../cloud/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { awsFlags } from "../flag_sets.ts";

const verb = defineVerb({
  name: "iam-policy",
  summary: "write least-privilege IAM policies for the caller and the SageMaker execution role",
  usage: "--bucket B --kms-key-id K --role-arn R [--region R] [--vpc] --out DIR",
  flags: {
    ...awsFlags({
      "role-arn": "the SageMaker execution role (its account and partition are used)",
      bucket: "the study's bucket (access is limited to ade/)",
      "kms-key-id": "the study's KMS key (ARN, id or alias)",
    }),
    vpc: {
      type: "boolean",
      description:
        "let the execution role manage network interfaces (for --subnet/--security-group)",
    },
    out: {
      type: "string",
      description: "folder for caller-policy.json and execution-role-policy.json",
    },
  },
  async run(flags) {
    const policies = buildIamPolicies({
      bucket: flags.required("bucket"),
      kmsKeyId: flags.required("kms-key-id"),
      roleArn: flags.required("role-arn"),
      region: flags.string("region"),
      vpc: flags.boolean("vpc"),
    });
    const paths = await writeIamPolicies(flags.required("out"), policies);
    for (
      const [label, path, policy] of [
        ["caller", paths.caller, policies.caller],
        ["execution role", paths.executionRole, policies.executionRole],
      ] as const
    ) {
      const actions = new Set(policy.Statement.flatMap((statement) => statement.Action));
      console.log(
        `${path}: ${label}, ${policy.Statement.length} statements, ${actions.size} actions`,
      );
    }
    console.log(
      "SageMaker resources are limited to names starting with ade- (tuning jobs, models, endpoint " +
        "configs, endpoints), S3 to ade/ in the bucket; see README § Running on your AWS account",
    );
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `iam-policy`
 * @returns 0 when both files are written
 * @throws {UsageError} bad flags; {@link PreflightError} bad bucket, key, role or region
 */
export const run = verb.run;
