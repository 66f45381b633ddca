/** Command-line flag parsing for the verbs: strict (unknown flags are errors) and typed. */
import { parseArgs } from "node:util";
import { closestName, UsageError } from "../core/mod.ts";

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
export const STORE_FLAG: { store: FlagSpec } = {
  store: {
    type: "string",
    description: "experiment store (default $ADE_STORE or runs/ade.sqlite)",
  },
};

/** `--help`, which every verb takes. */
export const HELP_FLAG: { help: FlagSpec } = {
  help: { type: "boolean", description: "show this help" },
};

/** Parsed flags: strings, string lists or booleans, keyed by flag name. */
export type ParsedFlags = Record<string, string | string[] | boolean | undefined>;

/**
 * Parses `args` against `spec`. An unknown flag is a {@link UsageError} that suggests the closest valid
 * flag (`unknown flag --souce (did you mean --source?)`); so are a missing value, a value given to a
 * boolean flag and a stray positional argument. Every such error is followed by `usage` (when given) and
 * the list of valid flags.
 * @param verb verb name, for messages
 * @param args raw arguments after the verb
 * @param spec the verb's flags
 * @param usage the verb's usage line(s), shown after an error
 * @returns the values, keyed by flag name
 * @throws {UsageError}
 * @example parseFlags("prepare", ["--seed", "7"], { seed: { type: "string", description: "seed" } })
 */
export function parseFlags(
  verb: string,
  args: string[],
  spec: Record<string, FlagSpec>,
  usage?: string,
): ParsedFlags {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [name, flag] of Object.entries(spec)) {
    options[name] = { type: flag.type, multiple: flag.multiple ?? false };
  }
  const fail = (message: string) =>
    new UsageError(`${verb}: ${message}\n${usage ? `${usage}\n` : ""}${flagHelp(spec)}`);
  // A lenient pass first, to name the problem ourselves (Node's own messages suggest nothing).
  const { tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "positional") throw fail(`unexpected argument "${token.value}"`);
    if (token.kind !== "option") continue;
    const flag = spec[token.name];
    if (flag === undefined) {
      const hint = _suggestFlag(token.rawName, Object.keys(spec));
      throw fail(`unknown flag ${token.rawName}${hint ? ` (did you mean --${hint}?)` : ""}`);
    }
    if (flag.type === "boolean" && token.inlineValue) {
      throw fail(`--${token.name} takes no value (got "${token.value}")`);
    }
    if (flag.type === "string" && token.value === undefined) {
      throw fail(`--${token.name} needs a value`);
    }
    if (flag.type === "string" && !token.inlineValue && /^--?[a-zA-Z]/.test(token.value ?? "")) {
      throw fail(
        `--${token.name} needs a value (got the flag ${token.value}; write --${token.name}=${token.value} ` +
          "for a value that starts with -)",
      );
    }
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true }).values as ParsedFlags;
  } catch (error) {
    throw fail((error as Error).message);
  }
}

/** The flag `rawName` (`--souce`, `-h`) most likely meant, among `names`. */
function _suggestFlag(rawName: string, names: readonly string[]): string | undefined {
  if (/^-[^-]$/.test(rawName)) {
    // A short flag: the verbs take only long ones; `-h` means --help, otherwise a unique initial.
    const letter = rawName[1];
    if (letter === "h" && names.includes("help")) return "help";
    const starting = names.filter((name) => name.startsWith(letter));
    return starting.length === 1 ? starting[0] : undefined;
  }
  return closestName(rawName.replace(/^-+/, ""), names);
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
