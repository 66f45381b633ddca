/** Private helpers for paths and the dataset manifest next to a split file. */
import { exists, readTextStrict } from "../core/mod.ts";

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
 * The source and split kind recorded in the `manifest.json` next to `dataPath` (written by `ade prepare`),
 * or undefined when there is none or it cannot be read.
 */
export async function _dataDescriptionNextTo(
  dataPath: string,
): Promise<{ source: string | null; split: string | null } | undefined> {
  const manifest = `${_dirname(dataPath)}/manifest.json`;
  if (!(await exists(manifest))) return undefined;
  try {
    const value = JSON.parse(await readTextStrict(manifest)) as Record<string, unknown>;
    return {
      source: typeof value.source === "string" ? value.source : null,
      split: typeof value.split === "string" ? value.split : null,
    };
  } catch {
    return undefined;
  }
}
