/**
 * Fault injection for the kill tests: a named point where a process can be made to stop and wait, so
 * that a test kills it exactly there (no sleeps, no timing). Inert unless `ADE_FAILPOINT` names the point.
 */

/**
 * When `$ADE_FAILPOINT` equals `name`, writes `failpoint <name>` to stderr and blocks this process (at
 * most a minute), for a test to kill it at this point; otherwise does nothing.
 * @param name the point, e.g. `commit-folder`
 * @example
 * ```ts
 * import { failpoint } from "./failpoint.ts";
 * failpoint("between-renames"); // no-op unless ADE_FAILPOINT=between-renames
 * ```
 */
export function failpoint(name: string): void {
  let wanted: string | undefined;
  try {
    wanted = Deno.env.get("ADE_FAILPOINT");
  } catch {
    return; // no env permission: never armed
  }
  if (wanted !== name) return;
  Deno.stderr.writeSync(new TextEncoder().encode(`failpoint ${name}\n`));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
