/** Displays several objects from one notebook cell, robustly under headless execution. */

interface JupyterDisplayApi {
  display(value: unknown, options?: { raw?: boolean }): Promise<void>;
}

/**
 * Displays each item (figures, frames, markdown) in Deno's Jupyter kernel with `Deno.jupyter.display`,
 * then waits `flushMs` before the cell ends. The wait matters for headless runs (nbconvert/nbclient):
 * the Deno 2.9 kernel can publish a display message after the cell's `idle` status, and nbclient drops
 * such late outputs. Outside the kernel it does nothing and returns at once.
 * @param items objects to display, in order
 * @param flushMs wait after the last display (default 1500 ms)
 * @returns when every item was sent
 * @example await showInNotebook(f1IntervalFigure(comparison), precisionRecallFigure(comparison));
 */
export async function showInNotebook(items: readonly unknown[], flushMs = 1500): Promise<void> {
  const jupyter = _jupyterApi();
  if (!jupyter) return;
  for (const item of items) await jupyter.display(item);
  await new Promise((resolve) => setTimeout(resolve, flushMs));
}

/** `Deno.jupyter`, or undefined outside the kernel (where reading it throws). */
function _jupyterApi(): JupyterDisplayApi | undefined {
  try {
    return (Deno as unknown as { jupyter?: JupyterDisplayApi }).jupyter;
  } catch {
    return undefined;
  }
}
