/** Markdown text that renders as markdown in Deno's Jupyter kernel. */

/** A displayable markdown block (kernel: `text/markdown`; elsewhere: the text). */
export interface MarkdownDisplay {
  /** The markdown. */
  readonly markdown: string;
  /** The kernel's MIME bundle. */
  [key: symbol]: () => Record<string, string>;
}

/**
 * Wraps markdown so that the Deno kernel renders it (`text/markdown`, with `text/plain` as fallback).
 * @param markdown the text
 * @returns a displayable object
 * @example
 * ```ts
 * const block = markdownDisplay("**F1** 0.71");
 * console.log(block.markdown); // **F1** 0.71
 * ```
 */
export function markdownDisplay(markdown: string): MarkdownDisplay {
  return {
    markdown,
    [Symbol.for("Jupyter.display")]: () => ({ "text/markdown": markdown, "text/plain": markdown }),
  };
}
