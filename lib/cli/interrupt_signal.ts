/** Ctrl-C for long verbs: the first SIGINT aborts a signal (the work stops and cleans up), it does not kill. */

/**
 * Runs `work` with a signal that the first Ctrl-C (SIGINT) aborts, printing `message` once; the listener is
 * removed when the work ends.
 * @param message printed on stderr at the first Ctrl-C
 * @param work the long work, which watches the signal
 * @returns what `work` returns
 * @example await withInterruptSignal("stopping …", (signal) => runSageMakerStudy({ config, signal }));
 */
export async function withInterruptSignal<T>(
  message: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) return;
    console.error(`\n${message}`);
    controller.abort();
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}
