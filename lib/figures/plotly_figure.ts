/**
 * Plotly figures that render in Deno's Jupyter kernel through the display protocol
 * (`Symbol.for("Jupyter.display")`) and are plain data outside it, so tests can inspect them.
 *
 * The bundle carries `application/vnd.plotly.v1+json` (JupyterLab, VS Code), `text/html` (a `<div>` plus
 * a small script that draws it: the classic Notebook and nbconvert's HTML export, which drops the Plotly
 * MIME type) and `text/plain`. The script never carries plotly.js: it uses the page's `window.Plotly` or
 * loads plotly.js once per page from the repository's `node_modules/` through the Jupyter server (see
 * `_plotly_loader.ts`), so every output stays as small as its data (kilobytes, not the 4.8 MB of
 * plotly.js). Large kernel messages are what corrupted the classic Notebook's output channel.
 */
import { fileURLToPath } from "node:url";
import { _drawingScript, _placeholderText } from "./_plotly_loader.ts";

/** A Plotly trace or layout: plain JSON. */
export type PlotlyJson = Record<string, unknown>;

/** A figure: traces and layout, as plotly.js takes them. */
export interface PlotlyFigureSpec {
  /** Traces. */
  data: PlotlyJson[];
  /** Layout. */
  layout: PlotlyJson;
}

/** MIME bundle returned to the kernel. */
type MimeBundle = Record<string, unknown>;

/** plotly.js inside the repository's `node_modules/`, relative to this file. */
const PLOTLY_IN_NODE_MODULES = "../../node_modules/plotly.js-dist-min/plotly.min.js";

let plotlyScriptCache: string | undefined;

/**
 * The minified plotly.js bundle from `npm:plotly.js-dist-min`, read once.
 *
 * Resolved through the import map (`import.meta.resolve`); where that does not give a readable file URL
 * (some hosts hand back an `npm:` specifier), the file is taken from the repository's `node_modules/`.
 * @returns the script text
 * @throws {Deno.errors.NotFound} when plotly.js is not installed (run `deno install`)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const script = await plotlyScript();
 * assert.match(script, /plotly/i);
 * ```
 */
export async function plotlyScript(): Promise<string> {
  if (plotlyScriptCache === undefined) {
    const candidates: string[] = [];
    try {
      const resolved = import.meta.resolve("plotly.js-dist-min");
      if (resolved.startsWith("file:")) candidates.push(fileURLToPath(resolved));
    } catch {
      // not resolvable here: fall back to node_modules below
    }
    candidates.push(fileURLToPath(new URL(PLOTLY_IN_NODE_MODULES, import.meta.url)));
    let lastError: unknown;
    for (const path of candidates) {
      try {
        plotlyScriptCache = await Deno.readTextFile(path);
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (plotlyScriptCache === undefined) {
      throw new Deno.errors.NotFound(
        `plotly.js not found (tried ${candidates.join(", ")}; run \`deno install\`): ${
          (lastError as Error)?.message
        }`,
      );
    }
  }
  return plotlyScriptCache;
}

/**
 * Escapes `</script` inside inline script text.
 * @param text script or JSON text
 * @returns the text, safe inside `<script>…</script>`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(escapeScript('"</script>"'), '"<\\/script>"');
 * ```
 */
export function escapeScript(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1");
}

/**
 * The HTML that draws `figure` into a new `<div>` (with a placeholder text until it is drawn). The
 * drawing script uses the page's `window.Plotly`, or loads plotly.js once per page from the
 * repository's `node_modules/` through the Jupyter server (or relative to a page opened from disk);
 * with `includePlotly`, plotly.js is inlined before it instead (a self-contained fragment of 4.8 MB).
 * @param figure traces and layout
 * @param divId element id (unique within the page)
 * @param includePlotly inline plotly.js before the drawing script
 * @returns the HTML fragment
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const html = await figureHtml(plotlyFigure([{ type: "bar", y: [1] }]), "fig-1", false);
 * assert.match(html, /id="fig-1"/);
 * ```
 */
export async function figureHtml(
  figure: PlotlyFigureSpec,
  divId: string,
  includePlotly: boolean,
): Promise<string> {
  const library = includePlotly
    ? `<script type="text/javascript">${escapeScript(await plotlyScript())}</script>\n`
    : "";
  const spec = escapeScript(JSON.stringify({ data: figure.data, layout: figure.layout }));
  const height = Number(figure.layout.height ?? 420);
  const placeholder = _escapeHtmlText(_placeholderText(_figureTitle(figure.layout)));
  return `${library}<div id="${divId}" class="ade-figure" style="width:100%;min-height:${height}px">` +
    `${placeholder}</div>\n<script type="text/javascript">${_drawingScript(divId, spec)}</script>`;
}

/** The layout's title text, or `figure`. */
function _figureTitle(layout: PlotlyJson): string {
  const title = layout.title;
  return typeof title === "string"
    ? title
    : typeof title === "object" && title !== null && "text" in title
    ? String((title as { text: unknown }).text)
    : "figure";
}

/** Escapes text for HTML element content. */
function _escapeHtmlText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A displayable Plotly figure. */
export class PlotlyFigure implements PlotlyFigureSpec {
  /** Traces. */
  readonly data: PlotlyJson[];
  /** Layout. */
  readonly layout: PlotlyJson;
  /** Short text shown by plain-text frontends. */
  readonly title: string;

  /**
   * @param data traces
   * @param layout layout (title, axes)
   */
  constructor(data: PlotlyJson[], layout: PlotlyJson = {}) {
    this.data = data;
    this.layout = layout;
    this.title = _figureTitle(layout);
  }

  /** The MIME bundle for the Jupyter kernel: Plotly JSON, HTML with the drawing script, text. */
  async [Symbol.for("Jupyter.display")](): Promise<MimeBundle> {
    const divId = `ade-fig-${crypto.randomUUID().slice(0, 8)}`;
    return {
      "application/vnd.plotly.v1+json": { data: this.data, layout: this.layout },
      "text/html": await figureHtml(this, divId, false),
      "text/plain": `Plotly figure: ${this.title}`,
    };
  }
}

/**
 * Creates a displayable Plotly figure.
 * @example
 * ```ts
 * const fig = plotlyFigure([{ type: "bar", x: ["AE", "Not AE"], y: [4271, 16624] }], { title: "Classes" });
 * ```
 */
export function plotlyFigure(data: PlotlyJson[], layout: PlotlyJson = {}): PlotlyFigure {
  return new PlotlyFigure(data, layout);
}
