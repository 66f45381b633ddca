/** Private: `MODEL_CARD.md`: what a model folder is for, what it was trained on, how well it does, where it fails. */
import { describeIntervalMethod, type EvaluationReport } from "../metrics/mod.ts";

/** Metrics on a labelled set the model was not fitted on. */
export interface ModelCardEvaluation {
  /** What the set is, e.g. `the grouped test split (4,179 sentences)` or a file name. */
  on: string;
  /** The `metrics.json` object. */
  report: EvaluationReport;
}

/** The shift statistics kept in the folder (`shift.json` of the other-sources work), as plain numbers. */
export interface ModelCardShift {
  /** Training documents the reference was built from. */
  documents: number | null;
  /** False-alarm rate the flag rule was calibrated for on held-out in-domain data. */
  falseAlarmRate: number | null;
  /** Share of `Adverse_Event` rows in the training data. */
  trainingPositiveRate: number | null;
  /** Fewest input rows the rule judges. */
  minimumRows: number | null;
  /** What the rule was calibrated on (e.g. `the adaptation sample (100 rows)` for an adapted model). */
  calibratedOn: string | null;
}

/** Everything a model card says, as plain data (no sentence text anywhere). */
export interface ModelCard {
  /** A name for the model, e.g. the configuration (`tuned`) or the folder's name. */
  name: string;
  /** When the folder was written (ISO). */
  created: string;
  /** Model family, e.g. `tfidf-svm`. */
  family: string;
  /** Hyperparameters. */
  hyperparameters: Readonly<Record<string, unknown>>;
  /** Decision threshold on the probability score. */
  threshold: number;
  /** How the threshold was chosen. */
  thresholdRule: string;
  /** The training data, by counts and hash. */
  training: {
    rows: number;
    positives: number;
    dataSha256: string;
    seed: number;
    /** Out-of-fold F1 at the threshold, when folds were used. */
    outOfFoldF1: number | null;
    /** The data source (`hf`, the corpus folder, a file path), when known. */
    source: string | null;
    /** The split kind (`grouped`, `dedup`, `random`), when known. */
    split: string | null;
    /** Whether the source is the public ADE Corpus V2. */
    publicCorpus: boolean;
  };
  /** Metrics on held-out data, when there were any. */
  evaluation: ModelCardEvaluation | null;
  /** Validation metrics printed by `train`, when there was a validation file and no evaluation. */
  validation: { n: number; f1: number; precision: number; recall: number } | null;
  /** Shift statistics, when the folder holds them. */
  shift: ModelCardShift | null;
  /** Further lines for the card (e.g. how an adapted model was adapted). */
  notes: readonly string[];
}

const number3 = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(3);
const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const count = (value: number) => value.toLocaleString("en-US");

/**
 * The model card as markdown: intended use, training data and domain, the operating point, metrics with
 * their intervals (method and resample count named), the operating points at recall targets, the shift
 * statistics, limitations, and the licence of the data. It holds counts, hashes and metrics only — no
 * sentence of the training or test data.
 * @param card the card's data
 * @returns markdown
 * @example
 * ```ts
 * const text = modelCardMarkdown({
 *   name: "baseline", created: "2025-01-01T00:00:00Z", family: "tfidf-svm", hyperparameters: { C: 1 },
 *   threshold: 0.42, thresholdRule: "max F1 on out-of-fold scores",
 *   training: { rows: 100, positives: 30, dataSha256: "ab", seed: 42, outOfFoldF1: 0.7, source: "hf",
 *     split: "grouped", publicCorpus: true },
 *   evaluation: null, validation: null, shift: null, notes: [],
 * });
 * console.log(text.split("\n")[0]); // # Model card: baseline
 * ```
 */
export function modelCardMarkdown(card: ModelCard): string {
  const { training } = card;
  const domain = training.publicCorpus
    ? "ADE Corpus V2 (Gurulingappa et al., J Biomed Inform 2012): English sentences from MEDLINE " +
      "case-report abstracts, labelled as describing an adverse drug event or not"
    : training.source
    ? `the user's own labelled data (\`${_basename(training.source)}\`)`
    : "not recorded with the model (no `manifest.json` of `ade prepare` next to the training file)";
  const lines = [
    `# Model card: ${card.name}`,
    "",
    `Written ${card.created} with the model folder. It holds counts, hashes and metrics only: no ` +
    "sentence of the training or test data.",
    "",
    "## Intended use",
    "",
    "Triage of sentences for possible adverse drug events (AEs) in pharmacovigilance: the model ranks and " +
    "flags sentences so that a trained reviewer reads the flagged ones first. It does not establish " +
    "causality, does not replace case assessment, and is not a medical device.",
    "",
    "## Training data and domain",
    "",
    `- Domain: ${domain}.`,
    `- Rows: ${count(training.rows)} (${count(training.positives)} AE, ${
      percent(training.positives / Math.max(1, training.rows))
    }); data SHA-256 \`${training.dataSha256}\`; seed ${training.seed}.`,
    `- Split: ${
      training.split
        ? `\`${training.split}\`${
          training.split === "grouped"
            ? " (whole PubMed abstracts on one side: no test sentence or abstract was seen in training)"
            : training.split === "random"
            ? " (rows at random: copies of test sentences can sit in training, so test scores are optimistic)"
            : ""
        }`
        : "not recorded"
    }.`,
    `- Model: \`${card.family}\`, hyperparameters \`${JSON.stringify(card.hyperparameters)}\`.`,
    "",
    "## Operating point",
    "",
    `Predicts \`Adverse_Event\` when the score is at least **${
      card.threshold.toFixed(4)
    }** (${card.thresholdRule})${
      training.outOfFoldF1 === null ? "" : `; out-of-fold F1 there ${number3(training.outOfFoldF1)}`
    }. \`ade serve\` and \`ade predict\` use this threshold; \`ade train --target-recall R\` chooses one ` +
    "that reaches recall R on out-of-fold scores instead.",
    "",
  ];
  lines.push(..._metricsSection(card));
  lines.push("## Shift statistics", "");
  if (card.shift?.calibratedOn?.startsWith("the adaptation sample")) {
    const shift = card.shift;
    lines.push(
      `The folder holds reference statistics (\`shift.json\`: token counts by hash, no text) of the ` +
        `training data, calibrated on ${shift.calibratedOn}. \`ade predict\` warns when an input file ` +
        `looks unlike the adaptation sample: its share of rows with rare words is compared, in both ` +
        `directions, with the share measured on the sample; files under ${
          shift.minimumRows ?? "a minimum number of"
        } rows are not judged.`,
      "",
    );
  } else if (card.shift) {
    const shift = card.shift;
    lines.push(
      `The folder holds reference statistics of the training data (\`shift.json\`: token counts by hash, ` +
        `no text) from ${
          shift.documents === null ? "the" : count(shift.documents)
        } training documents. \`ade predict\` compares an input file with them and warns when it ` +
        `looks unlike the training data (calibrated for a ${
          shift.falseAlarmRate === null ? "small" : percent(shift.falseAlarmRate)
        } false-alarm rate on held-out in-domain data; files under ${
          shift.minimumRows ?? "a minimum number of"
        } rows are not judged). Training AE share: ${
          shift.trainingPositiveRate === null ? "–" : percent(shift.trainingPositiveRate)
        }.`,
      "",
    );
  } else {
    lines.push(
      "This folder holds no shift reference, so inputs unlike the training data are not flagged.",
      "",
    );
  }
  if (card.notes.length > 0) lines.push("## Notes", "", ...card.notes.map((n) => `- ${n}`), "");
  lines.push(
    "## Limitations",
    "",
    "- Trained on one sentence at a time: context from the rest of a report is not seen.",
    training.publicCorpus
      ? "- Measured on MEDLINE case-report sentences only. Patient-forum posts, tweets, call notes and " +
        "e-mails are written differently; on such text the model misses most AEs at this threshold. " +
        "Evaluate on a labelled sample of your own source (`ade evaluate`) before use."
      : "- Measured only on data like its training data; other sources need their own labelled evaluation.",
    "- English only. Scores are probabilities calibrated on the training domain; on other text they are not.",
    "- A recall target reached on one test set is reached on new data only on average: read the " +
      "interval, and re-check on your own labelled sample.",
    "",
    "## Licence of the data",
    "",
    training.publicCorpus
      ? "ADE Corpus V2 is distributed without a stated licence (the Hugging Face dataset card lists it as " +
        "`unknown`); its README asks that publications cite Gurulingappa et al., JBI 2012. Check the terms " +
        "before redistributing the model or the data."
      : training.source
      ? "The training data is the user's own: its terms apply to this model folder too."
      : "The training data's source is not recorded with the model: its terms apply to this model " +
        "folder too, so check them before redistributing it.",
    "",
  );
  return lines.join("\n");
}

function _metricsSection(card: ModelCard): string[] {
  if (card.evaluation) {
    const { on, report } = card.evaluation;
    const interval = report.f1_ci_pmid ?? report.f1_ci;
    const positives = report.confusion.tp + report.confusion.fn;
    const lines = [
      "## Metrics",
      "",
      `On ${on}: ${count(report.n)} sentences, ${count(positives)} AE.`,
      "",
      "| metric | value |",
      "| --- | ---: |",
      `| F1 (AE class) | ${number3(report.f1)} (95% CI ${number3(interval.low)}–${
        number3(interval.high)
      }) |`,
      `| precision | ${number3(report.precision)} |`,
      `| recall | ${number3(report.recall)} |`,
      `| PR-AUC | ${number3(report.pr_auc)} |`,
      `| ROC-AUC | ${number3(report.roc_auc)} |`,
      `| Brier score | ${number3(report.brier)} |`,
      "",
      `F1 interval: ${describeIntervalMethod(interval.method)}, ${
        count(interval.resamples)
      } resamples, seed ${report.bootstrap_seed}.`,
      "",
    ];
    for (const warning of report.warnings) lines.push(`**Warning:** ${warning}.`, "");
    if (report.operating_points.length > 0) {
      const method = report.operating_points_ci;
      lines.push(
        "Operating points on the same data (share flagged = sentences a reviewer reads):",
        "",
        "| operating point | threshold | precision | recall | share flagged (95% CI) |",
        "| --- | ---: | ---: | ---: | ---: |",
        ...report.operating_points.map((point) =>
          `| ${
            point.target_recall === null
              ? "model threshold"
              : `recall ≥ ${point.target_recall.toFixed(2)}`
          } | ${point.threshold.toFixed(4)} | ${number3(point.precision)} | ${
            number3(point.recall)
          } | ${percent(point.flagged_share)} (${percent(point.flagged_share_ci.low)}–${
            percent(point.flagged_share_ci.high)
          }) |`
        ),
        "",
        `Intervals: ${describeIntervalMethod(method.method)}, ${
          count(method.resamples)
        } resamples; for a ` +
          "recall target each resample chooses its own threshold. Thresholds for recall targets are " +
          "chosen on this data, so they are estimates of what the target costs, not thresholds tested " +
          "on unseen data.",
        "",
      );
    }
    return lines;
  }
  if (card.validation) {
    const v = card.validation;
    return [
      "## Metrics",
      "",
      `On the validation file given to \`train\` (${count(v.n)} sentences): F1 ${number3(v.f1)}, ` +
      `precision ${number3(v.precision)}, recall ${number3(v.recall)} (no interval: run ` +
      "`ade evaluate` for metrics with confidence intervals and operating points).",
      "",
    ];
  }
  return [
    "## Metrics",
    "",
    "Not evaluated on held-out data yet: run `ade evaluate --model DIR --test FILE --out metrics.json`.",
    "",
  ];
}

function _basename(path: string): string {
  return path.replace(/\/+$/, "").split("/").at(-1) ?? path;
}
