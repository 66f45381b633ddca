/** `ade report`: the comparison report (HTML + markdown), or an export of the stored runs. */
import { UsageError } from "../../core/errors.ts";
import { writeFileAtomic } from "../../core/fs.ts";
import { writeReport } from "../../report/mod.ts";
import {
  defaultStorePath,
  ExperimentStore,
  exportRuns,
  recordRun,
  type RunExportFormat,
  type RunFilter,
  type RunKind,
} from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  numberFlag,
  optionalString,
  parseFlags,
  STORE_FLAG,
} from "../args.ts";

/** One-line summary for help. */
export const summary =
  "comparison report (baseline / tuned / tuned+synthetic, CIs, charts) as HTML + markdown; --export runs as CSV/JSON";

const FLAGS: Record<string, FlagSpec> = {
  out: {
    type: "string",
    description: "report folder (report.html, report.md); with --export: the file (default stdout)",
  },
  ...STORE_FLAG,
  "run-id": {
    type: "string",
    description:
      "study run id (default $ADE_RUN_ID, else the newest run id with a baseline; with --export: filter)",
  },
  trials: {
    type: "string",
    description: "tuning trials.jsonl for the tuning-history chart (default: from the store)",
  },
  seed: { type: "string", description: "bootstrap seed of the paired comparisons (default 42)" },
  resamples: { type: "string", description: "bootstrap resamples (default 2000)" },
  export: { type: "string", description: "csv | json: export the stored runs instead of a report" },
  kind: { type: "string", description: "with --export: only runs of this kind" },
  name: { type: "string", description: "with --export: only runs with this name" },
  ...HELP_FLAG,
};

/**
 * Runs the verb.
 * @param args flags after `report`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link AdeError} when the store has no baseline run
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("report", args, FLAGS);
  if (flags.help) {
    console.log(
      "usage: deno task ade report [--store DB] [--run-id ID] --out DIR\n" +
        "       deno task ade report --export csv|json [--store DB] [--run-id ID] [--kind K] [--name N] [--out FILE]\n" +
        flagHelp(FLAGS),
    );
    return 0;
  }
  const storePath = optionalString(flags, "store") ?? defaultStorePath();
  const runId = optionalString(flags, "run-id") ?? (Deno.env.get("ADE_RUN_ID") || undefined);
  const format = optionalString(flags, "export");
  if (format !== undefined) {
    if (format !== "csv" && format !== "json") {
      throw new UsageError(`--export must be csv or json (got "${format}")`);
    }
    const filter: RunFilter = {
      ...(runId ? { runId } : {}),
      ...(flags.kind ? { kind: optionalString(flags, "kind") as RunKind } : {}),
      ...(flags.name ? { name: optionalString(flags, "name") } : {}),
    };
    const store = await ExperimentStore.open(storePath);
    let text: string;
    let count: number;
    try {
      text = exportRuns(store, format as RunExportFormat, filter);
      count = store.listRuns(filter).length;
    } finally {
      store.close();
    }
    const out = optionalString(flags, "out");
    // The export is recorded after it was read, so that it does not list itself as running.
    await recordRun(storePath, {
      kind: "report",
      name: "export",
      ...(runId ? { runId } : {}),
      params: { format, ...filter, out: out ?? "-" },
    }, async () => {
      if (out && out !== "-") {
        await writeFileAtomic(out, text);
        console.error(`wrote ${out}`);
      } else await Deno.stdout.write(new TextEncoder().encode(text));
      return { value: undefined, metrics: { runs: count } };
    });
    return 0;
  }
  const outDir = optionalString(flags, "out");
  if (!outDir) throw new UsageError("--out DIR is required (or use --export csv|json)");
  const written = await writeReport({
    storePath,
    outDir,
    runId,
    trialsPath: optionalString(flags, "trials"),
    seed: numberFlag("report", flags, "seed", 42, true),
    resamples: numberFlag("report", flags, "resamples", 2000, true),
  });
  console.log(
    [
      `run ${written.runId}: ${written.configurations.join(", ")}${
        written.missing.length ? ` (missing: ${written.missing.join(", ")})` : ""
      }; ${written.figureCount} charts`,
      `wrote ${written.htmlPath}`,
      `wrote ${written.markdownPath}`,
    ].join("\n"),
  );
  return 0;
}
