/**
 * The report's section on the training domain (what the numbers cover and what they do not) and, when the
 * study measured other text sources, their per-source tables.
 */
import type { OutsideSummary } from "../adapt/mod.ts";
import { readTextStrict } from "../core/mod.ts";
import { type EvaluationReport, SMALL_SAMPLE_POSITIVES } from "../metrics/mod.ts";

/** The section's content, rendered by both the HTML and the markdown report. */
export interface DomainSection {
  /** Paragraphs of plain text (markdown-safe: no markup). */
  paragraphs: string[];
  /** The per-source table, when other sources were measured. */
  table?: { header: string[]; rows: string[][] };
  /** Notes under the table. */
  notes: string[];
}

function _f1(report: EvaluationReport): string {
  const positives = report.confusion.tp + report.confusion.fn;
  return positives < SMALL_SAMPLE_POSITIVES
    ? `${report.f1.toFixed(3)} (no interval: ${positives} AEs)`
    : `${report.f1.toFixed(3)} (${report.f1_ci.low.toFixed(3)}–${report.f1_ci.high.toFixed(3)})`;
}

/**
 * Builds the section. The paragraph on the training domain is always there; the table only with a summary
 * written by `measureOutsideSources` (the pipeline's `outside` stage).
 * @param split the prepare manifest's split facts, when known
 * @param outsideSummaryPath `outside.json`, when the study measured other sources
 * @returns the section
 */
export async function _domainSection(
  split: Record<string, unknown> | null,
  outsideSummaryPath?: string,
): Promise<DomainSection> {
  const rows = typeof split?.train_rows === "number"
    ? `${split.train_rows} training sentences, `
    : "";
  const paragraphs = [
    `Training domain: sentences from MEDLINE case reports (ADE Corpus V2; ${rows}clinicians writing ` +
    "about patients in the register of published case reports). Every number above holds for that kind " +
    "of text only.",
    "Not covered: patient-forum posts, drug reviews, social media, call-centre notes and e-mails. On such " +
    "text the threshold chosen here does not transfer (on invented lay-language texts it catches only a " +
    "few per cent of the adverse events), so `predict` warns when an input looks unlike the training " +
    "data. Before relying on the model for another source, label a sample of it (`select`), measure it " +
    "(`evaluate --by source`) and adapt (`adapt`).",
  ];
  if (!outsideSummaryPath) return { paragraphs, notes: [] };
  const summary = JSON.parse(await readTextStrict(outsideSummaryPath)) as OutsideSummary;
  const header = [
    summary.by,
    "held-out rows",
    "AEs",
    "shift warning (unusual rows)",
    "F1 at the model's threshold (95% CI)",
    `F1 after adapt on ${summary.sample_size} texts (95% CI)`,
    "strategy",
    "cross-validated F1 on the sample",
  ];
  const table = summary.sources.map((source) => [
    source.source,
    String(source.no_labels.n),
    String(source.no_labels.confusion.tp + source.no_labels.confusion.fn),
    `${source.shift.flagged ? "yes" : "no"} (${
      source.shift.score === null ? "–" : `${(100 * source.shift.score).toFixed(0)}%`
    })`,
    _f1(source.no_labels),
    source.adapted ? _f1(source.adapted.held_out) : `skipped: ${source.skipped ?? "–"}`,
    source.adapted?.strategy ?? "–",
    source.adapted
      ? `${source.adapted.cross_validated.f1.toFixed(3)} (${
        source.adapted.cross_validated.f1_ci.low.toFixed(3)
      }–${source.adapted.cross_validated.f1_ci.high.toFixed(3)})`
      : "–",
  ]);
  return {
    paragraphs: [
      ...paragraphs,
      `Other sources measured: ${summary.file.rows} labelled rows of \`${summary.file.path}\` split by ` +
      `${summary.by} into an adaptation pool (${summary.split.pool_rows} rows) and a held-out part ` +
      `(${summary.split.held_out_rows} rows, share ${summary.split.held_out_share}, seed ` +
      `${summary.split.seed}); adaptation used only pool rows, every F1 below is on held-out rows.`,
    ],
    table: { header, rows: table },
    notes: [
      '"no interval": fewer than 30 AEs in that group, so an interval would look more certain than it is.',
      "Intervals: percentile bootstrap over rows, 1,000 resamples unless stated in the reproducibility block.",
    ],
  };
}
