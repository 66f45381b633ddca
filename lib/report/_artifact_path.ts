/** Where a stored artifact path points. */
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { exists } from "../core/mod.ts";

/**
 * Paths stored by runs may be relative to where the run was started (the repository root for the CLI,
 * `notebooks/` for the kernel): tries the working directory, the store's folder, the repository root and
 * `notebooks/`, and returns the first that exists (else the path against the working directory).
 */
export async function _resolveArtifactPath(path: string, storePath: string): Promise<string> {
  if (isAbsolute(path)) return path;
  const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
  const bases = [
    Deno.cwd(),
    dirname(resolve(storePath)),
    repoRoot,
    resolve(repoRoot, "notebooks"),
  ];
  for (const base of bases) {
    const candidate = resolve(base, path);
    if (await exists(candidate)) return candidate;
  }
  return resolve(Deno.cwd(), path);
}
