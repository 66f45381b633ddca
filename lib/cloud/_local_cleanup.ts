/**
 * Cleanup of local resources: a local endpoint process (SIGTERM, only to the Deno process that was
 * recorded: a reused pid is told by its start identity) and a local folder (only inside the allowed
 * folders, never the one holding the store).
 */
import { resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { processStartIdentity } from "../core/mod.ts";
import { resolveRecordedPath, type RunResource } from "../track/mod.ts";
import type { _CleanupResult } from "./cleanup_report.ts";

/**
 * Stops a recorded local endpoint: a Deno process that is the one recorded (not a reused pid, not this
 * process, not a Jupyter kernel) gets SIGTERM.
 * @param resource the `local-endpoint` resource (its name is the pid)
 * @param recordedAtMs when the first record holding it started
 * @param dryRun say what would be done, do nothing
 * @returns the outcome
 */
export async function _stopLocalEndpoint(
  resource: RunResource,
  recordedAtMs: number,
  dryRun: boolean,
): Promise<_CleanupResult> {
  const pid = Number(resource.name);
  if (!Number.isInteger(pid) || pid <= 1) {
    return { outcome: "left-alone", detail: "not a process id" };
  }
  if (pid === Deno.pid) {
    return {
      outcome: "left-alone",
      detail: "this process serves it: call its shutdown() instead",
    };
  }
  const command = await _processCommandLine(pid);
  if (command === undefined) return { outcome: "already-gone", detail: `pid ${pid} not running` };
  if (command.program !== "deno" && command.program !== "deno.exe") {
    return { outcome: "left-alone", detail: `pid ${pid} is not a deno process (pid reused?)` };
  }
  const reuse = await _pidReuse(pid, resource.processStart, recordedAtMs);
  if (reuse) return { outcome: "left-alone", detail: reuse };
  if (/\bjupyter\b/.test(command.commandLine)) {
    return {
      outcome: "left-alone",
      detail:
        `pid ${pid} is a Jupyter kernel: stop the endpoint from its notebook or restart that kernel`,
    };
  }
  if (dryRun) return { outcome: "would-remove", detail: `would send SIGTERM to pid ${pid}` };
  Deno.kill(pid, "SIGTERM");
  return { outcome: "stopped", detail: `SIGTERM sent to pid ${pid}` };
}

/**
 * Deletes a recorded local folder when it lies inside one of `roots` and does not hold the store.
 * @param path the recorded path
 * @param storePath the experiment store (never deleted, nor any folder above it)
 * @param roots real paths of the folders inside which deleting is allowed
 * @param dryRun say what would be done, do nothing
 * @returns the outcome
 */
export async function _removeLocalDir(
  path: string,
  storePath: string,
  roots: readonly string[],
  dryRun: boolean,
): Promise<_CleanupResult> {
  const candidate = await resolveRecordedPath(path, storePath);
  if (!candidate.exists) return { outcome: "already-gone" };
  const real = await Deno.realPath(candidate.path);
  const inside = roots.some((root) => real !== root && real.startsWith(root + sep));
  if (!inside) {
    return {
      outcome: "left-alone",
      detail: `outside the allowed folders (${roots.join(", ") || "none exist"}): never deleted`,
    };
  }
  const store = await Deno.realPath(storePath).catch(() => resolve(storePath));
  if (store.startsWith(real + sep)) {
    return { outcome: "left-alone", detail: "holds the experiment store itself: never deleted" };
  }
  if (dryRun) return { outcome: "would-remove", detail: real };
  await Deno.remove(real, { recursive: true });
  return { outcome: "removed", detail: real };
}

/**
 * The real paths of the folders inside which local folders may be deleted (those that exist; never `/`).
 * @param roots the allowed folders (default: the project's `runs/` and `./runs`)
 * @returns their real paths
 */
export async function _allowedLocalRoots(roots?: readonly string[]): Promise<string[]> {
  const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
  const wanted = roots ?? [resolve(projectRoot, "runs"), resolve(Deno.cwd(), "runs")];
  const real: string[] = [];
  for (const root of wanted) {
    try {
      const path = await Deno.realPath(root);
      if (path !== "/" && !real.includes(path)) real.push(path);
    } catch {
      // a root that does not exist holds nothing to delete
    }
  }
  return real;
}

/**
 * Why the process now holding `pid` is not the one recorded, or undefined when it is (or cannot be told
 * apart). With the recorded start identity the answer is exact: same boot, same start tick. Records
 * written before identities were stored fall back to comparing wall-clock times, with 2 s of slack.
 */
async function _pidReuse(
  pid: number,
  recordedIdentity: string | undefined,
  recordedAtMs: number,
): Promise<string | undefined> {
  if (recordedIdentity !== undefined) {
    const current = await processStartIdentity(pid);
    if (current === undefined || current === recordedIdentity) return undefined;
    return `pid ${pid} is not the process that was recorded (its start differs): the pid was reused, not ours`;
  }
  const startedMs = await _legacyProcessStartMs(pid);
  if (startedMs !== undefined && startedMs > recordedAtMs + 2_000) {
    return `pid ${pid} started after the endpoint was recorded: the pid was reused, not ours`;
  }
  return undefined;
}

/** Start time of a process in epoch milliseconds (Linux `/proc`; `btime` is whole seconds), or undefined. */
async function _legacyProcessStartMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const startTicks = Number(fields[19]); // field 22 overall: starttime in clock ticks since boot
    const bootLine = (await Deno.readTextFile("/proc/stat")).split("\n").find((l) =>
      l.startsWith("btime ")
    );
    if (!bootLine || !Number.isFinite(startTicks)) return undefined;
    const bootSeconds = Number(bootLine.split(/\s+/)[1]);
    return (bootSeconds + startTicks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The program (argv[0] base name) and full command line of a running process, or undefined. */
async function _processCommandLine(
  pid: number,
): Promise<{ program: string; commandLine: string } | undefined> {
  const baseName = (path: string) => path.split(/[\\/]/).pop() ?? "";
  try {
    const argv = (await Deno.readTextFile(`/proc/${pid}/cmdline`)).split("\u0000").filter(Boolean);
    if (argv.length > 0) return { program: baseName(argv[0]), commandLine: argv.join(" ") };
  } catch {
    // not Linux, or no such process: ask ps
  }
  const ps = async (format: string) => {
    try {
      const output = await new Deno.Command("ps", {
        args: ["-p", String(pid), "-o", format],
        stdout: "piped",
        stderr: "null",
      }).output();
      const text = new TextDecoder().decode(output.stdout).trim();
      return output.success && text ? text : undefined;
    } catch {
      return undefined;
    }
  };
  const program = await ps("comm=");
  if (program === undefined) return undefined;
  return { program: baseName(program), commandLine: (await ps("args=")) ?? program };
}
