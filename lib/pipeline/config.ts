/** The study's configuration: one JSON file (`ade.config.json`) over built-in defaults, validated field by field. */
import { DataError, readTextStrict } from "../core/mod.ts";
import { TUNING_STRATEGIES, type TuningStrategy } from "../tune/mod.ts";

/** Where the data comes from and how it is split. */
export interface DataConfig {
  /** Corpus folder, `hf`, or a CSV/JSONL file; null = `$ADE_CORPUS_DIR` or `../shared/data/ade_corpus_v2`. */
  source: string | null;
  /** Split strategy. */
  split: "grouped" | "dedup" | "random";
  /** Test share. */
  test_size: number;
  /**
   * A labelled CSV/JSONL file from other text sources (`text`, `label`, `source`): when set, the study
   * adds an `outside` stage (per-source metrics, the shift warning, adaptation on a pool of each source,
   * measured on held-out rows) and the report shows per-source tables. null = no such stage.
   */
  outside: string | null;
}

/** Synthetic augmentation. */
export interface AugmentConfig {
  /** Generator: `offline` needs no model. */
  generator: "offline" | "tgi" | "openai" | "sagemaker";
  /** Endpoint URL (tgi/openai) or SageMaker endpoint name. */
  endpoint: string | null;
  /** Accepted synthetic rows wanted. */
  n: number;
  /** Examples per prompt. */
  shots: number;
  /** For `sagemaker`: bring a Falcon endpoint up for this run and take it down afterwards. */
  provision_generator: boolean;
  /** Model id for a provisioned generator. */
  generator_model: string;
}

/** Hyperparameter search. */
export interface TuneConfig {
  /** Sampler. */
  strategy: TuningStrategy;
  /** Number of trials. */
  max_trials: number;
  /** Trials at once. */
  parallel: number;
  /** Search space: `local`, `seed` or a JSON file. */
  space: string;
  /** Per-trial timeout in seconds. */
  trial_timeout_s: number;
}

/** Local serving for the smoke test. */
export interface ServeConfig {
  /** Port; 0 picks a free one. */
  port: number;
  /** Host to bind. */
  host: string;
}

/** SageMaker settings for `--backend sagemaker`. */
export interface SageMakerConfig {
  region: string;
  role_arn: string;
  bucket: string;
  kms_key_id: string;
  training_instance_type: string;
  inference_instance_type: string;
  generator_instance_type: string | null;
  /** Hours one training job is expected to take, for the cost estimate. */
  estimated_training_hours: number;
  /** Hours the endpoint is expected to stay up, for the cost estimate. */
  estimated_endpoint_hours: number;
  /** Tuning-job name prefix (the run id is appended, shortened to 32 characters). */
  job_name_prefix: string;
  /**
   * `s3://bucket/prefix/` where the base models are staged (`deno task ade stage-model`, default prefix
   * `ade/models/`): the tuning job's `models` channel. Empty = `s3://<bucket>/ade/models/`, where
   * `stage-model --bucket <bucket>` puts them; the run stages the missing ones there.
   */
  models_s3_uri: string;
  /**
   * The run (`pipeline --backend sagemaker` without `--dry-run`) deletes what it created once it is done
   * (endpoint, config, model, the run's S3 prefix; running jobs stopped). A failed or interrupted run tears
   * down what it created whatever this says.
   */
  cleanup: boolean;
}

/** The whole configuration. */
export interface PipelineConfig {
  seed: number;
  data: DataConfig;
  augment: AugmentConfig;
  tune: TuneConfig;
  serve: ServeConfig;
  sagemaker: SageMakerConfig;
}

/** Defaults: the whole study on a laptop in a few minutes. */
export const DEFAULT_CONFIG: PipelineConfig = {
  seed: 42,
  data: { source: null, split: "grouped", test_size: 0.2, outside: null },
  augment: {
    generator: "offline",
    endpoint: null,
    n: 300,
    shots: 5,
    provision_generator: false,
    generator_model: "tiiuae/falcon-7b-instruct",
  },
  tune: { strategy: "bayesian", max_trials: 8, parallel: 2, space: "local", trial_timeout_s: 300 },
  serve: { port: 0, host: "127.0.0.1" },
  sagemaker: {
    region: "us-east-1",
    role_arn: "arn:aws:iam::123456789012:role/ade-sagemaker-execution",
    bucket: "ade-study-artifacts",
    kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
    training_instance_type: "ml.g5.2xlarge",
    inference_instance_type: "ml.m5.xlarge",
    generator_instance_type: null,
    estimated_training_hours: 0.5,
    estimated_endpoint_hours: 1,
    job_name_prefix: "ade",
    models_s3_uri: "",
    cleanup: true,
  },
};

type FieldKind =
  | { type: "number"; integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean }
  | {
    type: "string";
    nullable?: boolean;
    oneOf?: readonly string[];
    /** The value must match (an empty value is allowed when the pattern matches ""). */
    pattern?: { regex: RegExp; says: string };
  }
  | { type: "boolean" };

/** The rule for every field, keyed by dotted path. */
const FIELD_RULES: Record<string, FieldKind> = {
  "seed": { type: "number", integer: true, min: 0 },
  "data.source": { type: "string", nullable: true },
  "data.split": { type: "string", oneOf: ["grouped", "dedup", "random"] },
  "data.test_size": { type: "number", min: 0, max: 0.9, exclusiveMin: true },
  "data.outside": { type: "string", nullable: true },
  "augment.generator": { type: "string", oneOf: ["offline", "tgi", "openai", "sagemaker"] },
  "augment.endpoint": { type: "string", nullable: true },
  "augment.n": { type: "number", integer: true, min: 0 },
  "augment.shots": { type: "number", integer: true, min: 1, max: 20 },
  "augment.provision_generator": { type: "boolean" },
  "augment.generator_model": { type: "string" },
  "tune.strategy": { type: "string", oneOf: TUNING_STRATEGIES },
  "tune.max_trials": { type: "number", integer: true, min: 1, max: 500 },
  "tune.parallel": { type: "number", integer: true, min: 1, max: 16 },
  "tune.space": { type: "string" },
  "tune.trial_timeout_s": { type: "number", min: 1 },
  "serve.port": { type: "number", integer: true, min: 0, max: 65535 },
  "serve.host": { type: "string" },
  "sagemaker.region": { type: "string" },
  "sagemaker.role_arn": { type: "string" },
  "sagemaker.bucket": { type: "string" },
  "sagemaker.kms_key_id": { type: "string" },
  "sagemaker.training_instance_type": { type: "string" },
  "sagemaker.inference_instance_type": { type: "string" },
  "sagemaker.generator_instance_type": { type: "string", nullable: true },
  "sagemaker.estimated_training_hours": { type: "number", min: 0, exclusiveMin: true },
  "sagemaker.estimated_endpoint_hours": { type: "number", min: 0 },
  "sagemaker.job_name_prefix": { type: "string" },
  "sagemaker.cleanup": { type: "boolean" },
  "sagemaker.models_s3_uri": {
    type: "string",
    pattern: {
      regex: /^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/([^/]+\/)*)?$/,
      says: "empty, or an s3://bucket/prefix/ URI ending in / (where stage-model put the models)",
    },
  },
};

function checkField(file: string, path: string, value: unknown, rule: FieldKind): void {
  const fail = (reason: string) => {
    throw new DataError({ file, field: path }, `${reason} (got ${JSON.stringify(value)})`);
  };
  if (rule.type === "number") {
    if (typeof value !== "number" || !Number.isFinite(value)) fail("must be a number");
    const number = value as number;
    if (rule.integer && !Number.isInteger(number)) fail("must be an integer");
    if (rule.min !== undefined && (rule.exclusiveMin ? number <= rule.min : number < rule.min)) {
      fail(`must be ${rule.exclusiveMin ? ">" : "≥"} ${rule.min}`);
    }
    if (rule.max !== undefined && number > rule.max) fail(`must be ≤ ${rule.max}`);
  } else if (rule.type === "boolean") {
    if (typeof value !== "boolean") fail("must be true or false");
  } else {
    if (value === null && rule.nullable) return;
    if (rule.pattern && (typeof value !== "string" || !rule.pattern.regex.test(value))) {
      fail(`must be ${rule.pattern.says}`);
    }
    if (typeof value !== "string" || (value === "" && !rule.pattern)) {
      fail(`must be a non-empty string${rule.nullable ? " or null" : ""}`);
    }
    if (rule.oneOf && !rule.oneOf.includes(value as string)) {
      fail(`must be one of ${rule.oneOf.join(", ")}`);
    }
  }
}

/**
 * Merges a user's JSON object over the defaults and validates every field.
 * Unknown fields are errors (a misspelt field must never be silently ignored).
 * @param user parsed JSON of the config file
 * @param file file name for messages
 * @returns the complete configuration
 * @throws {DataError} naming the file and the field
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(resolveConfig({ tune: { max_trials: 4 } }, "ade.config.json").tune.max_trials, 4);
 * ```
 */
export function resolveConfig(user: unknown, file: string): PipelineConfig {
  if (user === null || typeof user !== "object" || Array.isArray(user)) {
    throw new DataError({ file }, "the configuration must be a JSON object");
  }
  const merged = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(user as Record<string, unknown>)) {
    if (key === "$schema" || key === "//") continue;
    if (!(key in merged)) {
      throw new DataError(
        { file, field: key },
        `unknown field; valid: ${Object.keys(merged).join(", ")}`,
      );
    }
    const defaults = merged[key];
    if (defaults !== null && typeof defaults === "object") {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new DataError({ file, field: key }, "must be an object");
      }
      const section = defaults as Record<string, unknown>;
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        if (!(inner in section)) {
          throw new DataError(
            { file, field: `${key}.${inner}` },
            `unknown field; valid: ${
              Object.keys(section).map((name) => `${key}.${name}`).join(", ")
            }`,
          );
        }
        section[inner] = innerValue;
      }
    } else {
      merged[key] = value;
    }
  }
  for (const [path, rule] of Object.entries(FIELD_RULES)) {
    const [head, tail] = path.split(".");
    const value = tail === undefined
      ? merged[head]
      : (merged[head] as Record<string, unknown>)[tail];
    checkField(file, path, value, rule);
  }
  return merged as unknown as PipelineConfig;
}

/**
 * Loads the configuration: the given file, else `ade.config.json` in the working folder when present, else
 * the defaults.
 * @param path a configuration file (JSON, any subset of the fields; the rest are the defaults)
 * @returns the configuration and the file it came from (null: the defaults)
 * @throws {DataError} unreadable JSON or an invalid field, naming the file and field
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/study.json`, JSON.stringify({ tune: { max_trials: 4 } }));
 * const { config, file } = await loadConfig(`${dir}/study.json`);
 * assert.equal(config.tune.max_trials, 4);
 * assert.equal(file, `${dir}/study.json`);
 * await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify({ tune: { max_trials: "four" } }));
 * await assert.rejects(loadConfig(`${dir}/bad.json`), /max_trials/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadConfig(
  path?: string,
): Promise<{ config: PipelineConfig; file: string | null }> {
  let file = path ?? null;
  if (!file) {
    try {
      await Deno.stat("ade.config.json");
      file = "ade.config.json";
    } catch {
      return { config: structuredClone(DEFAULT_CONFIG), file: null };
    }
  }
  const text = await readTextStrict(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataError({ file }, `not valid JSON (${(error as Error).message})`);
  }
  return { config: resolveConfig(parsed, file), file };
}
