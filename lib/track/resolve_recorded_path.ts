/** Where a path recorded in the experiment store points now (for cleanup, listings and reports). */
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { exists } from "../core/mod.ts";

/**
 * Resolves a path recorded by a run. Relative paths are relative to where the run started (the project
 * root for the CLI, `notebooks/` for the kernel): the working directory, the store's folder, the project
 * root and `notebooks/` are tried in order, and the first that exists wins.
 * @param path the recorded path
 * @param storePath the store it was recorded in
 * @returns the absolute path (against the working directory when none exists) and whether it exists
 * @example
 * ```ts
 * import { resolveRecordedPath } from "./resolve_recorded_path.ts";
 * const { path, exists } = await resolveRecordedPath("runs/models/baseline", "runs/ade.sqlite");
 * console.log(path, exists);
 * ```
 */
export async function resolveRecordedPath(
  path: string,
  storePath: string,
): Promise<{ path: string; exists: boolean }> {
  if (isAbsolute(path)) return { path, exists: await exists(path) };
  const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
  const bases = [
    Deno.cwd(),
    dirname(resolve(storePath)),
    projectRoot,
    resolve(projectRoot, "notebooks"),
  ];
  for (const base of bases) {
    const candidate = resolve(base, path);
    if (await exists(candidate)) return { path: candidate, exists: true };
  }
  return { path: resolve(Deno.cwd(), path), exists: false };
}
