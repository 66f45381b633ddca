/** Test helper: a Deno child process whose stdout the test reads up to a line it waits for (Ctrl-C tests). */

/** A running child and its stdout read so far. */
export interface WatchedChild {
  /** The process (send it signals). */
  child: Deno.ChildProcess;
  /** Reads stdout until `pattern` matches what was read so far, or stdout ends; returns the text so far. */
  readUntil(pattern: RegExp): Promise<string>;
  /** Reads stdout to its end and waits for the exit; returns all the text and the exit code. */
  finish(): Promise<{ output: string; code: number }>;
}

/**
 * Starts `deno run -A <script>` with stdout piped (stderr dropped).
 * @param script the child script's URL
 * @returns the child and readers of its output
 */
export function watchChild(script: URL): WatchedChild {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script.pathname],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  let ended = false;
  const readMore = async () => {
    const { value, done } = await reader.read();
    if (done) ended = true;
    else output += value;
  };
  return {
    child,
    async readUntil(pattern) {
      while (!pattern.test(output) && !ended) await readMore();
      return output;
    },
    async finish() {
      while (!ended) await readMore();
      return { output, code: (await child.status).code };
    },
  };
}
