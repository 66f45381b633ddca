/**
 * The `ade` command line: `deno task ade <verb> [flags]`. A thin layer over `lib/`: each verb parses its
 * flags, calls the library and prints a summary. Errors become one message and a non-zero exit.
 * @module
 */
import { AdeError } from "../core/mod.ts";
import type { VerbModule } from "./define_verb.ts";

export type { VerbModule } from "./define_verb.ts";

/** Every verb, loaded on demand so that start-up stays fast. */
export const VERBS: Record<string, () => Promise<VerbModule>> = {
  prepare: () => import("./verbs/prepare.ts"),
  train: () => import("./verbs/train.ts"),
  predict: () => import("./verbs/predict.ts"),
  evaluate: () => import("./verbs/evaluate.ts"),
  select: () => import("./verbs/select.ts"),
  adapt: () => import("./verbs/adapt.ts"),
  augment: () => import("./verbs/augment.ts"),
  tune: () => import("./verbs/tune.ts"),
  report: () => import("./verbs/report.ts"),
  serve: () => import("./verbs/serve.ts"),
  deploy: () => import("./verbs/deploy.ts"),
  invoke: () => import("./verbs/invoke.ts"),
  cleanup: () => import("./verbs/cleanup.ts"),
  generator: () => import("./verbs/generator.ts"),
  "stage-model": () => import("./verbs/stage_model.ts"),
  "iam-policy": () => import("./verbs/iam_policy.ts"),
  pipeline: () => import("./verbs/pipeline.ts"),
};

async function printHelp(): Promise<void> {
  console.log(
    "usage: deno task ade <verb> [flags]   (deno task ade <verb> --help for its flags)\n",
  );
  for (const [name, load] of Object.entries(VERBS)) {
    const verb = await load();
    console.log(`  ${name.padEnd(10)} ${verb.summary}`);
  }
}

/**
 * The one line an unexpected error (a bug, not bad input) becomes: the verb, the error's kind and what
 * to report. Messages of syntax errors are left out, as they may quote the input; the stack is printed
 * only with `ADE_DEBUG=1`.
 * @param verb the verb that failed
 * @param error what was thrown
 * @returns the line for stderr
 */
export function unexpectedErrorLine(verb: string, error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error && !(error instanceof SyntaxError)
    ? error.message.split("\n")[0].slice(0, 160)
    : "";
  return `ade ${verb}: unexpected error (${name}${
    message ? `: ${message}` : ""
  }); this is a bug: ` +
    "please report it with the command you ran and the size of its input (not the data); " +
    (_debugEnabled() ? "the stack is below" : "ADE_DEBUG=1 prints the stack");
}

function _debugEnabled(): boolean {
  try {
    return Deno.env.get("ADE_DEBUG") === "1";
  } catch {
    return false;
  }
}

/** Prints an unexpected error as one line (and its stack with `ADE_DEBUG=1`). */
function _reportUnexpected(verb: string, error: unknown): void {
  console.error(unexpectedErrorLine(verb, error));
  if (_debugEnabled() && error instanceof Error && error.stack) console.error(error.stack);
}

/**
 * Runs the command line and returns the exit code.
 * @param argv arguments after the program name
 */
export async function main(argv: string[]): Promise<number> {
  const [verbName, ...rest] = argv;
  if (!verbName || verbName === "--help" || verbName === "-h" || verbName === "help") {
    await printHelp();
    return verbName ? 0 : 2;
  }
  const load = VERBS[verbName];
  if (!load) {
    console.error(`ade: unknown verb "${verbName}"; verbs: ${Object.keys(VERBS).join(", ")}`);
    return 2;
  }
  try {
    const verb = await load();
    return await verb.run(rest);
  } catch (error) {
    if (error instanceof AdeError) {
      // Messages from the flag parser already start with the verb (or `verb sub:`); print it once.
      const named = new RegExp(`^${verbName}( [a-z-]+)?: `).test(error.message);
      console.error(named ? `ade ${error.message}` : `ade ${verbName}: ${error.message}`);
      return error.exitCode;
    }
    _reportUnexpected(verbName, error);
    return 70; // EX_SOFTWARE
  }
}

if (import.meta.main) {
  const verbName = Deno.args[0] ?? "";
  // Errors thrown outside the verb's own promise chain (a callback, a stream) end the same way.
  const onStray = (event: PromiseRejectionEvent | ErrorEvent) => {
    event.preventDefault();
    _reportUnexpected(verbName, "reason" in event ? event.reason : event.error);
    Deno.exit(70);
  };
  globalThis.addEventListener("unhandledrejection", onStray);
  globalThis.addEventListener("error", onStray);
  Deno.exit(await main(Deno.args));
}
