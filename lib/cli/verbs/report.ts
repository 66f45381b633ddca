/** `ade report`: the comparison report (HTML + markdown), or an export of the stored runs. */
import { writeFileAtomic } from "../../core/mod.ts";
import { recordWriteReport } from "../../pipeline/mod.ts";
import {
  ExperimentStore,
  exportRuns,
  recordRun,
  type RunFilter,
  type RunKind,
} from "../../track/mod.ts";
import { STORE_FLAG } from "../args.ts";
import { defineVerb, type VerbFlags } from "../define_verb.ts";
import { runIdFrom, seedFlag, seedFrom, storePathFrom } from "../flag_sets.ts";

const FLAGS = {
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
  runs: {
    type: "string",
    description:
      "compare these evaluate runs (names or record ids, comma-separated; the first is the reference) " +
      "instead of baseline/tuned/tuned+synthetic",
  },
  "show-text": {
    type: "boolean",
    description:
      "show test sentences in the error analysis even for your own data (the public corpus's are shown anyway)",
  },
  focus: {
    type: "string",
    description: "configuration the error analysis is about (default tuned, else the first)",
  },
  trials: {
    type: "string",
    description: "tuning trials.jsonl for the tuning-history chart (default: from the store)",
  },
  ...seedFlag("the paired comparisons' bootstrap"),
  resamples: { type: "string", description: "bootstrap resamples (default 2000)" },
  export: { type: "string", description: "csv | json: export the stored runs instead of a report" },
  kind: { type: "string", description: "with --export: only runs of this kind" },
  name: { type: "string", description: "with --export: only runs with this name" },
} as const;

const verb = defineVerb({
  name: "report",
  summary:
    "report (data, comparison with CIs, operating points, errors, calibration, tuning, model cards) as HTML + markdown; --export runs as CSV/JSON",
  usage: [
    "[--store DB] [--run-id ID] [--runs A,B,C] [--show-text] [--focus NAME] --out DIR",
    "--export csv|json [--store DB] [--run-id ID] [--kind K] [--name N] [--out FILE]",
  ],
  flags: FLAGS,
  async run(flags) {
    if (flags.given("export")) return await _exportRuns(flags);
    const outDir = flags.string("out");
    if (!outDir) throw flags.error("--out DIR is required (or use --export csv|json)");
    const runs = flags.string("runs")?.split(",").map((name) => name.trim()).filter(Boolean);
    if (flags.given("runs") && (!runs || runs.length === 0)) {
      throw flags.error("--runs needs at least one evaluate run name, e.g. --runs baseline,tuned");
    }
    const written = await recordWriteReport({
      storePath: storePathFrom(flags),
      outDir,
      runId: runIdFrom(flags),
      ...(runs ? { runs } : {}),
      showText: flags.boolean("show-text"),
      focus: flags.string("focus"),
      trialsPath: flags.string("trials"),
      seed: seedFrom(flags),
      resamples: flags.integer("resamples", 2000),
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
  },
});

/** `--export csv|json`: the stored runs, recorded after they were read so the export does not list itself. */
async function _exportRuns(flags: VerbFlags<typeof FLAGS>): Promise<number> {
  const format = flags.choice("export", ["csv", "json"], "csv");
  const storePath = storePathFrom(flags);
  const runId = runIdFrom(flags);
  const kind = flags.string("kind");
  const name = flags.string("name");
  const filter: RunFilter = {
    ...(runId ? { runId } : {}),
    ...(kind ? { kind: kind as RunKind } : {}),
    ...(name ? { name } : {}),
  };
  const store = await ExperimentStore.open(storePath);
  let text: string;
  let count: number;
  try {
    text = exportRuns(store, format, filter);
    count = store.listRuns(filter).length;
  } finally {
    store.close();
  }
  const out = flags.string("out");
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

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args flags after `report`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link AdeError} when the store has no baseline run
 */
export const run = verb.run;
