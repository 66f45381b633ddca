/** Private: what a model gets wrong — its most confident errors, and F1 by length, drug, effect, abstract. */
import { exists } from "../core/mod.ts";
import { readRows, type Row } from "../data/mod.ts";
import { type SubgroupMetrics, subgroupMetrics } from "../metrics/mod.ts";
import { explainPrediction, loadModel, type TextClassifier } from "../models/mod.ts";
import { _artifactPathOf, _resolveArtifactPath } from "./_artifact_path.ts";
import type { ComparisonEntry } from "./comparison.ts";

/** How many examples of each error kind, and how many drugs and effects, the report lists. */
const EXAMPLES = 10;
const TOP_MENTIONS = 10;

/** One misclassified test sentence. */
export interface _ErrorExample {
  /** Test row id. */
  id: string;
  /** PubMed id (the abstract), when known. */
  pmid: string | null;
  /** The model's score. */
  score: number;
  /** The sentence, only when the report may show text. */
  text: string | null;
  /** The n-grams of the sentence that pushed the score the wrong way most, only with text. */
  drivers: string[] | null;
}

/** The error analysis of one configuration. */
export interface _ErrorAnalysis {
  /** The configuration analysed. */
  configuration: string;
  /** Whether sentences (and words, drug and effect names) are shown. */
  showText: boolean;
  /** Gold `Not_AE` flagged as AE, highest score first. */
  falsePositives: _ErrorExample[];
  /** Gold AE not flagged, lowest score first. */
  falseNegatives: _ErrorExample[];
  /** F1 by sentence length in words. */
  byLength: SubgroupMetrics[];
  /** F1 among test sentences naming each of the most frequent drugs (null: names hidden or unknown). */
  byDrug: SubgroupMetrics[] | null;
  /** Likewise by adverse effect. */
  byEffect: SubgroupMetrics[] | null;
  /** F1 by how many test sentences the abstract contributes. */
  byAbstractSize: SubgroupMetrics[];
  /** The abstracts with the most errors. */
  worstAbstracts: Array<{ pmid: string; rows: number; positives: number; errors: number }>;
  /** Why a part is missing, for the reader. */
  notes: string[];
}

/** Options of {@link _collectErrorAnalysis}. */
export interface _ErrorAnalysisOptions {
  /** Show sentences, n-grams, drug and effect names. */
  showText: boolean;
  /** The test rows file, when one was found (its rows carry the text and the mentions). */
  testRowsPath: string | null;
  /** Experiment store path (to resolve the model folder). */
  storePath: string;
  /** Bootstrap seed and resamples of the subgroup intervals. */
  seed: number;
  /** Resamples. */
  resamples: number;
}

/**
 * The error analysis of `entry`: its most confident false positives and false negatives (ids and scores;
 * sentences and the n-grams that drove them — from `explainPrediction` on the sentence itself — only when
 * `showText`), F1 with cluster-bootstrap intervals by sentence length, by the drugs and effects named in
 * the test set's relations (matched in every test sentence), and by abstract size, and the abstracts with
 * the most errors. Without the test rows only the parts that need no text are filled.
 */
export async function _collectErrorAnalysis(
  entry: ComparisonEntry,
  options: _ErrorAnalysisOptions,
): Promise<_ErrorAnalysis> {
  const notes: string[] = [];
  const predictions = entry.predictions;
  let rowsById: Map<string, Row> | null = null;
  const testPath = options.testRowsPath ?? await _testPathOfRun(entry, options.storePath);
  if (testPath) {
    const rows = await readRows(testPath);
    rowsById = new Map(rows.map((row) => [row.id, row]));
    if (!predictions.every((prediction) => rowsById!.has(prediction.id))) {
      notes.push(`${testPath} does not hold every test row of the predictions: not used.`);
      rowsById = null;
    }
  } else {
    notes.push(
      "The test rows file was not found (no prepare run with a matching manifest): length, drug and " +
        "effect breakdowns and sentences are left out.",
    );
  }
  const model = options.showText && rowsById ? await _loadModelOf(entry, options.storePath) : null;
  if (options.showText && rowsById && !model) {
    notes.push("The model folder was not found: the words that drove each error are left out.");
  }
  const example = (index: number, wrongWay: 1 | -1): _ErrorExample => {
    const prediction = predictions[index];
    const text = options.showText ? rowsById?.get(prediction.id)?.text ?? null : null;
    return {
      id: prediction.id,
      pmid: prediction.pmid ?? null,
      score: prediction.score,
      text,
      drivers: text !== null && model ? _drivers(model, text, wrongWay) : null,
    };
  };
  const indices = predictions.map((_, index) => index);
  const falsePositives = indices
    .filter((i) => predictions[i].gold === "Not_AE" && predictions[i].label === "Adverse_Event")
    .sort((a, b) => predictions[b].score - predictions[a].score).slice(0, EXAMPLES)
    .map((i) => example(i, 1));
  const falseNegatives = indices
    .filter((i) => predictions[i].gold === "Adverse_Event" && predictions[i].label === "Not_AE")
    .sort((a, b) => predictions[a].score - predictions[b].score).slice(0, EXAMPLES)
    .map((i) => example(i, -1));

  const gold = predictions.map((row) => row.gold);
  const predicted = predictions.map((row) => row.label === "Adverse_Event");
  const groups = predictions.every((row) => row.pmid !== undefined)
    ? predictions.map((row) => row.pmid!)
    : undefined;
  const bootstrap = { seed: options.seed, resamples: options.resamples, groups };
  const subgroups = (memberships: string[][]) =>
    subgroupMetrics(gold, predicted, memberships, bootstrap);

  let byLength: SubgroupMetrics[] = [];
  let byDrug: SubgroupMetrics[] | null = null;
  let byEffect: SubgroupMetrics[] | null = null;
  if (rowsById) {
    const rows = predictions.map((prediction) => rowsById!.get(prediction.id)!);
    byLength = _inOrder(
      subgroups(rows.map((row) => [_lengthBin(row.text)])),
      LENGTH_BINS.map((bin) => bin.name),
    );
    if (options.showText) {
      byDrug = _byMentions(rows, "drugs", subgroups);
      byEffect = _byMentions(rows, "effects", subgroups);
      if (byDrug.length === 0) notes.push("The test rows carry no drug or effect mentions.");
    } else {
      notes.push(
        "F1 by drug and by effect is left out: drug and effect names are words of the sentences, " +
          "shown only for the public corpus or with --show-text.",
      );
    }
  }
  const abstractSize = new Map<string, number>();
  for (const row of predictions) {
    if (row.pmid) abstractSize.set(row.pmid, (abstractSize.get(row.pmid) ?? 0) + 1);
  }
  const byAbstractSize = groups
    ? _inOrder(
      subgroups(predictions.map((row) => [_abstractBin(abstractSize.get(row.pmid!)!)])),
      ABSTRACT_BINS.map((bin) => bin.name),
    )
    : [];
  return {
    configuration: entry.configuration,
    showText: options.showText,
    falsePositives,
    falseNegatives,
    byLength,
    byDrug,
    byEffect,
    byAbstractSize,
    worstAbstracts: _worstAbstracts(entry),
    notes,
  };
}

const LENGTH_BINS = [
  { name: "1–10 words", max: 10 },
  { name: "11–20 words", max: 20 },
  { name: "21–30 words", max: 30 },
  { name: "31–40 words", max: 40 },
  { name: "over 40 words", max: Infinity },
];

const ABSTRACT_BINS = [
  { name: "abstracts with 1–3 test sentences", max: 3 },
  { name: "abstracts with 4–6 test sentences", max: 6 },
  { name: "abstracts with 7–10 test sentences", max: 10 },
  { name: "abstracts with over 10 test sentences", max: Infinity },
];

function _lengthBin(text: string): string {
  const words = text.trim().split(/\s+/).length;
  return LENGTH_BINS.find((bin) => words <= bin.max)!.name;
}

function _abstractBin(size: number): string {
  return ABSTRACT_BINS.find((bin) => size <= bin.max)!.name;
}

/** Subgroups in the given order (absent ones left out). */
function _inOrder(groups: SubgroupMetrics[], order: readonly string[]): SubgroupMetrics[] {
  return order.flatMap((name) => groups.filter((group) => group.group === name));
}

/**
 * The most frequent mention strings of the test set's relations (lower-cased), each matched as a whole
 * phrase in every test sentence, so sentences of both labels that name it form its subgroup.
 */
function _byMentions(
  rows: readonly Row[],
  field: "drugs" | "effects",
  subgroups: (memberships: string[][]) => SubgroupMetrics[],
): SubgroupMetrics[] {
  const names = new Set<string>();
  for (const row of rows) {
    for (const mention of row[field] ?? []) names.add(mention.text.toLowerCase());
  }
  const patterns = [...names].map((name) => ({
    name,
    pattern: new RegExp(`(^|[^\\p{L}\\p{N}])${_escapeRegExp(name)}($|[^\\p{L}\\p{N}])`, "u"),
  }));
  const memberships = rows.map((row) => {
    const lower = row.text.toLowerCase();
    return patterns.filter(({ pattern }) => pattern.test(lower)).map(({ name }) => name);
  });
  const frequency = new Map<string, number>();
  for (const names of memberships) {
    for (const name of names) frequency.set(name, (frequency.get(name) ?? 0) + 1);
  }
  const top = new Set(
    [...frequency].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_MENTIONS)
      .map(([name]) => name),
  );
  return subgroups(memberships.map((names) => names.filter((name) => top.has(name))))
    .sort((a, b) => b.n - a.n || a.group.localeCompare(b.group));
}

function _escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function _worstAbstracts(entry: ComparisonEntry) {
  const byPmid = new Map<
    string,
    { pmid: string; rows: number; positives: number; errors: number }
  >();
  for (const row of entry.predictions) {
    if (!row.pmid) continue;
    const summary = byPmid.get(row.pmid) ??
      { pmid: row.pmid, rows: 0, positives: 0, errors: 0 };
    summary.rows++;
    if (row.gold === "Adverse_Event") summary.positives++;
    if (row.label !== row.gold) summary.errors++;
    byPmid.set(row.pmid, summary);
  }
  return [...byPmid.values()].filter((summary) => summary.errors > 0)
    .sort((a, b) => b.errors - a.errors || b.rows - a.rows || a.pmid.localeCompare(b.pmid))
    .slice(0, EXAMPLES);
}

/**
 * The three word n-grams that pushed the score the wrong way most (`1`: towards AE, `-1`: towards not
 * AE); character n-grams (pieces of words) only when too few word n-grams pushed that way.
 */
function _drivers(model: TextClassifier, text: string, wrongWay: 1 | -1): string[] {
  const { contributions } = explainPrediction(model, text, { top: Infinity });
  const wrong = contributions.filter((item) => Math.sign(item.contribution) === wrongWay);
  const ordered = [
    ...wrong.filter((item) => item.kind === "word"),
    ...wrong.filter((item) => item.kind === "char"),
  ];
  const drivers: string[] = [];
  for (const item of ordered) {
    const label = item.ngrams.map((gram) => gram.trim()).join(" / ");
    const shown = item.kind === "char" ? `“${label}”` : label;
    if (label !== "" && !drivers.includes(shown)) drivers.push(shown);
    if (drivers.length === 3) break;
  }
  return drivers;
}

async function _testPathOfRun(entry: ComparisonEntry, storePath: string): Promise<string | null> {
  const test = entry.run.params.test;
  if (typeof test !== "string") return null;
  const path = await _resolveArtifactPath(test, storePath);
  return (await exists(path)) ? path : null;
}

async function _loadModelOf(
  entry: ComparisonEntry,
  storePath: string,
): Promise<TextClassifier | null> {
  const path = await _artifactPathOf(entry.run, "model_dir", storePath);
  if (!path) return null;
  try {
    return await loadModel(path);
  } catch {
    return null;
  }
}
