/**
 * Which process a pid names, as a value that survives pid reuse and does not depend on any clock:
 * the kernel's boot id and the process's start time in clock ticks since that boot (`/proc/<pid>/stat`,
 * field 22). Two processes that held the same pid never share both. Wall-clock start times computed
 * from `btime` are whole seconds and can come out up to a second early, so they are not used.
 */

/**
 * The start identity of a running process, `<boot id>/<start ticks>`, or undefined where `/proc` is not
 * readable (not Linux, or no such process).
 *
 * @param pid the process id (default: this process)
 * @returns the identity, stable for the life of the process and different for any later holder of the pid
 * @example
 * ```ts
 * import { processStartIdentity } from "./process_identity.ts";
 * const mine = await processStartIdentity();
 * console.log(mine === await processStartIdentity(Deno.pid)); // true on Linux
 * ```
 */
export async function processStartIdentity(pid: number = Deno.pid): Promise<string | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name (which may contain spaces and parentheses) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const startTicks = fields[19]; // field 22 overall: starttime in clock ticks since boot
    if (!/^\d+$/.test(startTicks ?? "")) return undefined;
    const bootId = (await Deno.readTextFile("/proc/sys/kernel/random/boot_id")).trim();
    return `${bootId || "boot"}/${startTicks}`;
  } catch {
    return undefined;
  }
}
