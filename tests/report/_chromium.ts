// Test helper: renders a local page in Debian's headless chromium and returns the DOM after scripts ran.

/** Path of the chromium binary, or undefined when none is installed. */
export function findChromium(): string | undefined {
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** The flags checked on this machine (`shared/reference/verified-here.md`) besides headless, sandbox and
 * profile: no GPU, QUIC, first-run, background networking, component updates or sync. */
export const CHROMIUM_QUIET_FLAGS: readonly string[] = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Kills (SIGKILL) every process whose command line mentions `marker`: only the ones this helper started. */
function killProcessesMentioning(marker: string): number {
  let killed = 0;
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const commandLine = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (commandLine.includes(marker)) {
        Deno.kill(Number(entry.name), "SIGKILL");
        killed++;
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return killed;
}

/**
 * Opens `file://<htmlPath>` in headless chromium with the flags checked on this machine (no network
 * features, fresh profile, virtual time so scripts finish) and returns `--dump-dom`'s output.
 * A hard timeout kills the browser, and any process left with the temporary profile is killed after.
 */
export async function dumpDom(
  chromium: string,
  htmlPath: string,
  timeoutSeconds = 90,
): Promise<{ dom: string; stderr: string; success: boolean }> {
  const profile = await Deno.makeTempDir({ prefix: "ade-chromium-profile-" });
  try {
    const result = await new Deno.Command("timeout", {
      args: [
        "--kill-after=5",
        String(timeoutSeconds),
        chromium,
        "--headless=new",
        "--no-sandbox",
        ...CHROMIUM_QUIET_FLAGS,
        `--user-data-dir=${profile}`,
        "--virtual-time-budget=8000",
        "--dump-dom",
        `file://${htmlPath}`,
      ],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).output();
    return {
      dom: new TextDecoder().decode(result.stdout),
      stderr: new TextDecoder().decode(result.stderr),
      success: result.success,
    };
  } finally {
    killProcessesMentioning(profile);
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
