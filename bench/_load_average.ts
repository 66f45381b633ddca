/** The machine's 1/5/15-minute load averages, recorded next to every benchmark result. */

/** `"1.31 1.20 2.94"` from /proc/loadavg, or `"unknown"` where it cannot be read. */
export function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}
