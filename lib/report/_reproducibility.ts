/** The reproducibility block of a report: data hashes, seeds, hyperparameters, versions and commit. */
import { fileURLToPath } from "node:url";
import { exists, readTextStrict } from "../core/mod.ts";
import { currentCodeVersion, type ExperimentStore, type RunRecord } from "../track/mod.ts";
import { _resolveArtifactPath } from "./_artifact_path.ts";
import type { Comparison } from "./comparison.ts";

/** What identifies the data. */
export interface DataProvenance {
  /** The `prepare` run found, if any. */
  prepareRecordId: string | null;
  /** Path of its `manifest.json`. */
  manifestPath: string | null;
  /** SHA-256 of the manifest file as stored with the runs (one per distinct value). */
  manifestHashes: string[];
  /** `sha256` of the manifest: `{train, test}` file hashes. */
  fileHashes: Record<string, string> | null;
  /** Split, seed, test size, row counts and source from the manifest. */
  split: Record<string, unknown> | null;
  /** How the prepare run was matched, or why none was. */
  note: string;
}

/** Per configuration: the run, seed and hyperparameters. */
export interface ConfigurationProvenance {
  /** `baseline`, `tuned` or `tuned+synthetic`. */
  configuration: string;
  /** Store record id of the evaluate run. */
  recordId: string;
  /** Training seed, when stored. */
  seed: number | null;
  /** Hyperparameters (the `hyperparameters` parameter, or all parameters). */
  hyperparameters: Record<string, unknown>;
  /** Other stored parameters (training data, synthetic rows …). */
  otherParams: Record<string, unknown>;
  /** Code version the run recorded. */
  codeVersion: string | null;
  /** When it started. */
  startedAt: string;
}

/** Everything needed to redo the comparison. */
export interface Reproducibility {
  /** Study run id. */
  runId: string;
  /** When the report was made (ISO). */
  generatedAt: string;
  /** Data provenance. */
  data: DataProvenance;
  /** One entry per configuration present. */
  configurations: ConfigurationProvenance[];
  /** Seed and resamples of the report's paired bootstraps. */
  bootstrap: { seed: number; resamples: number };
  /** Deno, V8, TypeScript and the pinned npm packages. */
  versions: { deno: string; v8: string; typescript: string; packages: Record<string, string> };
  /** Git commit of the code that made the report (`+dirty` with local changes), or null. */
  commit: string | null;
}

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The pinned npm packages of the repository's `deno.json` import map (`name → version`).
 * @returns versions by package name (empty when deno.json cannot be read)
 * @example (await pinnedPackageVersions())["nodejs-polars"]; // "0.25.2"
 */
export async function pinnedPackageVersions(): Promise<Record<string, string>> {
  try {
    const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`)) as {
      imports?: Record<string, string>;
    };
    const versions: Record<string, string> = {};
    for (const specifier of Object.values(config.imports ?? {})) {
      const match = /^npm:(@?[^@]+)@([^/]+)/.exec(specifier);
      if (match) versions[match[1]] = match[2];
    }
    return versions;
  } catch {
    return {};
  }
}

/**
 * Collects the reproducibility block of a comparison: the prepare run's manifest (data file hashes,
 * split, seed), the seed and hyperparameters of each configuration, the bootstrap settings, the Deno and
 * package versions, and the git commit.
 * @param store open store
 * @param comparison from {@link loadComparison}
 * @returns the block
 * @example const block = await collectReproducibility(store, comparison);
 */
export async function collectReproducibility(
  store: ExperimentStore,
  comparison: Comparison,
): Promise<Reproducibility> {
  const configurations = comparison.entries.map((entry): ConfigurationProvenance => {
    const { hyperparameters, seed, ...otherParams } = entry.run.params as Record<string, unknown>;
    const hasHyperparameters = typeof hyperparameters === "object" && hyperparameters !== null;
    return {
      configuration: entry.configuration,
      recordId: entry.run.id,
      seed: typeof seed === "number" ? seed : null,
      hyperparameters: hasHyperparameters
        ? hyperparameters as Record<string, unknown>
        : { ...otherParams },
      otherParams: hasHyperparameters ? otherParams : {},
      codeVersion: entry.run.codeVersion,
      startedAt: entry.run.startedAt,
    };
  });
  return {
    runId: comparison.runId,
    generatedAt: new Date().toISOString(),
    data: await _dataProvenance(store, comparison),
    configurations,
    bootstrap: { seed: comparison.seed, resamples: comparison.resamples },
    versions: {
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      typescript: Deno.version.typescript,
      packages: await pinnedPackageVersions(),
    },
    commit: currentCodeVersion(),
  };
}

function _prepareNote(sameRunId: boolean, runId: string): string {
  return sameRunId
    ? `prepare run of run id ${runId}`
    : "prepare run with the same manifest hash as the evaluate runs";
}

async function _dataProvenance(
  store: ExperimentStore,
  comparison: Comparison,
): Promise<DataProvenance> {
  const manifestHashes = [
    ...new Set(
      comparison.entries.map((entry) => entry.run.manifestHash).filter((hash): hash is string =>
        hash !== null
      ),
    ),
  ];
  const prepares = store.listRuns({ kind: "prepare", status: "completed" });
  let prepare: RunRecord | undefined;
  let note: string;
  // The manifest hash the evaluate runs recorded names their split exactly; a run id can hold several
  // prepare runs (the study also splits at random for the leaky reference number).
  if (
    (prepare = prepares.filter((run) =>
      run.manifestHash !== null && manifestHashes.includes(run.manifestHash)
    ).at(-1))
  ) {
    note = _prepareNote(prepare.runId === comparison.runId, comparison.runId);
  } else if ((prepare = prepares.filter((run) => run.runId === comparison.runId).at(-1))) {
    note = `prepare run of run id ${comparison.runId}`;
  } else if ((prepare = prepares.at(-1))) {
    note = "no prepare run matched this run id or manifest hash: showing the newest prepare run";
  } else {
    note = "no prepare run in the store";
  }
  let manifestPath: string | null = null;
  let manifest: Record<string, unknown> | null = null;
  if (prepare) {
    const stored = prepare.artifacts.manifest ??
      Object.values(prepare.artifacts).find((path) => path.endsWith("manifest.json")) ??
      (prepare.artifacts.out ? `${prepare.artifacts.out}/manifest.json` : undefined);
    if (stored) {
      const path = await _resolveArtifactPath(stored, store.path);
      if (await exists(path)) {
        manifestPath = path;
        manifest = JSON.parse(await readTextStrict(path));
      } else note += `; its manifest ${stored} is no longer on disk`;
    }
  }
  const split: Record<string, unknown> | null = manifest
    ? Object.fromEntries(
      [
        "split",
        "seed",
        "test_size",
        "train_rows",
        "test_rows",
        "train_positive",
        "test_positive",
        "text_overlap",
        "pmid_overlap",
        "test_positive_text_in_train",
        "source",
        "version",
      ].filter((key) => key in manifest!).map((key) => [key, manifest![key]]),
    )
    : null;
  return {
    prepareRecordId: prepare?.id ?? null,
    manifestPath,
    manifestHashes: manifestHashes.length > 0
      ? manifestHashes
      : prepare?.manifestHash
      ? [prepare.manifestHash]
      : [],
    fileHashes: manifest && typeof manifest.sha256 === "object" && manifest.sha256 !== null
      ? manifest.sha256 as Record<string, string>
      : null,
    split,
    note,
  };
}
