/** `ade deploy` (not built yet: being written in a parallel change). */
import { AdeError } from "../../core/errors.ts";

/** One-line summary for help. */
export const summary = "deploy (not available yet)";

/** Runs the verb. */
export function run(_args: string[]): Promise<number> {
  return Promise.reject(new AdeError("deploy: not available yet"));
}
