/**
 * `ade cleanup`: removes what a study run created — SageMaker endpoint, config, model, running jobs, S3
 * objects under the run's prefix, local endpoint and folders — only resources recorded for the run that
 * carry its tag. `--dry-run` lists without changing anything.
 * @module
 */
import {
  type CleanupBackend,
  cleanupRun,
  formatCleanupReport,
  parseDuration,
} from "../../cloud/mod.ts";
import { UsageError } from "../../core/errors.ts";
import { defaultStorePath } from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  optionalString,
  parseFlags,
  STORE_FLAG,
} from "../args.ts";

/** One-line summary for help. */
export const summary = "remove a run's endpoints, jobs, S3 objects and local folders (tag-scoped)";

const FLAGS: Record<string, FlagSpec> = {
  "run-id": { type: "string", description: "study run to clean (default $ADE_RUN_ID)" },
  backend: { type: "string", description: "local | sagemaker (default: both)" },
  "dry-run": { type: "boolean", description: "list what would be removed; change nothing" },
  "older-than": { type: "string", description: "only runs idle longer than this (e.g. 2h, 7d)" },
  region: { type: "string", description: "region of resources recorded without one" },
  ...STORE_FLAG,
  ...HELP_FLAG,
};

/**
 * Runs the verb.
 * @param args arguments after `cleanup`
 * @returns 0 when nothing of the run remains (or a dry run), 1 when something is left or failed
 * @throws {UsageError} bad flags
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("cleanup", args, FLAGS);
  if (flags.help) {
    console.log(`ade cleanup: ${summary}\n${flagHelp(FLAGS)}`);
    return 0;
  }
  const backendFlag = optionalString(flags, "backend");
  if (backendFlag !== undefined && backendFlag !== "local" && backendFlag !== "sagemaker") {
    throw new UsageError(`cleanup: --backend must be local or sagemaker (got "${backendFlag}")`);
  }
  const olderThan = optionalString(flags, "older-than");
  const report = await cleanupRun({
    storePath: optionalString(flags, "store", defaultStorePath())!,
    runId: optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID")),
    olderThanMs: olderThan === undefined ? undefined : parseDuration(olderThan),
    backend: (backendFlag ?? "all") as CleanupBackend,
    dryRun: flags["dry-run"] === true,
    region: optionalString(flags, "region"),
  });
  console.log(formatCleanupReport(report));
  return report.dryRun || report.remaining.length === 0 ? 0 : 1;
}
