/** Where a stored artifact path points. */
import { resolveRecordedPath } from "../track/mod.ts";

/**
 * Paths stored by runs may be relative to where the run was started (the repository root for the CLI,
 * `notebooks/` for the kernel): tries the working directory, the store's folder, the repository root and
 * `notebooks/`, and returns the first that exists (else the path against the working directory).
 */
export async function _resolveArtifactPath(path: string, storePath: string): Promise<string> {
  return (await resolveRecordedPath(path, storePath)).path;
}

/** The resolved path of a run's artifact `key`, or undefined when the run has none. */
export async function _artifactPathOf(
  run: { artifacts: Record<string, string> },
  key: string,
  storePath: string,
): Promise<string | undefined> {
  const stored = run.artifacts[key];
  return stored ? await _resolveArtifactPath(stored, storePath) : undefined;
}
