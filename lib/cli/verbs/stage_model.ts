/**
 * `ade stage-model`: copies a Hugging Face model (every file `from_pretrained` needs) into S3 with SSE-KMS,
 * for network-isolated training jobs (the `models` channel) and endpoints; resumable, with progress, and
 * complete only once its marker is written. `--dry-run` lists what would be staged.
 * @module
 */
import {
  DEFAULT_MODELS_PREFIX,
  GENERATOR_WEIGHTS_PREFIX,
  planModelStaging,
  s3Uri,
  stageModel,
} from "../../cloud/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
import {
  awsFlags,
  NEW_RUN_RECORDING_FLAGS,
  QUIET_FLAG,
  runIdFrom,
  storePathFrom,
} from "../flag_sets.ts";

const MIB = 1024 * 1024;
const { bucket, "kms-key-id": kmsKeyId, region } = awsFlags({
  bucket: "S3 bucket to stage into",
  "kms-key-id": "KMS key for SSE-KMS on every staged object",
});

const verb = defineVerb({
  name: "stage-model",
  summary: "copy a Hugging Face model into S3 (SSE-KMS) for network-isolated SageMaker jobs",
  usage: [
    "--model HUB_ID --bucket B --kms-key-id K [--prefix ade/models/] [--hub-url URL] [--region R]",
    " [--revision REV] [--cache-dir DIR] [--keep-downloads] [--dry-run]",
  ],
  flags: {
    model: {
      type: "string",
      description: "hub repository id, e.g. dmis-lab/biobert-base-cased-v1.2",
    },
    "hub-url": {
      type: "string",
      description: "hub base URL (default $HF_ENDPOINT or https://huggingface.co)",
    },
    revision: { type: "string", description: "branch, tag or commit (default main)" },
    bucket,
    "kms-key-id": kmsKeyId,
    prefix: {
      type: "string",
      description: "key prefix under ade/, ending in / (default ade/models/)",
    },
    region,
    "cache-dir": {
      type: "string",
      description: "download folder (default $ADE_CACHE_DIR/models or runs/cache/models)",
    },
    "keep-downloads": { type: "boolean", description: "keep the downloaded files after upload" },
    "dry-run": {
      type: "boolean",
      description: "list the files that would be staged and where; download and upload nothing",
    },
    ...QUIET_FLAG,
    ...NEW_RUN_RECORDING_FLAGS,
  },
  async run(flags) {
    const options = {
      model: flags.required("model"),
      bucket: flags.required("bucket"),
      kmsKeyId: flags.required("kms-key-id"),
      prefix: flags.string("prefix"),
      region: flags.string("region"),
      hubUrl: flags.string("hub-url"),
      revision: flags.string("revision"),
      cacheDir: flags.string("cache-dir"),
      keepDownloads: flags.boolean("keep-downloads"),
      quiet: flags.boolean("quiet"),
    };
    if (flags.boolean("dry-run")) {
      const plan = await planModelStaging(options);
      console.log(
        `dry run: ${options.model}@${plan.commit} → ${plan.s3Uri} (${plan.selection.weights}), ` +
          "nothing downloaded or uploaded:",
      );
      for (const file of plan.selection.files) {
        console.log(`  ${file.path}  ${(file.size / MIB).toFixed(1)} MiB`);
      }
      console.log(
        `total ${(plan.totalBytes / MIB).toFixed(1)} MiB; not needed: ${
          plan.selection.skipped.join(", ") || "nothing"
        }`,
      );
      return 0;
    }
    const staged = await recordRun(storePathFrom(flags), {
      kind: "stage-model",
      runId: runIdFrom(flags),
      name: options.model,
      params: {
        model: options.model,
        revision: options.revision ?? "main",
        prefix: options.prefix,
      },
    }, async () => {
      const result = await stageModel(options);
      return {
        value: result,
        metrics: {
          uploaded_files: result.uploadedFiles,
          skipped_files: result.skippedFiles,
          uploaded_bytes: result.uploadedBytes,
          fetched_bytes: result.fetchedBytes,
        },
        artifacts: { s3_uri: result.s3Uri, marker: result.markerUri },
      };
    });
    console.log(
      `${staged.alreadyStaged ? "already staged" : "staged"}: ${staged.s3Uri} (commit ` +
        `${staged.manifest.commit}, ${staged.manifest.files.length} files; ${staged.uploadedFiles} ` +
        `uploaded, ${staged.skippedFiles} already there)`,
    );
    const prefix = options.prefix ?? DEFAULT_MODELS_PREFIX;
    if (prefix !== GENERATOR_WEIGHTS_PREFIX) {
      console.log(
        `tuning jobs read it through the models channel: "sagemaker": {"models_s3_uri": "${
          s3Uri(options.bucket, prefix)
        }"}`,
      );
    }
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `stage-model`
 * @returns 0 when the model is staged (or listed with `--dry-run`)
 * @throws {UsageError} bad flags; {@link PreflightError} bad bucket, key, hub id or prefix
 */
export const run = verb.run;
