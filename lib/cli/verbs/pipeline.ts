/** `ade pipeline` (also `deno task pipeline`): the whole study, locally or as a SageMaker plan. */
import { costTable, loadConfig, planSageMakerStudy, runStudy } from "../../pipeline/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { runIdFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "pipeline",
  summary:
    "the whole study: prepare → baseline → augment → tune → compare → report → serve → cleanup",
  usage:
    "[--config FILE] [--out DIR] [--backend local|sagemaker] [--dry-run] [--run-id ID] [--quiet]",
  flags: {
    config: {
      type: "string",
      description: "configuration file (default ade.config.json when present, else defaults)",
    },
    out: {
      type: "string",
      description: "put every output, the store included, under this folder",
    },
    backend: { type: "string", description: "local (default) or sagemaker" },
    "dry-run": {
      type: "boolean",
      description: "sagemaker: write every request and the cost estimate, send nothing",
    },
    "run-id": { type: "string", description: "study run id (default: a new one)" },
    quiet: { type: "boolean", description: "only stage lines, no inner progress" },
  },
  async run(flags) {
    const backend = flags.choice("backend", ["local", "sagemaker"], "local");
    const { config, file } = await loadConfig(flags.string("config"));
    const outDir = flags.string("out");
    const runId = runIdFrom(flags);
    const quiet = flags.boolean("quiet");

    if (backend === "sagemaker") {
      if (!flags.boolean("dry-run")) {
        throw flags.error(
          "--backend sagemaker runs only as a plan here (--dry-run): run the planned steps with " +
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
    if (flags.boolean("dry-run")) throw flags.error("--dry-run applies to --backend sagemaker");

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
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `pipeline`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link PreflightError} when the SageMaker plan breaks a rule
 */
export const run = verb.run;
