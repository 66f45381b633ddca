/** The command-line flags a Python training script declares, read from its source. */
import { DataError, readTextStrict } from "../core/mod.ts";

/**
 * The command-line flags a Python training script declares with argparse: every `"--name"` string inside an
 * `add_argument(...)` call (single or double quotes, aliases included), without the dashes.
 * @param source the script's text
 * @returns flag names, in order of appearance
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(scriptFlagsFromSource('p.add_argument("--epochs", type=int)'), ["epochs"]);
 * ```
 */
export function scriptFlagsFromSource(source: string): string[] {
  const flags: string[] = [];
  const call = /add_argument\s*\(([^)]*)\)/g;
  for (const match of source.matchAll(call)) {
    for (const flag of match[1].matchAll(/["']--([A-Za-z0-9_.-]+)["']/g)) {
      if (!flags.includes(flag[1])) flags.push(flag[1]);
    }
  }
  return flags;
}

/**
 * Reads a training script and returns its flags (see {@link scriptFlagsFromSource}).
 * @param scriptPath e.g. `training/train.py`
 * @returns flag names, in order of appearance
 * @throws {DataError} when the file is missing or declares no flags
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok((await readScriptFlags("training/train.py")).includes("learning_rate"));
 * ```
 */
export async function readScriptFlags(scriptPath: string): Promise<string[]> {
  const flags = scriptFlagsFromSource(await readTextStrict(scriptPath));
  if (flags.length === 0) {
    throw new DataError({ file: scriptPath }, 'no add_argument("--name", ...) flags found');
  }
  return flags;
}
