/** `ade pipeline` (also `deno task pipeline`): the whole study, locally or as a SageMaker plan. */
import { UsageError } from "../../core/errors.ts";
import { flagHelp, type FlagSpec, HELP_FLAG, optionalString, parseFlags } from "../args.ts";
import { costTable, loadConfig, planSageMakerStudy, runStudy } from "../../pipeline/mod.ts";

/** One-line summary for help. */
export const summary =
  "the whole study: prepare → baseline → augment → tune → compare → report → serve → cleanup";

const FLAGS: Record<string, FlagSpec> = {
  config: {
    type: "string",
    description: "configuration file (default ade.config.json when present, else defaults)",
  },
  out: { type: "string", description: "put every output, the store included, under this folder" },
  backend: { type: "string", description: "local (default) or sagemaker" },
  "dry-run": {
    type: "boolean",
    description: "sagemaker: write every request and the cost estimate, send nothing",
  },
  "run-id": { type: "string", description: "study run id (default: a new one)" },
  quiet: { type: "boolean", description: "only stage lines, no inner progress" },
  ...HELP_FLAG,
};

/** Runs the verb. */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("pipeline", args, FLAGS);
  if (flags.help) {
    console.log(
      `usage: deno task pipeline [--config FILE] [--out DIR] [--backend local|sagemaker] [--dry-run]\n${
        flagHelp(FLAGS)
      }`,
    );
    return 0;
  }
  const backend = optionalString(flags, "backend", "local");
  if (backend !== "local" && backend !== "sagemaker") {
    throw new UsageError(`pipeline: --backend must be local or sagemaker (got "${backend}")`);
  }
  const { config, file } = await loadConfig(optionalString(flags, "config"));
  const outDir = optionalString(flags, "out");
  const runId = optionalString(flags, "run-id") ?? Deno.env.get("ADE_RUN_ID");
  const quiet = flags.quiet === true;

  if (backend === "sagemaker") {
    if (!flags["dry-run"]) {
      throw new UsageError(
        "pipeline: --backend sagemaker runs only as a plan here (--dry-run): run the planned steps with " +
          "credentials through `ade tune --backend sagemaker`, `ade deploy` and `ade cleanup`",
      );
    }
    const plan = await planSageMakerStudy({ config, outDir, runId, quiet });
    for (const note of plan.notes) console.log(`note: ${note}`);
    console.log(
      `\n${plan.requests.length} requests passed preflight and were written to ${plan.runDir}/requests/:`,
    );
    for (const file of plan.requestFiles) console.log(`  ${file.slice(plan.runDir.length + 1)}`);
    console.log(`\nEstimated cost\n\n${costTable(plan)}\n`);
    console.log(`plan: ${plan.runDir}/plan.json`);
    return 0;
  }
  if (flags["dry-run"]) throw new UsageError("pipeline: --dry-run applies to --backend sagemaker");

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    const outcome = await runStudy({
      config,
      configFile: file,
      outDir,
      runId,
      quiet,
      signal: controller.signal,
    });
    console.log(`\nComparison on the untouched test split (run ${outcome.runId})\n`);
    console.log(outcome.comparisonTable);
    console.log(`\nreport: ${outcome.reportHtmlPath}`);
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
  return 0;
}
