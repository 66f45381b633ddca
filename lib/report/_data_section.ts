/** Private: what the report says about the data — source, split, sizes, leakage, the random-split F1. */
import { dirname } from "node:path";
import { exists, readTextStrict, sha256File } from "../core/mod.ts";
import { isPublicCorpusSource } from "../data/mod.ts";
import type { ExperimentStore, RunRecord } from "../track/mod.ts";
import { _resolveArtifactPath } from "./_artifact_path.ts";
import type { Comparison, Interval } from "./comparison.ts";
import type { Reproducibility } from "./_reproducibility.ts";

/** Leakage of one split into its test part (the manifest's numbers). */
export interface _SplitLeakage {
  /** `grouped`, `dedup` or `random`. */
  split: string;
  /** Test rows. */
  test_rows: number;
  /** Test rows whose PubMed id also occurs in train. */
  pmid_overlap: number;
  /** Test rows whose normalised text also occurs in train. */
  text_overlap: number;
  /** Share of test positives whose text occurs in train. */
  test_positive_text_in_train: number;
}

/** The reference protocol's number: the same model family evaluated on a random row split. */
export interface _RandomSplitEvaluation {
  /** The evaluate run. */
  run: RunRecord;
  /** Its F1. */
  f1: number;
  /** Its interval. */
  f1_ci: Interval | null;
  /** Its split's leakage. */
  leakage: _SplitLeakage;
}

/** The data section's facts. */
export interface _DataSection {
  /** The source as the manifest records it, or null without a manifest. */
  source: string | null;
  /** Whether the source is the public ADE Corpus V2. */
  publicCorpus: boolean;
  /** Split kind, seed and test share. */
  split: string | null;
  /** Seed of the split. */
  seed: number | null;
  /** Training rows and their AE rows. */
  train: { rows: number; positives: number } | null;
  /** Test rows and their AE rows. */
  test: { rows: number; positives: number } | null;
  /** The split's leakage. */
  leakage: _SplitLeakage | null;
  /** A random-split evaluation found in the store, for the side-by-side. */
  randomSplit: _RandomSplitEvaluation | null;
  /** `test.jsonl` next to the manifest, when its hash is the manifest's (for the error analysis). */
  testRowsPath: string | null;
}

/**
 * Gathers the data section from the manifest found for the comparison (see the reproducibility block) and
 * the store: a completed evaluate run whose data was split at random (its prepare run's manifest says so)
 * gives the random-split F1.
 */
export async function _collectDataSection(
  store: ExperimentStore,
  comparison: Comparison,
  reproducibility: Reproducibility,
): Promise<_DataSection> {
  const manifestPath = reproducibility.data.manifestPath;
  const manifest = manifestPath ? await _readJson(manifestPath) : null;
  const source = typeof manifest?.source === "string" ? manifest.source : null;
  const counts = (rows: unknown, positives: unknown) =>
    typeof rows === "number" && typeof positives === "number" ? { rows, positives } : null;
  const testRowsPath = manifestPath && manifest
    ? await _verifiedTestFile(manifestPath, manifest)
    : null;
  return {
    source,
    publicCorpus: source !== null && await isPublicCorpusSource(source),
    split: typeof manifest?.split === "string" ? manifest.split : null,
    seed: typeof manifest?.seed === "number" ? manifest.seed : null,
    train: counts(manifest?.train_rows, manifest?.train_positive),
    test: counts(manifest?.test_rows, manifest?.test_positive),
    leakage: manifest ? _leakage(manifest) : null,
    randomSplit: await _randomSplitEvaluation(store, comparison),
    testRowsPath,
  };
}

function _leakage(manifest: Record<string, unknown>): _SplitLeakage | null {
  const number = (key: string) =>
    typeof manifest[key] === "number" ? manifest[key] as number : null;
  const values = {
    test_rows: number("test_rows"),
    pmid_overlap: number("pmid_overlap"),
    text_overlap: number("text_overlap"),
    test_positive_text_in_train: number("test_positive_text_in_train"),
  };
  if (Object.values(values).some((value) => value === null)) return null;
  return { split: String(manifest.split ?? "?"), ...values } as _SplitLeakage;
}

async function _readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    const value = JSON.parse(await readTextStrict(path));
    return value !== null && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

async function _verifiedTestFile(
  manifestPath: string,
  manifest: Record<string, unknown>,
): Promise<string | null> {
  const path = `${dirname(manifestPath)}/test.jsonl`;
  const expected = (manifest.sha256 as Record<string, unknown> | undefined)?.test;
  if (typeof expected !== "string" || !(await exists(path))) return null;
  return (await sha256File(path)) === expected ? path : null;
}

/** The newest completed evaluate run (outside the comparison) whose data was split at random. */
async function _randomSplitEvaluation(
  store: ExperimentStore,
  comparison: Comparison,
): Promise<_RandomSplitEvaluation | null> {
  const inComparison = new Set(comparison.entries.map((entry) => entry.run.id));
  const prepares = store.listRuns({ kind: "prepare", status: "completed" });
  const manifestOf = new Map<string, Record<string, unknown> | null>();
  const evaluations = store.listRuns({ kind: "evaluate", status: "completed" })
    .filter((run) => !inComparison.has(run.id) && run.manifestHash !== null).reverse();
  for (const run of evaluations) {
    const hash = run.manifestHash!;
    if (!manifestOf.has(hash)) {
      const prepare = prepares.filter((candidate) => candidate.manifestHash === hash).at(-1);
      const stored = prepare?.artifacts.manifest;
      const path = stored ? await _resolveArtifactPath(stored, store.path) : null;
      manifestOf.set(hash, path && (await exists(path)) ? await _readJson(path) : null);
    }
    const manifest = manifestOf.get(hash);
    if (manifest?.split !== "random" || typeof run.metrics.f1 !== "number") continue;
    const leakage = _leakage(manifest);
    if (!leakage) continue;
    const interval = (run.metrics.f1_ci_pmid ?? run.metrics.f1_ci) as Interval | undefined;
    return {
      run,
      f1: run.metrics.f1,
      f1_ci: interval && typeof interval.low === "number" ? interval : null,
      leakage,
    };
  }
  return null;
}
