/** Runs `ade <args>` in a child process, for the CLI tests. */

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;

/**
 * Runs the command line with `args` and returns its exit code and output.
 * @param args the words after `ade`
 * @param env extra environment (NO_COLOR is always set)
 */
export async function runAde(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
