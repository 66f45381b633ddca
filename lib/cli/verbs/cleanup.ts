/**
 * `ade cleanup`: removes what a study run created — SageMaker endpoint, config, model, running jobs, S3
 * objects under the run's prefix, local endpoint and folders — only resources recorded for the run that
 * carry its tag. `--dry-run` lists without changing anything.
 * @module
 */
import { cleanupRun, formatCleanupReport, parseDuration } from "../../cloud/mod.ts";
import { STORE_FLAG } from "../args.ts";
import { defineVerb } from "../define_verb.ts";
import { runIdFrom, storePathFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "cleanup",
  summary: "remove a run's endpoints, jobs, S3 objects and local folders (tag-scoped)",
  usage: "--run-id ID | --older-than DURATION [--backend local|sagemaker] [--dry-run]",
  flags: {
    "run-id": { type: "string", description: "study run to clean (default $ADE_RUN_ID)" },
    backend: { type: "string", description: "local | sagemaker (default: both)" },
    "dry-run": { type: "boolean", description: "list what would be removed; change nothing" },
    "older-than": { type: "string", description: "only runs idle longer than this (e.g. 2h, 7d)" },
    region: { type: "string", description: "region of resources recorded without one" },
    ...STORE_FLAG,
  },
  async run(flags) {
    const olderThan = flags.string("older-than");
    const report = await cleanupRun({
      storePath: storePathFrom(flags),
      runId: runIdFrom(flags),
      olderThanMs: olderThan === undefined ? undefined : parseDuration(olderThan),
      backend: flags.choice("backend", ["local", "sagemaker"], "all"),
      dryRun: flags.boolean("dry-run"),
      region: flags.string("region"),
    });
    console.log(formatCleanupReport(report));
    return report.dryRun || report.remaining.length === 0 ? 0 : 1;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `cleanup`
 * @returns 0 when nothing of the run remains (or a dry run), 1 when something is left or failed
 * @throws {UsageError} bad flags
 */
export const run = verb.run;
