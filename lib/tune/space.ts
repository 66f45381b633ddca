/**
 * Search spaces that mirror SageMaker's `ParameterRanges`: continuous ranges (with a scaling type), integer
 * ranges and categorical lists. The same space drives the local samplers and the SageMaker request builder.
 */
import { DataError, readTextStrict, UsageError } from "../core/mod.ts";

/** How a numeric range is searched (SageMaker `ScalingType`). */
export type ScalingType = "Auto" | "Linear" | "Logarithmic" | "ReverseLogarithmic";

/** A real-valued range `[min, max]`. */
export interface ContinuousParameter {
  /** Range kind. */
  type: "continuous";
  /** Hyperparameter name, as the training script takes it. */
  name: string;
  /** Lower bound (inclusive). */
  min: number;
  /** Upper bound (inclusive). */
  max: number;
  /** Scaling (default `Auto`: searched linearly locally, left to the service on SageMaker). */
  scaling?: ScalingType;
}

/** An integer range `[min, max]`. */
export interface IntegerParameter {
  /** Range kind. */
  type: "integer";
  /** Hyperparameter name. */
  name: string;
  /** Lower bound (inclusive). */
  min: number;
  /** Upper bound (inclusive). */
  max: number;
  /** Scaling: `ReverseLogarithmic` is not allowed for integer ranges (SageMaker rule). */
  scaling?: Exclude<ScalingType, "ReverseLogarithmic">;
}

/** A categorical list of values. */
export interface CategoricalParameter {
  /** Range kind. */
  type: "categorical";
  /** Hyperparameter name. */
  name: string;
  /** The values (strings or numbers; SageMaker receives them JSON-encoded). */
  values: Array<string | number>;
}

/** One searchable hyperparameter. */
export type Parameter = ContinuousParameter | IntegerParameter | CategoricalParameter;

/** A search space: ranges plus hyperparameters passed unchanged to every trial. */
export interface SearchSpace {
  /** Space name (`seed`, `local`, or the file name). */
  name: string;
  /** Searchable ranges, in order. */
  parameters: Parameter[];
  /** Fixed hyperparameters given to every trial (e.g. `epochs`). */
  static?: Record<string, string | number>;
  /**
   * The hyperparameter Hyperband treats as the resource (`max_iter` locally, `epochs` on SageMaker);
   * Hyperband sets it to the maximum and stops losers on their intermediate values.
   */
  resource?: { name: string; max: number; min?: number };
}

/** One trial's hyperparameter values. */
export type TrialParams = Record<string, string | number>;

/** The five models the reference study searched over (`model_name`). */
export const SEED_MODEL_NAMES: readonly string[] = [
  "emilyalsentzer/Bio_ClinicalBERT",
  "dmis-lab/biobert-base-cased-v1.2",
  "monologg/biobert_v1.1_pubmed",
  "pritamdeka/BioBert-PubMed200kRCT",
  "saidhr20/pubmed-biobert-text-classification",
];

/**
 * The reference study's space: learning rate, sequence length, batch size and model, 10 epochs.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(seedSpace().parameters.some((p) => p.name === "learning_rate"));
 * ```
 */
export function seedSpace(): SearchSpace {
  return {
    name: "seed",
    parameters: [
      { type: "continuous", name: "learning_rate", min: 5e-6, max: 5e-4, scaling: "Auto" },
      { type: "categorical", name: "max_seq_length", values: [16, 32, 64, 128, 256] },
      { type: "categorical", name: "train_batch_size", values: [16, 32, 64, 128, 256] },
      { type: "categorical", name: "model_name", values: [...SEED_MODEL_NAMES] },
    ],
    static: { epochs: 10 },
    resource: { name: "epochs", max: 10, min: 1 },
  };
}

/**
 * The local models' space: family, regularisation, n-gram ranges, min_df, class weight. The decision
 * threshold is picked on 2 inner grouped folds during tuning (static `threshold_folds: 2`, half the trial
 * time of the default 5); Hyperband's resource is `max_iter` (solver passes).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(localSpace().parameters.length, 6);
 * ```
 */
export function localSpace(): SearchSpace {
  return {
    name: "local",
    parameters: [
      { type: "categorical", name: "model", values: ["tfidf-svm", "tfidf-logreg"] },
      { type: "continuous", name: "C", min: 0.01, max: 100, scaling: "Logarithmic" },
      { type: "integer", name: "word_ngram_max", min: 1, max: 3 },
      { type: "integer", name: "char_ngram_max", min: 3, max: 6 },
      { type: "integer", name: "min_df", min: 1, max: 5 },
      { type: "categorical", name: "class_weight", values: ["none", "balanced"] },
    ],
    static: { threshold_folds: 2 },
    resource: { name: "max_iter", max: 30, min: 3 },
  };
}

/** The built-in spaces by name. */
const PRESET_SPACES: Record<string, () => SearchSpace> = {
  seed: seedSpace,
  local: localSpace,
};

/**
 * Resolves `--space`: a preset name (`local`, `seed`) or a JSON file holding a {@link SearchSpace}
 * (without `name`; it is taken from the file name).
 * @param spec preset name or file path
 * @returns the validated space
 * @throws {DataError} unreadable or invalid file (file and field named)
 * @throws {UsageError} neither a preset nor an existing file
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(await loadSearchSpace("local"), localSpace());
 * ```
 */
export async function loadSearchSpace(spec: string): Promise<SearchSpace> {
  const preset = PRESET_SPACES[spec];
  if (preset) return preset();
  if (!spec.endsWith(".json")) {
    throw new UsageError(
      `--space must be one of ${
        Object.keys(PRESET_SPACES).join(", ")
      } or a .json file (got "${spec}")`,
    );
  }
  const text = await readTextStrict(spec);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError({ file: spec }, `not valid JSON (${(error as Error).message})`);
  }
  const base = spec.slice(spec.lastIndexOf("/") + 1).replace(/\.json$/, "");
  return parseSearchSpace(value, spec, base);
}

/**
 * Validates a space given as plain JSON.
 * @param value parsed JSON
 * @param file where it came from (for messages)
 * @param fallbackName name used when the JSON has none
 * @throws {DataError} naming the field and what is wrong
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const text = '{"parameters": [{"name": "C", "type": "continuous", "min": 0.01, "max": 10, "scaling": "Logarithmic"}]}';
 * assert.equal(parseSearchSpace(JSON.parse(text), "space.json", "space").parameters[0].name, "C");
 * ```
 */
export function parseSearchSpace(
  value: unknown,
  file: string,
  fallbackName = "custom",
): SearchSpace {
  const fail = (field: string, reason: string): never => {
    throw new DataError({ file, field }, reason);
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail("(root)", "expected an object with a `parameters` list");
  }
  const object = value as Record<string, unknown>;
  if (!Array.isArray(object.parameters) || object.parameters.length === 0) {
    fail("parameters", "expected a non-empty list");
  }
  const parameters: Parameter[] = [];
  const seen = new Set<string>();
  (object.parameters as unknown[]).forEach((raw, index) => {
    const field = `parameters[${index}]`;
    if (raw === null || typeof raw !== "object") return fail(field, "expected an object");
    const p = raw as Record<string, unknown>;
    if (typeof p.name !== "string" || p.name === "") fail(`${field}.name`, "expected a name");
    const name = p.name as string;
    if (seen.has(name)) fail(`${field}.name`, `"${name}" appears twice`);
    seen.add(name);
    if (p.type === "categorical") {
      if (!Array.isArray(p.values) || p.values.length === 0) {
        return fail(`${field}.values`, "expected a non-empty list");
      }
      for (const v of p.values as unknown[]) {
        if (typeof v !== "string" && typeof v !== "number") {
          fail(`${field}.values`, "values must be strings or numbers");
        }
      }
      parameters.push({ type: "categorical", name, values: p.values as Array<string | number> });
      return;
    }
    if (p.type !== "continuous" && p.type !== "integer") {
      return fail(`${field}.type`, 'expected "continuous", "integer" or "categorical"');
    }
    const min = Number(p.min), max = Number(p.max);
    if (!Number.isFinite(min)) fail(`${field}.min`, "expected a number");
    if (!Number.isFinite(max)) fail(`${field}.max`, "expected a number");
    if (!(min < max)) fail(`${field}.max`, "must be greater than min");
    const scaling = (p.scaling ?? "Auto") as ScalingType;
    if (!["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"].includes(scaling)) {
      fail(`${field}.scaling`, "expected Auto, Linear, Logarithmic or ReverseLogarithmic");
    }
    if (scaling === "Logarithmic" && min <= 0) {
      fail(`${field}.min`, "Logarithmic scaling needs min > 0");
    }
    if (scaling === "ReverseLogarithmic" && (p.type === "integer" || min < 0 || max >= 1)) {
      fail(
        `${field}.scaling`,
        "ReverseLogarithmic is for continuous ranges within [0, 1) only",
      );
    }
    if (p.type === "integer") {
      if (!Number.isInteger(min) || !Number.isInteger(max)) {
        fail(`${field}.min`, "integer ranges need integer bounds");
      }
      parameters.push({
        type: "integer",
        name,
        min,
        max,
        scaling: scaling as IntegerParameter["scaling"],
      });
    } else parameters.push({ type: "continuous", name, min, max, scaling });
  });
  const staticValues: Record<string, string | number> = {};
  if (object.static !== undefined) {
    if (object.static === null || typeof object.static !== "object") {
      fail("static", "expected an object of name → value");
    }
    for (const [k, v] of Object.entries(object.static as Record<string, unknown>)) {
      if (typeof v !== "string" && typeof v !== "number") {
        fail(`static.${k}`, "expected a string or number");
      }
      staticValues[k] = v as string | number;
    }
  }
  let resource: SearchSpace["resource"];
  if (object.resource !== undefined) {
    const r = object.resource as Record<string, unknown>;
    if (typeof r?.name !== "string") fail("resource.name", "expected a name");
    if (!Number.isInteger(r.max) || (r.max as number) < 1) {
      fail("resource.max", "expected an integer ≥ 1");
    }
    resource = { name: r.name as string, max: r.max as number, min: Number(r.min ?? 1) };
  }
  return {
    name: typeof object.name === "string" ? object.name : fallbackName,
    parameters,
    static: staticValues,
    ...(resource ? { resource } : {}),
  };
}

/**
 * The values of `values` for the space's own parameters only (e.g. a model's full default hyperparameters
 * reduced to what the space searches).
 * @param space the search space
 * @param values any name → value map
 * @returns the space's names with their values from `values` (absent names are left out)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * const params = projectOntoSpace(localSpace(), DEFAULT_HYPERPARAMETERS);
 * assert.deepEqual(paramsFitSpace(localSpace(), params), []);
 * ```
 */
export function projectOntoSpace(
  space: SearchSpace,
  values: Readonly<Record<string, string | number | boolean>>,
): TrialParams {
  const params: TrialParams = {};
  for (const parameter of space.parameters) {
    const value = values[parameter.name];
    if (value !== undefined) {
      params[parameter.name] = typeof value === "boolean" ? String(value) : value;
    }
  }
  return params;
}

/**
 * Checks that `params` holds a value for every range of `space`, each inside its range.
 * @returns a list of problems (empty when the params fit)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(paramsFitSpace(localSpace(), { C: 1 }).length, localSpace().parameters.length - 1); // the missing ones
 * ```
 */
export function paramsFitSpace(space: SearchSpace, params: TrialParams): string[] {
  const problems: string[] = [];
  for (const p of space.parameters) {
    const value = params[p.name];
    if (value === undefined) problems.push(`${p.name} missing`);
    else if (p.type === "categorical") {
      if (!p.values.some((v) => String(v) === String(value))) {
        problems.push(`${p.name}=${value} not in the list`);
      }
    } else if (typeof value !== "number" || value < p.min || value > p.max) {
      problems.push(`${p.name}=${value} outside [${p.min}, ${p.max}]`);
    }
  }
  return problems;
}
