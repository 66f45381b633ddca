/** Private helpers for paths and the dataset manifest next to a split file. */
import { exists, sha256File } from "../core/mod.ts";

/** The folder part of a path (`.` when there is none). */
export function _dirname(path: string): string {
  const slash = path.replace(/\/+$/, "").lastIndexOf("/");
  if (slash < 0) return ".";
  return slash === 0 ? "/" : path.slice(0, slash);
}

/** `<out without .json>.predictions.jsonl`. */
export function _predictionsPathFor(metricsPath: string): string {
  const base = metricsPath.toLowerCase().endsWith(".json") ? metricsPath.slice(0, -5) : metricsPath;
  return `${base}.predictions.jsonl`;
}

/**
 * SHA-256 of the `manifest.json` that `ade prepare` wrote next to `dataPath`, or undefined when there is
 * none (the file was not made by `prepare`).
 */
export async function _manifestHashNextTo(dataPath: string): Promise<string | undefined> {
  const manifest = `${_dirname(dataPath)}/manifest.json`;
  return (await exists(manifest)) ? await sha256File(manifest) : undefined;
}
