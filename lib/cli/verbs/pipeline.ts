/**
 * `ade pipeline` (also `deno task pipeline`): the whole study, locally, as a SageMaker plan (`--backend
 * sagemaker --dry-run`) or on SageMaker with the user's credentials (`--backend sagemaker`).
 */
import {
  costTable,
  loadConfig,
  planSageMakerStudy,
  runSageMakerStudy,
  runStudy,
} from "../../pipeline/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { runIdFrom } from "../flag_sets.ts";
import { withInterruptSignal } from "../interrupt_signal.ts";

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
      description:
        "sagemaker: write every request and the cost estimate, send nothing (without it: run on AWS)",
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

    if (backend === "sagemaker" && flags.boolean("dry-run")) {
      const plan = await planSageMakerStudy({ config, outDir, runId, quiet });
      for (const note of plan.notes) console.log(`note: ${note}`);
      console.log(`\ntuning job channels:`);
      for (const channel of plan.channels) {
        console.log(`  ${channel.name.padEnd(7)} ${channel.s3Uri}`);
      }
      console.log(`code bundle ${plan.bundle.file}: ${plan.bundle.members.join(", ")}`);
      console.log(
        `\n${plan.requests.length} requests passed preflight and were written to ${plan.runDir}/requests/:`,
      );
      for (const file of plan.requestFiles) console.log(`  ${file.slice(plan.runDir.length + 1)}`);
      console.log(`\nEstimated cost\n\n${costTable(plan)}\n`);
      console.log(`plan: ${plan.runDir}/plan.json`);
      return 0;
    }
    if (backend === "local" && flags.boolean("dry-run")) {
      throw flags.error("--dry-run applies to --backend sagemaker");
    }

    return await withInterruptSignal(
      "pipeline: interrupted, stopping and tearing down what the run started …",
      async (signal) => {
        const study = { config, configFile: file, outDir, runId, quiet, signal };
        if (backend === "sagemaker") {
          const outcome = await runSageMakerStudy(study);
          console.log(
            `\nbest model (validation F1 ${outcome.best.objective?.value.toFixed(4) ?? "?"}): ` +
              `${outcome.best.trainingJobName} → ${outcome.best.s3Uri}`,
          );
          console.log(
            `smoke invocation of ${outcome.endpointName}: ${outcome.smokeTest.predictions} ` +
              `predictions for ${outcome.smokeTest.texts} sentences`,
          );
          console.log(
            outcome.cleanup
              ? `cleanup: ${outcome.cleanup.entries.length} resources handled, nothing left running`
              : `kept running: remove with deno task ade cleanup --run-id ${outcome.runId}`,
          );
          return 0;
        }
        const outcome = await runStudy(study);
        console.log(`\nComparison on the untouched test split (run ${outcome.runId})\n`);
        console.log(outcome.comparisonTable);
        console.log(`\nreport: ${outcome.reportHtmlPath}`);
        return 0;
      },
    );
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
