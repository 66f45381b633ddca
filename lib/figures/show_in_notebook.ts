/** Displays several objects from one notebook cell, robustly under headless execution. */

interface JupyterDisplayApi {
  display(value: unknown, options?: { raw?: boolean }): Promise<void>;
}

/**
 * Displays each item (figures, frames, markdown, plain values) in Deno's Jupyter kernel with
 * `Deno.jupyter.display`, then waits `flushMs` before the cell ends. Notebooks end their cells with it
 * instead of a bare last expression: the Deno 2.9 kernel queues every output and publishes it from a
 * separate loop, stamped with the request it is handling at that moment, so a cell's result (published
 * after the cell's code has finished) can land under the next cell when several cells are queued (Run
 * All), and front ends that stop listening at `idle` (the classic Notebook, nbclient) drop what comes
 * later. Outputs sent while the cell still runs, with a short wait, arrive with their own cell.
 * Outside the kernel it does nothing and returns at once.
 * @param items objects to display, in order
 * @param flushMs wait after the last display (default 500 ms)
 * @returns when every item was sent
 * @example
 * ```ts
 * import { markdownDisplay } from "./markdown_display.ts";
 * import { plotlyFigure } from "./plotly_figure.ts";
 * // In Deno's Jupyter kernel both show in this cell; elsewhere nothing happens.
 * await showInNotebook([markdownDisplay("**Classes**"), plotlyFigure([{ type: "bar", y: [4271, 16624] }])]);
 * ```
 */
export async function showInNotebook(items: readonly unknown[], flushMs = 500): Promise<void> {
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
