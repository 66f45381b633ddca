/**
 * Test helper, run as its own process: runs `ade <verb> ...` (the CLI's `main`) and then prints this
 * process's peak resident memory (`VmHWM` of /proc/self/status) as `peak_rss_kib=<n>` on stderr.
 */
import { main } from "../../lib/cli/main.ts";

const code = await main(Deno.args);
let peak = "unknown";
try {
  peak = /VmHWM:\s+(\d+) kB/.exec(await Deno.readTextFile("/proc/self/status"))?.[1] ?? "unknown";
} catch {
  // no /proc (not Linux)
}
console.error(`peak_rss_kib=${peak}`);
Deno.exit(code);
