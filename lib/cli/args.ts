/** Command-line flag parsing for the verbs: strict (unknown flags are errors) and typed. */
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.ts";

/** How one flag is read. */
export interface FlagSpec {
  /** `string` takes a value, `boolean` does not. */
  type: "string" | "boolean";
  /** The flag may be given several times (values collected in order). */
  multiple?: boolean;
  /** One-line description for `--help`. */
  description: string;
}

/** `--store DB`, which every recording verb takes. */
export const STORE_FLAG: Record<string, FlagSpec> = {
  store: {
    type: "string",
    description: "experiment store (default $ADE_STORE or runs/ade.sqlite)",
  },
};

/** `--help`, which every verb takes. */
export const HELP_FLAG: Record<string, FlagSpec> = {
  help: { type: "boolean", description: "show this help" },
};

/** Parsed flags: strings, string lists or booleans, keyed by flag name. */
export type ParsedFlags = Record<string, string | string[] | boolean | undefined>;

/**
 * Parses `args` against `spec`. Unknown flags and stray positional arguments are a {@link UsageError}
 * that lists the valid flags.
 * @param verb verb name, for messages
 * @param args raw arguments after the verb
 * @param spec the verb's flags
 * @throws {UsageError}
 */
export function parseFlags(
  verb: string,
  args: string[],
  spec: Record<string, FlagSpec>,
): ParsedFlags {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [name, flag] of Object.entries(spec)) {
    options[name] = { type: flag.type, multiple: flag.multiple ?? false };
  }
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      throw new UsageError(`${verb}: unexpected argument "${positionals[0]}"\n${flagHelp(spec)}`);
    }
    return values as ParsedFlags;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${verb}: ${(error as Error).message}\n${flagHelp(spec)}`);
  }
}

/** Formats the flag list for help and error messages. */
export function flagHelp(spec: Record<string, FlagSpec>): string {
  return "valid flags:\n" +
    Object.entries(spec).map(([name, flag]) =>
      `  --${name}${flag.type === "string" ? " VALUE" : ""}${
        flag.multiple ? " (repeatable)" : ""
      }  ${flag.description}`
    ).join("\n");
}

/** The string value of a flag, or a {@link UsageError} when it is required and missing. */
export function requireString(verb: string, flags: ParsedFlags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") {
    throw new UsageError(`${verb}: --${name} is required`);
  }
  return value;
}

/** The string value of a flag, or `fallback`. */
export function optionalString(
  flags: ParsedFlags,
  name: string,
  fallback?: string,
): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : fallback;
}

/** The values of a repeatable flag (empty when absent). */
export function stringList(flags: ParsedFlags, name: string): string[] {
  const value = flags[name];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}

/**
 * A numeric flag, or `fallback` when absent.
 * @throws {UsageError} when the value is not a finite number, or not an integer when `integer` is set
 */
export function numberFlag(
  verb: string,
  flags: ParsedFlags,
  name: string,
  fallback: number,
  integer = false,
): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(parsed)) {
    throw new UsageError(`${verb}: --${name} must be a number (got ${JSON.stringify(value)})`);
  }
  if (integer && !Number.isInteger(parsed)) {
    throw new UsageError(`${verb}: --${name} must be an integer (got ${JSON.stringify(value)})`);
  }
  return parsed;
}
