/**
 * The browser side of a figure: a small script that draws one figure into its own `<div>`, loading
 * plotly.js once per page when the page does not have it yet.
 *
 * Where plotly.js comes from, in order:
 * 1. `window.Plotly` (the report inlines it once; a page that already loaded it);
 * 2. in a Jupyter page (classic Notebook: `data-notebook-path` on `<body>`; Notebook 7 / JupyterLab: the
 *    `/notebooks/`, `/tree/`, `/lab/tree/` or `/doc/tree/` path), the server's `/files/` route, at
 *    `node_modules/plotly.js-dist-min/plotly.min.js` in the notebook's folder or the nearest folder
 *    above it (as Node resolves packages), so a repository opened from its root or a parent works;
 * 3. elsewhere (an HTML export opened from disk or served as a file), the same path relative to the page,
 *    in its folder and up to four folders above.
 * Figures displayed while plotly.js is loading wait for it and are drawn in order, each into its own
 * element (found by id); when nothing loads, each says so in place of the chart. One script element is
 * added per page; nothing is fetched from outside the server or the disk.
 */

/** Where plotly.js lies below a folder that holds the repository's `node_modules/`. */
export const _PLOTLY_PACKAGE_PATH = "node_modules/plotly.js-dist-min/plotly.min.js";

/** Text shown where a chart will be drawn; it stays when the output's script is not run. */
export function _placeholderText(title: string): string {
  return `Chart: ${title}. If this text stays, the notebook's scripts did not run: trust the notebook ` +
    "(File → Trust Notebook, or `jupyter trust FILE`) or re-run it.";
}

// The loader, as the page runs it: `(function (id, figure) {...})(id, figure)`. ES5, no dependencies.
const LOADER_SOURCE = `function(id,figure){
var el=document.getElementById(id);if(!el)return;var w=window;
function draw(){el.textContent="";w.Plotly.newPlot(el,figure.data,figure.layout,{responsive:true,displaylogo:false});}
function safe(f){try{f();}catch(e){el.textContent="Chart not drawn: "+e;}}
if(w.Plotly){safe(draw);return;}
var s=w.__adePlotlyLoader||(w.__adePlotlyLoader={waiting:[],loading:false,failed:""});
if(s.failed){el.textContent=s.failed;return;}
el.textContent="Loading plotly.js\\u2026";
s.waiting.push({draw:function(){safe(draw);},fail:function(m){el.textContent=m;}});
if(s.loading)return;s.loading=true;
var tail=${JSON.stringify(_PLOTLY_PACKAGE_PATH)},urls=[],b=document.body,base=null,path=null,m;
if(b&&b.getAttribute("data-notebook-path")!==null){base=decodeURIComponent(b.getAttribute("data-base-url")||"/");path=decodeURIComponent(b.getAttribute("data-notebook-path"));}
else if((m=/^(.*?\\/)(?:notebooks|tree|lab\\/tree|doc\\/tree)\\/(.+\\.ipynb)$/.exec(location.pathname))){base=m[1];path=decodeURIComponent(m[2]);}
if(path!==null){var dirs=path.split("/").slice(0,-1);for(var k=dirs.length;k>=0;k--){urls.push(base+"files/"+dirs.slice(0,k).map(encodeURIComponent).concat([tail]).join("/"));}}
else{for(var up=0;up<=4;up++){urls.push(new Array(up+1).join("../")+tail);}}
function settle(error){s.loading=false;if(error)s.failed=error;var ws=s.waiting;s.waiting=[];
for(var i=0;i<ws.length;i++){if(error)ws[i].fail(error);else ws[i].draw();}}
function next(i){if(w.Plotly)return settle("");
if(i>=urls.length)return settle("Chart not drawn: plotly.js was not found at "+tail+" in this notebook's folder or the folders above it. Run \`deno install\` in the repository and open the notebook from a Jupyter server started in the repository (or a folder above it), or in VS Code / JupyterLab, which draw it from its Plotly data.");
var t=document.createElement("script");t.src=urls[i];t.async=true;
t.onload=function(){if(w.Plotly)settle("");else next(i+1);};
t.onerror=function(){if(t.parentNode)t.parentNode.removeChild(t);next(i+1);};
document.head.appendChild(t);}
next(0);}`;

/**
 * The inline script that draws the figure `specJson` (escaped JSON of `{data, layout}`) into the element
 * with id `divId`, loading plotly.js first when the page does not have it.
 * @param divId the target element's id
 * @param specJson `JSON.stringify({data, layout})`, already safe inside `<script>`
 * @returns the script's text (without the `<script>` tag)
 */
export function _drawingScript(divId: string, specJson: string): string {
  return `(${LOADER_SOURCE})(${JSON.stringify(divId)},${specJson});`;
}
