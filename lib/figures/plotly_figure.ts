/**
 * Plotly figures that render in Deno's Jupyter kernel through the display protocol
 * (`Symbol.for("Jupyter.display")`) and are plain data outside it, so tests can inspect them.
 *
 * The bundle carries `application/vnd.plotly.v1+json` (JupyterLab/VS Code), `text/html` (a `<div>` plus a
 * script that draws it: nbconvert's HTML export drops the Plotly MIME type) and `text/plain`.
 * plotly.js is inlined into the HTML of the first figure displayed in a kernel session only.
 */
import { fileURLToPath } from "node:url";

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
let plotlyInlinedInSession = false;

/**
 * The minified plotly.js bundle from `npm:plotly.js-dist-min`, read once.
 *
 * Resolved through the import map (`import.meta.resolve`); where that does not give a readable file URL
 * (some hosts hand back an `npm:` specifier), the file is taken from the repository's `node_modules/`.
 * @returns the script text
 * @throws {Deno.errors.NotFound} when plotly.js is not installed (run `deno install`)
 * @example const script = await plotlyScript();
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
 * @example escapeScript('"</script>"'); // '"<\\/script>"'
 */
export function escapeScript(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1");
}

/**
 * The HTML that draws `figure` into a new `<div>`; expects `window.Plotly` unless `includePlotly` is set.
 * @param figure traces and layout
 * @param divId element id (unique within the page)
 * @param includePlotly inline plotly.js before the drawing script
 * @returns the HTML fragment
 * @example await figureHtml(plotlyFigure([{ type: "bar", y: [1] }]), "fig-1", false);
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
  const id = JSON.stringify(divId);
  // Without plotly.js in the page (an output that inlined it was cleared), say so instead of failing.
  return `${library}<div id="${divId}" class="ade-figure" style="width:100%;min-height:${
    Number(figure.layout.height ?? 420)
  }px"></div>\n<script type="text/javascript">(function(){var f=${spec};` +
    `if(typeof Plotly==="undefined"){document.getElementById(${id}).textContent=` +
    `"plotly.js is not loaded in this page: re-run the notebook from the top.";return;}` +
    `Plotly.newPlot(${id},f.data,f.layout,{responsive:true,displaylogo:false});})();</script>`;
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
    const title = layout.title;
    this.title = typeof title === "string"
      ? title
      : typeof title === "object" && title !== null && "text" in title
      ? String((title as { text: unknown }).text)
      : "figure";
  }

  /** The MIME bundle for the Jupyter kernel (plotly.js inlined the first time in a session). */
  async [Symbol.for("Jupyter.display")](): Promise<MimeBundle> {
    const include = !plotlyInlinedInSession;
    plotlyInlinedInSession = true;
    const divId = `ade-fig-${crypto.randomUUID().slice(0, 8)}`;
    return {
      "application/vnd.plotly.v1+json": { data: this.data, layout: this.layout },
      "text/html": await figureHtml(this, divId, include),
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
