/**
 * One way to write a verb: its summary, usage line, flag table and run function in one definition;
 * parsing, `--help`, usage errors with "did you mean …?" and typed flag readers come with it.
 */
import { UsageError } from "../core/mod.ts";
import { flagHelp, type FlagSpec, HELP_FLAG, type ParsedFlags, parseFlags } from "./args.ts";

/** A verb module, as `cli/main.ts` loads it: `run` takes the arguments after the verb. */
export interface VerbModule {
  /** One-line summary for `ade --help`. */
  summary: string;
  /** Runs the verb and returns the exit code. */
  run(args: string[]): Promise<number>;
}

/** A verb's flags: name → spec (`--help` is added by {@link defineVerb}). */
export type FlagTable = Record<string, FlagSpec>;

/** Typed readers of a verb's parsed flags; names are checked against the verb's table at compile time. */
export interface VerbFlags<F extends FlagTable> {
  /** The verb's name, e.g. `deploy` or `generator up` (for messages). */
  readonly verb: string;
  /** The parsed values as they came from the parser. */
  readonly values: ParsedFlags;
  /** Whether the flag was given at all. */
  given(name: keyof F & string): boolean;
  /** A string flag's value, else `fallback` (undefined without one). */
  string(name: keyof F & string): string | undefined;
  /** A string flag's value, else `fallback`. */
  string(name: keyof F & string, fallback: string): string;
  /** A string flag's non-empty value; a {@link UsageError} when it is missing. */
  required(name: keyof F & string): string;
  /** A repeatable flag's values, in order (empty when absent). */
  list(name: keyof F & string): string[];
  /** True when a boolean flag was given. */
  boolean(name: keyof F & string): boolean;
  /** A finite number, else `fallback`; a {@link UsageError} when the value is not a number. */
  number(name: keyof F & string, fallback: number): number;
  /** A finite number, or undefined when absent. */
  number(name: keyof F & string): number | undefined;
  /** An integer, else `fallback`; a {@link UsageError} when the value is not an integer. */
  integer(name: keyof F & string, fallback: number): number;
  /** An integer, or undefined when absent. */
  integer(name: keyof F & string): number | undefined;
  /** One of `choices` when given, else `fallback`; a {@link UsageError} naming the choices otherwise. */
  choice<const C extends string, const D extends string = C>(
    name: keyof F & string,
    choices: readonly C[],
    fallback: D,
  ): C | D;
  /** A {@link UsageError} for the first of `names` that was given: `<verb>: --<name> <reason>`. */
  refuse(names: ReadonlyArray<keyof F & string>, reason: string): void;
  /** A {@link UsageError} whose message starts with the verb. */
  error(message: string): UsageError;
}

/** The readers of a verb whose table holds (at least) the flags `N`: what shared flag readers take. */
export type FlagsWith<N extends string> = VerbFlags<Record<N, FlagSpec>>;

/** What {@link defineVerb} takes. */
export interface VerbDefinition<F extends FlagTable> {
  /** The verb as typed after `deno task ade`, e.g. `deploy` or `generator up`. */
  name: string;
  /** One line for `ade --help`. */
  summary: string;
  /**
   * The usage after `deno task ade <name> `: one string a form; a string that starts with a space
   * continues the form above it.
   */
  usage: string | readonly string[];
  /** The verb's flags. */
  flags: F;
  /**
   * Does the work with the parsed flags.
   * @returns the exit code
   */
  run(flags: VerbFlags<F>): Promise<number>;
}

/** A verb made by {@link defineVerb}: what `cli/main.ts` loads, plus its pieces for help and tests. */
export interface DefinedVerb extends VerbModule {
  /** The usage lines (`usage: deno task ade …`). */
  usage: string;
  /** The full `--help` text. */
  help: string;
}

/**
 * Defines a verb: `run(args)` parses `args` against `flags` (plus `--help`), prints the help for
 * `--help`, turns unknown flags into a usage error with a suggestion and the usage, and otherwise
 * calls `definition.run` with typed readers.
 *
 * @param definition name, summary, usage, flags and the work
 * @returns the verb module (`summary`, `run`), as `cli/main.ts` loads it
 * @example
 * ```ts
 * import { defineVerb } from "./define_verb.ts";
 * import { RECORDING_FLAGS, runIdFrom, storePathFrom } from "./flag_sets.ts";
 *
 * const verb = defineVerb({
 *   name: "greet",
 *   summary: "say hello",
 *   usage: "--name NAME [--times N]",
 *   flags: {
 *     name: { type: "string", description: "who to greet" },
 *     times: { type: "string", description: "how often (default 1)" },
 *     ...RECORDING_FLAGS,
 *   },
 *   async run(flags) {
 *     const name = flags.required("name");
 *     for (let i = 0; i < flags.integer("times", 1); i++) console.log(`hello ${name}`);
 *     console.log(`store ${storePathFrom(flags)}, run ${runIdFrom(flags) ?? "none"}`);
 *     return 0;
 *   },
 * });
 * // In the verb's file: export const { summary, run } = verb;
 * await verb.run(["--name", "Ada", "--times", "2"]); // hello Ada, twice
 * ```
 */
export function defineVerb<F extends FlagTable>(definition: VerbDefinition<F>): DefinedVerb {
  const spec: FlagTable = { ...definition.flags, ...HELP_FLAG };
  const forms = typeof definition.usage === "string" ? [definition.usage] : definition.usage;
  const usage = forms.map((form, index) =>
    /^\s/.test(form)
      ? `       ${form}` // a continuation of the line above
      : `${index === 0 ? "usage:" : "      "} deno task ade ${definition.name} ${form}`.trimEnd()
  ).join("\n");
  const help = `${usage}\n\n${definition.summary}\n\n${flagHelp(spec)}`;
  return {
    summary: definition.summary,
    usage,
    help,
    async run(args: string[]): Promise<number> {
      const values = parseFlags(definition.name, args, spec, usage);
      if (values.help === true) {
        console.log(help);
        return 0;
      }
      return await definition.run(_verbFlags<F>(definition.name, values));
    },
  };
}

/**
 * A verb with sub-commands (`ade generator up|down`): the first argument picks one; none or `--help`
 * prints each sub-command's help.
 * @param name the verb
 * @param summary one line for `ade --help`
 * @param subcommands sub-command name → a verb from {@link defineVerb} (named `<name> <sub>`)
 * @returns the verb module
 * @example
 * ```ts
 * import { defineVerb, defineVerbGroup } from "./define_verb.ts";
 * const up = defineVerb({ name: "lamp up", summary: "on", usage: "", flags: {}, run: () => Promise.resolve(0) });
 * const lamp = defineVerbGroup("lamp", "switch the lamp", { up });
 * await lamp.run(["up"]); // 0
 * ```
 */
export function defineVerbGroup(
  name: string,
  summary: string,
  subcommands: Record<string, DefinedVerb>,
): VerbModule {
  const names = Object.keys(subcommands);
  return {
    summary,
    async run(args: string[]): Promise<number> {
      const [action, ...rest] = args;
      const sub = action === undefined ? undefined : subcommands[action];
      if (sub) return await sub.run(rest);
      if (action === undefined || action === "--help" || action === "-h") {
        console.log(
          `ade ${name}: ${summary}\n\n${names.map((n) => subcommands[n].help).join("\n\n")}`,
        );
        return action === undefined ? 2 : 0;
      }
      throw new UsageError(
        `${name}: expected ${names.map((n) => `"${n}"`).join(" or ")} (got "${action}")`,
      );
    },
  };
}

function _verbFlags<F extends FlagTable>(verb: string, values: ParsedFlags): VerbFlags<F> {
  const error = (message: string) => new UsageError(`${verb}: ${message}`);
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const numeric = (name: string, integer: boolean): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed)) {
      throw error(`--${name} must be a number (got ${JSON.stringify(value)})`);
    }
    if (integer && !Number.isInteger(parsed)) {
      throw error(`--${name} must be an integer (got ${JSON.stringify(value)})`);
    }
    return parsed;
  };
  return {
    verb,
    values,
    given: (name) => values[name] !== undefined,
    string: ((name: string, fallback?: string) => text(name) ?? fallback) as VerbFlags<F>["string"],
    required(name) {
      const value = text(name);
      if (value === undefined || value === "") throw error(`--${name} is required`);
      return value;
    },
    list(name) {
      const value = values[name];
      if (Array.isArray(value)) return value;
      return typeof value === "string" ? [value] : [];
    },
    boolean: (name) => values[name] === true,
    number: ((name: string, fallback?: number) => numeric(name, false) ?? fallback) as VerbFlags<
      F
    >["number"],
    integer: ((name: string, fallback?: number) => numeric(name, true) ?? fallback) as VerbFlags<
      F
    >["integer"],
    choice(name, choices, fallback) {
      const value = text(name);
      if (value === undefined) return fallback;
      if (!(choices as readonly string[]).includes(value)) {
        throw error(`--${name} must be ${_orList(choices)} (got "${value}")`);
      }
      return value as (typeof choices)[number];
    },
    refuse(names, reason) {
      const first = names.find((name) => values[name] !== undefined);
      if (first !== undefined) throw error(`--${first} ${reason}`);
    },
    error,
  };
}

function _orList(choices: readonly string[]): string {
  return choices.length <= 2 ? choices.join(" or ") : `one of ${choices.join(", ")}`;
}
