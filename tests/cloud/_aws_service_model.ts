/**
 * Test oracle: checks request objects against AWS's own service models (the botocore JSON that ships with the
 * machine image's Python), so that every request the toolkit builds is held to the constraints the service
 * enforces: required members, types, `min`/`max` (length, count or range), `pattern`, `enum`, unions and
 * unknown members. botocore's own `ParamValidator` checks only types, required members and minimums, and
 * `npm:aws-sdk@2`'s bundled models have the constraints stripped (shared/reference/verified-here.md), hence
 * this walker.
 *
 * Why a test helper and not a `lib/` file: the models come with a Python install (about 1 MB of gzip for
 * SageMaker alone) that a user of the library does not have; the library keeps its own preflight for the
 * rules that matter at run time, and these tests check that preflight and the builders against the source.
 * A later change that needs the instance-type enums at run time (#18 item 8) should snapshot
 * {@link sageMakerInstanceTypes} into `lib/` and keep a test here that the snapshot still equals the model.
 *
 * When botocore cannot be found the loader throws (the test fails with what is missing): never a silent skip.
 */
import assert from "node:assert/strict";
import type { AwsCommandCall } from "./_aws_calls.ts";

/** A service whose model the tests load. */
export type AwsService = "sagemaker" | "s3" | "sagemaker-runtime";

/** The API version folder of each service inside `botocore/data/`. */
const MODEL_VERSIONS: Record<AwsService, string> = {
  sagemaker: "2017-07-24",
  s3: "2006-03-01",
  "sagemaker-runtime": "2017-05-13",
};

/** A reference to a shape from a member, list member, map key or value. */
interface ShapeRef {
  shape: string;
}

/** One shape of a botocore model (only the fields the walker reads). */
export interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: boolean;
  document?: boolean;
}

/** A loaded service model. */
export interface ServiceModel {
  /** Which service. */
  service: AwsService;
  /** Where it was read from. */
  path: string;
  /** `metadata.apiVersion` etc. */
  metadata: Record<string, unknown>;
  /** Operations by name (`input.shape` is the request shape). */
  operations: Record<string, { input?: ShapeRef }>;
  /** Shapes by name. */
  shapes: Record<string, Shape>;
}

/** Which rule a value broke. */
export type ViolationKind =
  | "required"
  | "unknown-member"
  | "type"
  | "min"
  | "max"
  | "pattern"
  | "enum"
  | "union";

/** One broken service-model constraint: the request field (dotted, `[i]` for list items), the rule, the shape. */
export interface ServiceModelViolation {
  /** e.g. `TrainingJobDefinition.ResourceConfig.InstanceType`. */
  field: string;
  /** Which kind of rule. */
  kind: ViolationKind;
  /** The rule in words, naming the shape. */
  rule: string;
  /** The value, shortened, when helpful. */
  value?: string;
}

const BOTOCORE_PROBE = "import botocore, os; print(os.path.dirname(botocore.__file__))";
/** Interpreters asked for botocore, in order: the machine image's (first on PATH), then Debian's. */
const PYTHONS = ["python3", "/usr/bin/python3"];

let botocoreDir: Promise<string> | undefined;
const models = new Map<AwsService, Promise<ServiceModel>>();

/**
 * The botocore package folder, found by asking each interpreter in turn (by default `python3` on PATH,
 * then `/usr/bin/python3`); the default search runs once per test process.
 * @param pythons interpreters to ask, in order
 * @returns e.g. `/usr/lib/python3/dist-packages/botocore`
 * @throws {Error} naming each interpreter tried and why it did not answer
 */
export function locateBotocore(pythons: readonly string[] = PYTHONS): Promise<string> {
  if (pythons !== PYTHONS) return _findBotocore(pythons);
  botocoreDir ??= _findBotocore(PYTHONS);
  return botocoreDir;
}

async function _findBotocore(pythons: readonly string[]): Promise<string> {
  const tried: string[] = [];
  for (const python of pythons) {
    try {
      const result = await new Deno.Command(python, {
        args: ["-c", BOTOCORE_PROBE],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(result.stdout).trim();
      if (result.success && out) {
        const probe = `${out}/data/sagemaker/${MODEL_VERSIONS.sagemaker}/service-2.json.gz`;
        if (await Deno.stat(probe).then(() => true, () => false)) return out;
        tried.push(`${python}: botocore at ${out} has no ${probe.slice(out.length + 1)}`);
        continue;
      }
      const reason = new TextDecoder().decode(result.stderr).trim().split("\n").pop() ?? "";
      tried.push(`${python}: ${reason || `exit ${result.code}`}`);
    } catch (error) {
      tried.push(`${python}: ${(error as Error).message}`);
    }
  }
  throw new Error(
    "AWS service models not found: these tests validate requests against botocore's " +
      "data/sagemaker/2017-07-24/service-2.json.gz and data/s3/2006-03-01/service-2.json.gz, but no " +
      `interpreter has botocore (${tried.join("; ")}). Install botocore for one of them ` +
      "(e.g. `apt-get install python3-botocore`).",
  );
}

/**
 * Loads (once) the service model of `service` from botocore.
 * @param service `sagemaker`, `s3` or `sagemaker-runtime`
 * @returns the parsed model
 * @throws {Error} when botocore or the model file is missing
 */
export function loadServiceModel(service: AwsService): Promise<ServiceModel> {
  let model = models.get(service);
  if (!model) {
    model = (async () => {
      const path = `${await locateBotocore()}/data/${service}/${
        MODEL_VERSIONS[service]
      }/service-2.json.gz`;
      const bytes = await Deno.readFile(path).catch((error) => {
        throw new Error(`AWS service model missing: ${path} (${(error as Error).message})`);
      });
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      const json = await new Response(stream).json() as Omit<ServiceModel, "service" | "path">;
      return { service, path, ...json };
    })();
    models.set(service, model);
  }
  return model;
}

// ---------------------------------------------------------------------------------------------------------
// Patterns

/** Java POSIX classes (`\p{Alnum}` …, ASCII-only as in java.util.regex without UNICODE_CHARACTER_CLASS). */
const POSIX_CLASSES: Record<string, string> = {
  Lower: "a-z",
  Upper: "A-Z",
  Alpha: "a-zA-Z",
  Digit: "0-9",
  Alnum: "a-zA-Z0-9",
  XDigit: "0-9a-fA-F",
  Punct: "!-\\/:-@\\[-`{-~",
  Graph: "!-~",
  Print: " -~",
  Blank: " \\t",
  Space: " \\t\\n\\x0B\\f\\r",
  Cntrl: "\\x00-\\x1F\\x7F",
};
/** Characters that must stay escaped in a JavaScript `u`-mode pattern. */
const JS_SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);

/**
 * Translates a service-model pattern (Java `java.util.regex` syntax) into a JavaScript `u`-mode source:
 * - identity escapes JavaScript's `u` mode rejects (`\_`, `\ `, `\-` outside a class) become the character;
 * - Java POSIX classes (`\p{Alnum}`, `\p{Print}` …) become ASCII ranges (inside or outside a class);
 * - `\A` → `^`, `\z` → `$`, `\Z` → `(?=\n?$)`;
 * - a quantifier on an anchor (`${1,128}`, which Java accepts) is dropped: repeating an assertion that
 *   must hold at least once is the assertion itself.
 * Unicode categories (`\p{L}`, `\p{N}` …) stay as they are (the `u` flag understands them).
 * @param pattern the model's `pattern`
 * @returns a JavaScript pattern source (to compile with the `u` flag)
 * @example translateJavaPattern("[a-zA-Z0-9\\_\\-]+") // "[a-zA-Z0-9_\\-]+"
 */
export function translateJavaPattern(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) return out + "\\\\";
      if (next === "p" || next === "P") {
        const braced = pattern[i + 2] === "{";
        const end = braced ? pattern.indexOf("}", i + 3) : i + 2;
        const name = braced ? pattern.slice(i + 3, end) : pattern[i + 2];
        const posix = POSIX_CLASSES[name] ?? (name === "ASCII" ? "\\x00-\\x7F" : undefined);
        const category = name.startsWith("Is") ? name.slice(2) : name;
        if (posix !== undefined) {
          if (next === "P") out += inClass ? `\\P{ASCII}` : `[^${posix}]`; // negated POSIX in a class: rare
          else out += inClass ? posix : `[${posix}]`;
        } else {
          out += `\\${next}{${category}}`;
        }
        i = end;
        continue;
      }
      if (next === "A" && !inClass) out += "^";
      else if (next === "z" && !inClass) out += "$";
      else if (next === "Z" && !inClass) out += "(?=\\n?$)";
      else if (/[A-Za-z0-9]/.test(next)) out += `\\${next}`;
      else if (JS_SYNTAX.has(next) || (next === "-" && inClass)) out += `\\${next}`;
      else out += next;
      i++;
      continue;
    }
    if (c === "[" && !inClass) {
      inClass = true;
      out += c;
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") out += "\\" + pattern[++i]; // a leading ] is a literal in Java
      continue;
    }
    if (c === "]" && inClass) {
      inClass = false;
      out += c;
      continue;
    }
    if ((c === "$" || c === "^") && !inClass) {
      out += c;
      const quantifier = /^(?:\{\d+(?:,\d*)?\}|[*+?])/.exec(pattern.slice(i + 1));
      if (quantifier) i += quantifier[0].length;
      continue;
    }
    out += c;
  }
  return out;
}

const compiled = new Map<string, RegExp>();

/**
 * The compiled whole-value matcher of a model pattern. The service applies a pattern to the whole value
 * (its validation errors quote the pattern for values that merely contain a match, e.g. `my_job` for
 * `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`), so the source is wrapped in `^(?:…)$`.
 * @param pattern the model's `pattern`
 * @returns the regular expression (`u` flag)
 * @throws {Error} when the translated pattern does not compile (the walker must not guess)
 */
export function patternMatcher(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = translateJavaPattern(pattern);
    try {
      regex = new RegExp(`^(?:${source})$`, "u");
    } catch (error) {
      throw new Error(
        `service-model pattern ${JSON.stringify(pattern)} (translated ${
          JSON.stringify(source)
        }) does not compile: ${(error as Error).message}`,
      );
    }
    compiled.set(pattern, regex);
  }
  return regex;
}

// ---------------------------------------------------------------------------------------------------------
// Walker

function _short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function _isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Uint8Array) && !(value instanceof Date);
}

function _byteLength(value: unknown): number | undefined {
  if (typeof value === "string") return new TextEncoder().encode(value).length;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Blob) return value.size;
  return undefined;
}

function _isBlob(value: unknown): boolean {
  return typeof value === "string" || value instanceof Uint8Array || value instanceof ArrayBuffer ||
    value instanceof Blob || value instanceof ReadableStream;
}

/**
 * Checks `value` against shape `shapeName` of `model`, appending violations to `out`.
 * @param model the service model
 * @param shapeName the shape
 * @param value the value (undefined members are absent, as the SDK treats them)
 * @param field where the value sits in the request (`""` for the request itself)
 * @param out violations found so far
 * @returns `out`
 */
export function validateShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  field: string,
  out: ServiceModelViolation[] = [],
): ServiceModelViolation[] {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`${model.service} model has no shape ${shapeName}`);
  const at = field || "(request)";
  const push = (kind: ViolationKind, rule: string, shown?: unknown) =>
    out.push({
      field: at,
      kind,
      rule: `${rule} (shape ${shapeName})`,
      ...(shown === undefined ? {} : { value: _short(shown) }),
    });
  const bounds = (size: number, unit: string) => {
    if (shape.min !== undefined && size < shape.min) {
      push("min", `at least ${shape.min} ${unit} (has ${size})`);
    }
    if (shape.max !== undefined && size > shape.max) {
      push("max", `at most ${shape.max} ${unit} (has ${size})`);
    }
  };
  if (value === null) {
    push("type", `null is not a ${shape.type}`);
    return out;
  }
  if (shape.document) return out;
  switch (shape.type) {
    case "structure": {
      if (!_isPlainObject(value)) {
        push("type", "must be an object", value);
        break;
      }
      const members = shape.members ?? {};
      for (const name of shape.required ?? []) {
        if (value[name] === undefined) {
          out.push({
            field: field ? `${field}.${name}` : name,
            kind: "required",
            rule: `is required (shape ${shapeName})`,
          });
        }
      }
      const present = Object.keys(value).filter((name) => value[name] !== undefined);
      if (shape.union && present.length !== 1) {
        push("union", `exactly one member of the union must be set (has ${present.length})`);
      }
      for (const name of present) {
        const member = members[name];
        const child = field ? `${field}.${name}` : name;
        if (!member) {
          out.push({
            field: child,
            kind: "unknown-member",
            rule: `is not a member of ${shapeName} (members: ${Object.keys(members).join(", ")})`,
          });
          continue;
        }
        validateShape(model, member.shape, value[name], child, out);
      }
      break;
    }
    case "list": {
      if (!Array.isArray(value)) {
        push("type", "must be a list", value);
        break;
      }
      bounds(value.length, "items");
      value.forEach((item, index) => {
        if (item === undefined) push("type", `item ${index} is undefined`);
        else validateShape(model, shape.member!.shape, item, `${field}[${index}]`, out);
      });
      break;
    }
    case "map": {
      const entries = value instanceof Map
        ? [...value.entries()]
        : _isPlainObject(value)
        ? Object.entries(value)
        : undefined;
      if (!entries) {
        push("type", "must be a map (object)", value);
        break;
      }
      const defined = entries.filter(([, v]) => v !== undefined);
      bounds(defined.length, "entries");
      for (const [key, entry] of defined) {
        const child = `${field}.${key}`;
        const keyViolations = validateShape(model, shape.key!.shape, key, child, []);
        for (const violation of keyViolations) {
          out.push({ ...violation, rule: `map key ${violation.rule}` });
        }
        validateShape(model, shape.value!.shape, entry, child, out);
      }
      break;
    }
    case "string": {
      if (typeof value !== "string") {
        push("type", "must be a string", value);
        break;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        push(
          "enum",
          `must be one of the ${shape.enum.length} values of the enum (e.g. ${
            shape.enum.slice(0, 4).join(", ")
          })`,
          value,
        );
      }
      bounds(value.length, "characters");
      if (shape.pattern !== undefined && !patternMatcher(shape.pattern).test(value)) {
        push("pattern", `must match ${shape.pattern}`, value);
      }
      break;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        push("type", `must be an integer (${shape.type})`, value);
        break;
      }
      if (shape.min !== undefined && value < shape.min) push("min", `at least ${shape.min}`, value);
      if (shape.max !== undefined && value > shape.max) push("max", `at most ${shape.max}`, value);
      break;
    }
    case "float":
    case "double": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        push("type", `must be a finite number (${shape.type})`, value);
        break;
      }
      if (shape.min !== undefined && value < shape.min) push("min", `at least ${shape.min}`, value);
      if (shape.max !== undefined && value > shape.max) push("max", `at most ${shape.max}`, value);
      break;
    }
    case "boolean":
      if (typeof value !== "boolean") push("type", "must be true or false", value);
      break;
    case "timestamp": {
      const ok = (value instanceof Date && !Number.isNaN(value.getTime())) ||
        (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && !Number.isNaN(Date.parse(value)));
      if (!ok) push("type", "must be a timestamp (Date, epoch seconds or ISO 8601)", value);
      break;
    }
    case "blob": {
      if (!_isBlob(value)) {
        push("type", "must be bytes (Uint8Array, string, Blob or stream)", value);
        break;
      }
      const size = _byteLength(value);
      if (size !== undefined) bounds(size, "bytes");
      break;
    }
    default:
      throw new Error(`${model.service} shape ${shapeName} has unknown type ${shape.type}`);
  }
  return out;
}

/**
 * Checks the input of `operation` against its request shape.
 * @param model the service model
 * @param operation e.g. `CreateHyperParameterTuningJob`
 * @param input the exact object given to the SDK command
 * @returns violations (empty when the service model accepts it)
 * @throws {Error} for an operation the model does not have
 */
export function validateRequest(
  model: ServiceModel,
  operation: string,
  input: unknown,
): ServiceModelViolation[] {
  const spec = model.operations[operation];
  if (!spec) throw new Error(`${model.service} model has no operation ${operation}`);
  if (!spec.input) {
    return input === undefined || (_isPlainObject(input) && Object.keys(input).length === 0)
      ? []
      : [{
        field: "(request)",
        kind: "unknown-member",
        rule: `${operation} takes no input`,
      }];
  }
  return validateShape(model, spec.input.shape, input, "");
}

/** The service whose model holds `operation` among the ones the project calls (S3 first for S3 names). */
export async function serviceOf(operation: string): Promise<ServiceModel> {
  for (const service of ["s3", "sagemaker", "sagemaker-runtime"] as const) {
    const model = await loadServiceModel(service);
    if (model.operations[operation]) return model;
  }
  throw new Error(`no loaded AWS service model has the operation ${operation}`);
}

/** A violation tagged with the operation of the request it was found in. */
export interface OperationViolation extends ServiceModelViolation {
  /** e.g. `CreateEndpointConfig`. */
  operation: string;
  /** Which request of a sequence (for messages). */
  source: string;
}

/**
 * Validates a sequence of `{operation, input}` requests (planned requests or captured SDK calls), each
 * against the model of the service that has the operation.
 * @param requests the requests
 * @param source a label for messages (e.g. the plan's name)
 * @returns every violation, tagged with its operation
 */
export async function validateRequests(
  requests: ReadonlyArray<{ operation: string; input: unknown }> | readonly AwsCommandCall[],
  source: string,
): Promise<OperationViolation[]> {
  const found: OperationViolation[] = [];
  for (const [index, request] of requests.entries()) {
    const model = await serviceOf(request.operation);
    for (const violation of validateRequest(model, request.operation, request.input)) {
      found.push({ ...violation, operation: request.operation, source: `${source} #${index + 1}` });
    }
  }
  return found;
}

/**
 * The instance types SageMaker accepts for a purpose, from the service model's enums (the source for the
 * instance-type preflight, #18 item 8).
 * @param purpose `training` (TrainingInstanceType), `hosting` (ProductionVariantInstanceType),
 *   `transform` (TransformInstanceType) or `processing` (ProcessingInstanceType)
 * @returns the enum values, sorted
 */
export async function sageMakerInstanceTypes(
  purpose: "training" | "hosting" | "transform" | "processing",
): Promise<string[]> {
  const shapeName = {
    training: "TrainingInstanceType",
    hosting: "ProductionVariantInstanceType",
    transform: "TransformInstanceType",
    processing: "ProcessingInstanceType",
  }[purpose];
  const model = await loadServiceModel("sagemaker");
  const values = model.shapes[shapeName]?.enum;
  if (!values) throw new Error(`the SageMaker model's ${shapeName} has no enum`);
  return [...values].sort();
}

/** Formats violations one per line, for assertion messages. */
export function formatViolations(violations: readonly OperationViolation[]): string {
  return violations.map((v) =>
    `${v.source} ${v.operation} ${v.field}: ${v.kind}: ${v.rule}${
      v.value === undefined ? "" : ` (got ${JSON.stringify(v.value)})`
    }`
  ).join("\n");
}

/**
 * Fails with every violation listed (operation, field, rule) unless there are none.
 * @param found from {@link validateRequests}
 * @param what the requests, for the message
 */
export function assertServiceModelAccepts(
  found: readonly OperationViolation[],
  what: string,
): void {
  assert.equal(
    found.length,
    0,
    `${what} breaks the AWS service model:\n${formatViolations(found)}`,
  );
}
