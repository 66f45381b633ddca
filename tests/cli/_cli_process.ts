/** Test helper: runs `ade <verb>` as a real child process, reads its stderr by lines, kills it at a point. */

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;

/** A running `ade` process. */
export interface CliProcess {
  /** Its pid. */
  pid: number;
  /** Resolves with the first stderr line matching `pattern` (rejects if the process ends first). */
  waitForLine(pattern: RegExp): Promise<string>;
  /** SIGKILL, then waits for the end. */
  kill(): Promise<void>;
  /** Waits for the end: exit code and everything printed. */
  done(): Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * Starts `deno run -A lib/cli/main.ts ...args`.
 * @param args the verb and its flags
 * @param env extra environment (e.g. `ADE_FAILPOINT`)
 * @returns the process
 */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const waiters: Array<
    { pattern: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }
  > = [];
  const lines: string[] = [];
  const stderrDone = (async () => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of child.stderr) {
      const text = decoder.decode(chunk, { stream: true });
      stderr += text;
      partial += text;
      const parts = partial.split("\n");
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        for (const waiter of [...waiters]) {
          if (waiter.pattern.test(line)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    }
    for (const waiter of waiters.splice(0)) {
      waiter.reject(
        new Error(`process ended before a line matching ${waiter.pattern}:\n${stderr}`),
      );
    }
  })();
  const stdoutDone = new Response(child.stdout).text();
  const status = child.status;
  return {
    pid: child.pid,
    waitForLine(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
    async kill() {
      try {
        child.kill("SIGKILL");
      } catch {
        // already ended
      }
      await status;
      await stderrDone;
      await stdoutDone;
    },
    async done() {
      const { code } = await status;
      await stderrDone;
      return { code, stdout: await stdoutDone, stderr };
    },
  };
}

/**
 * Runs `ade ...args` to the end.
 * @param args the verb and its flags
 * @param env extra environment
 * @returns exit code and output
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return await startCli(args, env).done();
}
