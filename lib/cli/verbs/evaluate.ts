/**
 * `ade evaluate`: metrics of a saved model on labelled rows, with bootstrap intervals; writes
 * `metrics.json` and `<out>.predictions.jsonl`, prints `f1: <value>`.
 */
import { createProgress } from "../../core/mod.ts";
import {
  describeIntervalMethod,
  describeOperatingPoint,
  formatF1Line,
  formatGroupTable,
  type GroupedEvaluationReport,
} from "../../metrics/mod.ts";
import { recordEvaluateModelFile } from "../../record/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, recordingFrom, seedFlag, seedFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "evaluate",
  summary: "evaluate a saved model on labelled rows (metrics.json with F1 intervals)",
  usage: "--model DIR --test FILE --out metrics.json [--by FIELD]",
  flags: {
    model: { type: "string", description: "saved model folder" },
    test: {
      type: "string",
      description: "labelled rows (JSONL in our schema, or CSV/JSONL with text, label)",
    },
    out: { type: "string", description: "metrics.json path (predictions go next to it)" },
    by: {
      type: "string",
      description: 'also report every value of this row field, e.g. source (metrics.json "by")',
    },
    name: { type: "string", description: "name of the store record (default evaluate)" },
    ...seedFlag("the bootstrap"),
    resamples: { type: "string", description: "bootstrap resamples (default 1000)" },
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    const progress = createProgress("evaluate", 100);
    const outcome = await recordEvaluateModelFile({
      modelDir: flags.required("model"),
      testPath: flags.required("test"),
      metricsPath: flags.required("out"),
      name: flags.string("name"),
      seed: seedFrom(flags),
      resamples: flags.integer("resamples", 1000),
      by: flags.string("by"),
      onProgress: (rows, fraction) =>
        progress.update(Math.round(100 * fraction), `${rows} rows scored`),
      onNote: (note) => console.error(`note: ${note}`),
    }, recordingFrom(flags));
    progress.finish(`${outcome.metrics.n} rows`);
    const report = outcome.metrics;
    console.log(formatF1Line(report.f1));
    console.error(
      `n ${report.n}: f1 ${report.f1.toFixed(4)} (95% CI ${report.f1_ci.low.toFixed(4)}–${
        report.f1_ci.high.toFixed(4)
      }${
        report.f1_ci_pmid
          ? `; by PubMed id ${report.f1_ci_pmid.low.toFixed(4)}–${
            report.f1_ci_pmid.high.toFixed(4)
          }`
          : ""
      }), precision ${report.precision.toFixed(4)}, recall ${report.recall.toFixed(4)}`,
    );
    for (const warning of report.warnings) console.error(`warning: ${warning}`);
    const method = report.operating_points_ci;
    console.error(
      `operating points (95% CI: ${
        describeIntervalMethod(method.method)
      }, ${method.resamples} resamples):`,
    );
    for (const point of report.operating_points) {
      console.error(
        `  ${
          point.target_recall === null
            ? "model threshold"
            : `recall ≥ ${point.target_recall.toFixed(2)}`
        }: threshold ${point.threshold.toFixed(4)}, precision ${point.precision.toFixed(3)}, ` +
          `recall ${point.recall.toFixed(3)} — ${describeOperatingPoint(point)}`,
      );
    }
    if ("by" in report) console.error(formatGroupTable(report as GroupedEvaluationReport));
    console.error(`wrote ${outcome.metricsPath} and ${outcome.predictionsPath}`);
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs `ade evaluate`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags
 * @throws {DataError} bad test file or model
 */
export const run = verb.run;
