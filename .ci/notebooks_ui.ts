/**
 * The notebooks in a real Jupyter UI: Debian's classic Notebook (6.4) on loopback, driven in Debian's
 * Chromium with `npm:playwright-core`, Run All on every notebook in order, as a user would.
 *
 * Each (notebook, run) is one test case. A run fails on
 * - an error output in any cell, or an uncaught error in the page,
 * - a cell left unfinished (`In [*]`) or never run when the run's time is up,
 * - a kernel still busy after the last cell finished (a lost `idle` message),
 * - a chart that is not drawn in the cell that displayed it,
 * - an output over 1 MB, or a notebook whose outputs weigh 1 MB or more,
 * - a line in the server log that says a message was corrupt or dropped (`Invalid Signature`,
 *   `IOPub data rate exceeded`),
 * - outputs whose structure (per code cell: output types, stream names, MIME types, charts) differs
 *   from the first UI run of the same notebook, or from its headless executed copy when one is given,
 * - a cell whose result is an `execute_result` (a bare last expression): Deno's kernel (2.9) publishes
 *   it after the cell's code has finished, stamped with whichever request it is handling by then, so
 *   under Run All it can land under the next cell (seen in 5 of 200 cells of a test notebook, 3 of 5
 *   runs). Our notebooks display results while the cell runs (`showInNotebook`), which is safe.
 * Charts count by our figures' marker (`class="ade-figure"` in `text/html`) and, drawn, by plotly's
 * `.js-plotly-plot` in the cell's output area.
 *
 * With headless executed copies (`referenceDir`, the gate's `runs/notebooks/`), two more cases per
 * notebook with charts: its executed copy, signed for this server, opens trusted in the UI with every
 * chart drawn from the saved outputs (plotly.js found from another folder), and its nbconvert HTML
 * export, opened from disk, draws every chart.
 *
 * The server runs in a temporary mirror of the repository (every top-level entry linked, `notebooks/`
 * copied, an empty `runs/`), with its own Jupyter config, data and runtime folders, token auth and a free
 * port; the kernelspec it uses runs this Deno. Whatever happens, the browser, the kernels and the server
 * it started are stopped (kernels through the server's API, then any process still holding the mirror's
 * path is killed by its pid) and the mirror is removed.
 *
 * Standalone: `deno run -A .ci/notebooks_ui.ts [--repo DIR] [--notebooks-dir DIR] [--only NAME]...
 * [--repeat NAME]... [--runs N] [--reference DIR] [--out DIR] [--screenshots]`; the gate (`.ci/test.ts`) calls
 * {@link runNotebooksInUi}.
 */
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM_QUIET_FLAGS } from "../tests/report/_chromium.ts";

const DEBIAN_PYTHON = "/usr/bin/python3";
const CHROMIUM = "/usr/bin/chromium";
/** Notebooks whose charts are run several times (Run All, then Restart & Run All). */
const CHART_HEAVY = ["02-baseline.ipynb", "04-tune.ipynb", "05-compare.ipynb"];
const MEGABYTE = 1_000_000;
/** Server log lines that mean an output message was corrupted or dropped on its way to the browser. */
const BAD_LOG_LINES = [
  /Invalid Signature/i,
  /IOPub data rate exceeded/i,
  /IOPub message rate exceeded/i,
];

/** One notebook run in the UI: a test case of the gate. */
export interface UiCase {
  /** e.g. `ui 02-baseline.ipynb run 2/3`. */
  name: string;
  /** Whether the run passed every check. */
  ok: boolean;
  /** What failed (empty when ok). */
  problems: string[];
  /** Seconds from Run All to the end of the checks. */
  seconds: number;
  /** Size of the notebook's outputs as the page holds them (bytes of nbformat JSON). */
  notebookBytes: number;
  /** The largest single output (bytes of its JSON). */
  largestOutputBytes: number;
  /** Charts displayed and drawn. */
  charts: { displayed: number; drawn: number };
}

/** What {@link runNotebooksInUi} does. */
export interface UiOptions {
  /** The repository to mirror (its `lib/`, `node_modules/`, `deno.json`, ...). */
  repo: string;
  /** Folder of the notebooks to run (default `<repo>/notebooks`). */
  notebooksDir?: string;
  /** Only these notebook file names (default: every `.ipynb`, sorted). */
  only?: string[];
  /** Notebooks run several times (default: the chart-heavy 02, 04, 05); the others run once. */
  repeated?: string[];
  /** Runs of each repeated notebook (default 3). */
  chartHeavyRuns?: number;
  /** Folder of headless executed copies to compare structures with (skipped when absent). */
  referenceDir?: string;
  /** Where the server log and each run's snapshot are kept. */
  outDir: string;
  /** Most seconds one run may take (default 480). */
  runSeconds?: number;
  /** Most seconds all runs together may take (default 1800); runs past it fail as not run. */
  totalSeconds?: number;
  /** Called with each finished case. */
  onCase?: (testCase: UiCase) => void;
  /** Keep a screenshot of every run, not only of failed ones. */
  screenshots?: boolean;
}

/** An output as compared: type, stream name or MIME types, chart marker. */
interface OutputShape {
  type: string;
  name?: string;
  mimes?: string[];
  figure?: boolean;
  bytes: number;
}

/** A code cell as the page shows it after a run. */
interface CellSnapshot {
  index: number;
  prompt: string | number | null;
  outputs: OutputShape[];
  errors: string[];
  drawn: number;
}

/** The page's state: cells, kernel indicator, notebook size. */
interface PageSnapshot {
  cells: CellSnapshot[];
  indicator: string;
  notebookBytes: number;
}

const SNAPSHOT_SCRIPT = `(() => {
  const nb = window.Jupyter && window.Jupyter.notebook;
  if (!nb) return null;
  const cells = [];
  nb.get_cells().forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const outputs = (cell.output_area ? cell.output_area.outputs : []).map((o) => {
      const bytes = JSON.stringify(o).length;
      if (o.output_type === "stream") return { type: "stream", name: o.name, bytes };
      if (o.output_type === "error") return { type: "error", bytes };
      const data = o.data || {};
      const html = typeof data["text/html"] === "string" ? data["text/html"] :
        Array.isArray(data["text/html"]) ? data["text/html"].join("") : "";
      return { type: o.output_type, mimes: Object.keys(data).sort(), figure: html.includes('class="ade-figure"'), bytes };
    });
    const errors = (cell.output_area ? cell.output_area.outputs : [])
      .filter((o) => o.output_type === "error").map((o) => (o.ename || "") + ": " + (o.evalue || ""));
    const drawn = cell.output_area ? cell.output_area.element[0].querySelectorAll(".js-plotly-plot").length : 0;
    cells.push({ index, prompt: cell.input_prompt_number === undefined ? null : cell.input_prompt_number, outputs, errors, drawn });
  });
  const icon = document.getElementById("kernel_indicator_icon");
  return { cells, indicator: icon ? icon.className : "", notebookBytes: JSON.stringify(nb.toJSON()).length };
})()`;

const KERNEL_READY_SCRIPT = `(() => {
  const nb = window.Jupyter && window.Jupyter.notebook;
  const kernel = nb && nb.kernel;
  const icon = document.getElementById("kernel_indicator_icon");
  return Boolean(nb && nb._fully_loaded && kernel && kernel.is_connected() &&
    kernel.info_reply && Object.keys(kernel.info_reply).length > 0 && icon && icon.className === "kernel_idle_icon");
})()`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A free loopback port (bound to 0, then released). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Lays out the mirror: every top-level entry of the repo linked, notebooks copied, runs/ empty. */
async function buildMirror(repo: string, notebooksDir: string, names: string[], root: string) {
  await Deno.mkdir(`${root}/notebooks`, { recursive: true });
  await Deno.mkdir(`${root}/runs`, { recursive: true });
  for await (const entry of Deno.readDir(repo)) {
    if ([".git", "notebooks", "runs"].includes(entry.name)) continue;
    if (entry.name === "deno.json" || entry.name === "deno.lock") {
      await Deno.copyFile(`${repo}/${entry.name}`, `${root}/${entry.name}`);
    } else {
      await Deno.symlink(`${repo}/${entry.name}`, `${root}/${entry.name}`);
    }
  }
  for (const name of names) {
    await Deno.copyFile(`${notebooksDir}/${name}`, `${root}/notebooks/${name}`);
  }
}

/** The corpus folder the kernels get (`ADE_CORPUS_DIR`, else `../shared/...` next to the repo). */
function corpusDir(repo: string): string {
  return Deno.env.get("ADE_CORPUS_DIR") ?? `${repo}/../shared/data/ade_corpus_v2`;
}

/** The classic Notebook server, its log and how to reach it. */
interface Server {
  process: Deno.ChildProcess;
  base: string;
  token: string;
  log: string[];
  logPath: string;
  exited: boolean;
}

async function startServer(
  root: string,
  tmp: string,
  repo: string,
  logPath: string,
): Promise<Server> {
  const token = crypto.randomUUID().replaceAll("-", "");
  const data = `${tmp}/jupyter-data`;
  await Deno.mkdir(`${data}/kernels/deno`, { recursive: true });
  await Deno.writeTextFile(
    `${data}/kernels/deno/kernel.json`,
    JSON.stringify({
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  const port = freePort();
  const process = new Deno.Command(DEBIAN_PYTHON, {
    args: [
      "-m",
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--notebook-dir=${root}`,
      `--NotebookApp.token=${token}`,
      "--NotebookApp.password=",
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    cwd: root,
    env: {
      JUPYTER_CONFIG_DIR: `${tmp}/jupyter-config`,
      JUPYTER_DATA_DIR: data,
      JUPYTER_RUNTIME_DIR: `${tmp}/jupyter-runtime`,
      JUPYTER_PATH: data,
      ADE_CORPUS_DIR: corpusDir(repo),
      NO_COLOR: "1",
      PYTHONUNBUFFERED: "1",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const server: Server = {
    process,
    base: `http://127.0.0.1:${port}`,
    token,
    log: [],
    logPath,
    exited: false,
  };
  const logFile = await Deno.open(logPath, { create: true, write: true, truncate: true });
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of stream) {
      await logFile.write(chunk);
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      server.log.push(...lines);
    }
  };
  Promise.all([pump(process.stdout), pump(process.stderr)]).finally(() => logFile.close());
  process.status.then(() => (server.exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exited) {
      throw new Error(`the notebook server exited:\n${server.log.slice(-20).join("\n")}`);
    }
    try {
      const response = await fetch(`${server.base}/api/status`, {
        headers: { Authorization: `token ${token}` },
      });
      await response.body?.cancel();
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(
    `the notebook server did not answer within 60 s:\n${server.log.slice(-20).join("\n")}`,
  );
}

/** Shuts the kernels down through the API, then the server; kills what is left by pid. */
async function stopServer(server: Server | undefined, tmp: string): Promise<void> {
  if (server && !server.exited) {
    await shutDownKernels(server);
    try {
      const response = await fetch(`${server.base}/api/shutdown`, {
        method: "POST",
        headers: { Authorization: `token ${server.token}` },
      });
      await response.body?.cancel();
    } catch {
      // the server may be wedged: signals below
    }
    for (let i = 0; i < 40 && !server.exited; i++) await sleep(250);
    if (!server.exited) {
      try {
        server.process.kill("SIGTERM");
      } catch { /* gone */ }
      for (let i = 0; i < 40 && !server.exited; i++) await sleep(250);
    }
    if (!server.exited) {
      try {
        server.process.kill("SIGKILL");
      } catch { /* gone */ }
    }
    await server.process.status.catch(() => {});
  }
  await killProcessesMentioning(tmp);
}

/** Kills (by pid) every process whose command line names `path`: kernels and browser of this run. */
async function killProcessesMentioning(path: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const pids: number[] = [];
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
      try {
        const cmdline = await Deno.readTextFile(`/proc/${entry.name}/cmdline`);
        if (cmdline.includes(path)) pids.push(Number(entry.name));
      } catch {
        // exited meanwhile
      }
    }
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        Deno.kill(pid, attempt === 0 ? "SIGTERM" : "SIGKILL");
      } catch { /* gone */ }
    }
    await sleep(1000);
  }
}

/** The structure of a cell's outputs as compared between runs: consecutive streams merged. */
function shapeOf(outputs: OutputShape[]): string {
  const parts: string[] = [];
  for (const output of outputs) {
    const text = output.type === "stream"
      ? `stream:${output.name}`
      : output.type === "error"
      ? "error"
      : `${output.type}[${(output.mimes ?? []).join(",")}]${output.figure ? "+chart" : ""}`;
    if (output.type === "stream" && parts[parts.length - 1] === text) continue;
    parts.push(text);
  }
  return parts.join(" ");
}

/** The same shapes read from a headless executed copy (code cells in order). */
async function referenceShapes(path: string): Promise<string[] | undefined> {
  let notebook: { cells: Array<{ cell_type: string; outputs?: Array<Record<string, unknown>> }> };
  try {
    notebook = JSON.parse(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
  return notebook.cells.filter((cell) => cell.cell_type === "code").map((cell) =>
    shapeOf((cell.outputs ?? []).map((output) => {
      const type = String(output.output_type);
      if (type === "stream") return { type, name: String(output.name), bytes: 0 };
      if (type === "error") return { type, bytes: 0 };
      const data = (output.data ?? {}) as Record<string, unknown>;
      const html = data["text/html"];
      const htmlText = Array.isArray(html) ? html.join("") : typeof html === "string" ? html : "";
      return {
        type,
        mimes: Object.keys(data).sort(),
        figure: htmlText.includes('class="ade-figure"'),
        bytes: 0,
      };
    }))
  );
}

async function snapshot(page: Page): Promise<PageSnapshot | null> {
  return await page.evaluate(SNAPSHOT_SCRIPT) as PageSnapshot | null;
}

/** Clicks a menu entry of the classic UI (menu link id, then the entry's `li` id). */
async function clickMenu(page: Page, menuId: string, entryId: string): Promise<void> {
  await page.click(`#${menuId}`);
  await page.click(`#${entryId} > a`);
}

/** Runs the notebook open in `page` once and checks it; returns the problems and the final snapshot. */
async function runOnce(
  page: Page,
  restart: boolean,
  runSeconds: number,
  pageErrors: string[],
): Promise<{ problems: string[]; state: PageSnapshot | null }> {
  const problems: string[] = [];
  if (restart) {
    await clickMenu(page, "kernellink", "restart_run_all");
    await page.click('.modal-footer button:has-text("Restart and Run All Cells")');
  } else {
    await clickMenu(page, "celllink", "run_all_cells");
  }
  const deadline = Date.now() + runSeconds * 1000;
  let state: PageSnapshot | null = null;
  let finishedAt: number | undefined;
  let idlePolls = 0;
  // Wait until every code cell has its number and the kernel stays idle, an error shows, or time is up.
  while (Date.now() < deadline) {
    await sleep(500);
    state = await snapshot(page);
    if (!state) continue;
    if (state.cells.some((cell) => cell.errors.length > 0)) break;
    const numbered = state.cells.every((cell) => typeof cell.prompt === "number");
    if (!numbered) {
      finishedAt = undefined;
      idlePolls = 0;
      continue;
    }
    finishedAt ??= Date.now();
    idlePolls = state.indicator === "kernel_idle_icon" ? idlePolls + 1 : 0;
    if (idlePolls >= 3) break;
    if (Date.now() - finishedAt > 30_000) break;
  }
  if (!state) return { problems: ["the notebook page never loaded"], state };
  for (const cell of state.cells) {
    for (const error of cell.errors) problems.push(`cell ${cell.index} shows an error: ${error}`);
  }
  if (problems.length === 0) {
    const unfinished = state.cells.filter((cell) => cell.prompt === "*");
    const notRun = state.cells.filter((cell) => cell.prompt === null || cell.prompt === "");
    if (unfinished.length > 0) {
      problems.push(
        `cell ${
          unfinished.map((cell) => cell.index).join(", ")
        } left unfinished (In [*]) after ${runSeconds} s`,
      );
    }
    if (notRun.length > 0) {
      problems.push(`cell ${notRun.map((cell) => cell.index).join(", ")} never ran`);
    }
    if (unfinished.length === 0 && notRun.length === 0 && state.indicator !== "kernel_idle_icon") {
      problems.push(`kernel still busy 30 s after the last cell finished (${state.indicator})`);
    }
  }
  // Charts are drawn after plotly.js has loaded: give them a while, then compare per cell.
  const chartDeadline = Date.now() + 30_000;
  while (Date.now() < chartDeadline) {
    const pending = state.cells.some((cell) =>
      cell.drawn < cell.outputs.filter((output) => output.figure).length
    );
    if (!pending) break;
    await sleep(500);
    state = (await snapshot(page)) ?? state;
  }
  for (const cell of state.cells) {
    const displayed = cell.outputs.filter((output) => output.figure).length;
    if (cell.drawn !== displayed) {
      problems.push(
        `cell ${cell.index}: ${displayed} chart(s) displayed, ${cell.drawn} drawn in it`,
      );
    }
    for (const output of cell.outputs) {
      if (output.bytes > MEGABYTE) {
        problems.push(
          `cell ${cell.index}: an output of ${output.bytes.toLocaleString("en-US")} bytes`,
        );
      }
    }
  }
  const bareResults = state.cells.filter((cell) =>
    cell.outputs.some((output) => output.type === "execute_result")
  );
  if (bareResults.length > 0) {
    problems.push(
      `cell ${bareResults.map((cell) => cell.index).join(", ")}: result shown as a bare last ` +
        "expression (execute_result), which Deno's kernel may put under the next cell; display it " +
        "with `await showInNotebook([...])`",
    );
  }
  if (state.notebookBytes >= MEGABYTE) {
    problems.push(
      `the notebook weighs ${state.notebookBytes.toLocaleString("en-US")} bytes (limit 1 MB)`,
    );
  }
  for (const error of pageErrors.splice(0)) problems.push(`page error: ${error}`);
  return { problems, state };
}

/**
 * Runs every notebook in the classic Notebook UI (chart-heavy ones several times) and checks each run.
 * @param options the repository, notebooks, runs, limits and output folder
 * @returns one case per run, in order
 * @throws {Error} when the server or the browser cannot be started (no case ran)
 */
export async function runNotebooksInUi(options: UiOptions): Promise<UiCase[]> {
  const repo = options.repo.replace(/\/$/, "");
  const notebooksDir = options.notebooksDir ?? `${repo}/notebooks`;
  const names: string[] = [];
  for await (const entry of Deno.readDir(notebooksDir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
  }
  names.sort();
  const selected = options.only?.length
    ? names.filter((name) => options.only!.includes(name))
    : names;
  const heavyRuns = options.chartHeavyRuns ?? 3;
  const runSeconds = options.runSeconds ?? 480;
  const totalDeadline = Date.now() + (options.totalSeconds ?? 1800) * 1000;
  await Deno.mkdir(options.outDir, { recursive: true });
  const tmp = await Deno.makeTempDir({ prefix: "ade-notebooks-ui-" });
  const root = `${tmp}/repo`;
  const cases: UiCase[] = [];
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  const finish = (testCase: UiCase) => {
    cases.push(testCase);
    options.onCase?.(testCase);
  };
  try {
    await buildMirror(repo, notebooksDir, selected, root);
    server = await startServer(root, tmp, repo, `${options.outDir}/server.log`);
    context = await chromium.launchPersistentContext(`${tmp}/chromium-profile`, {
      executablePath: CHROMIUM,
      headless: true,
      chromiumSandbox: false,
      args: [...CHROMIUM_QUIET_FLAGS], // playwright adds --headless, --no-sandbox and the profile dir
      viewport: { width: 1280, height: 1000 },
    });
    for (const name of selected) {
      const runs = (options.repeated ?? CHART_HEAVY).includes(name) ? heavyRuns : 1;
      const reference = options.referenceDir
        ? await referenceShapes(`${options.referenceDir}/${name}`)
        : undefined;
      let firstRun: { run: number; shapes: string[] } | undefined;
      let page: Page | undefined;
      const pageErrors: string[] = [];
      try {
        for (let run = 1; run <= runs; run++) {
          const caseName = `ui ${name} run ${run}/${runs}`;
          const started = Date.now();
          if (Date.now() > totalDeadline) {
            finish({
              name: caseName,
              ok: false,
              problems: ["not run: the UI test's time budget is spent"],
              seconds: 0,
              notebookBytes: 0,
              largestOutputBytes: 0,
              charts: { displayed: 0, drawn: 0 },
            });
            continue;
          }
          const logStart = server.log.length;
          const problems: string[] = [];
          let state: PageSnapshot | null = null;
          try {
            if (!page) {
              page = await context.newPage();
              page.on("pageerror", (error) => pageErrors.push(String(error.message ?? error)));
              await page.goto(
                `${server.base}/notebooks/notebooks/${
                  encodeURIComponent(name)
                }?token=${server.token}`,
              );
              await page.waitForFunction(KERNEL_READY_SCRIPT, undefined, {
                timeout: 120_000,
                polling: 250,
              });
              await page.evaluate("Jupyter.notebook.set_autosave_interval(0)");
            }
            const result = await runOnce(page, run > 1, runSeconds, pageErrors);
            problems.push(...result.problems);
            state = result.state;
          } catch (error) {
            problems.push(
              `the run could not be driven: ${(error as Error).message.split("\n")[0]}`,
            );
            state = page ? await snapshot(page).catch(() => null) : null;
          }
          const badLines = new Set(
            server.log.slice(logStart).filter((line) =>
              BAD_LOG_LINES.some((pattern) => pattern.test(line)) && !/^\s*raise /.test(line)
            ).map((line) => line.trim().slice(0, 200)),
          );
          for (const line of badLines) problems.push(`server log: ${line}`);
          const shapes = state?.cells.map((cell) => shapeOf(cell.outputs));
          if (shapes && state) {
            // Against the headless copy, and against the first run that matched it (or run 1).
            const differences = (label: string, expected: string[]) =>
              expected.length !== shapes.length
                ? [`${shapes.length} code cells, ${label} has ${expected.length}`]
                : shapes.flatMap((shape, i) =>
                  shape === expected[i] ? [] : [
                    `cell ${state.cells[i].index} differs from ${label}: [${shape}] vs [${
                      expected[i]
                    }]`,
                  ]
                );
            const fromReference = reference ? differences("the headless copy", reference) : [];
            const fromFirst = firstRun ? differences(`run ${firstRun.run}`, firstRun.shapes) : [];
            problems.push(...fromReference, ...fromFirst);
            if (!firstRun && fromReference.length === 0) firstRun = { run, shapes };
          }
          const outputs = state?.cells.flatMap((cell) => cell.outputs) ?? [];
          const testCase: UiCase = {
            name: caseName,
            ok: problems.length === 0,
            problems,
            seconds: (Date.now() - started) / 1000,
            notebookBytes: state?.notebookBytes ?? 0,
            largestOutputBytes: Math.max(0, ...outputs.map((output) => output.bytes)),
            charts: {
              displayed: outputs.filter((output) => output.figure).length,
              drawn: state?.cells.reduce((sum, cell) => sum + cell.drawn, 0) ?? 0,
            },
          };
          const stem = `${options.outDir}/${name.replace(/\.ipynb$/, "")}-run${run}`;
          await Deno.writeTextFile(`${stem}.json`, JSON.stringify({ ...testCase, state }, null, 1));
          if ((!testCase.ok || options.screenshots) && page) {
            await screenshotWhole(page, `${stem}.png`);
          }
          finish(testCase);
          if (!testCase.ok && page) {
            // A wedged page or kernel must not spill into the next run: start the next one afresh.
            await page.close().catch(() => {});
            page = undefined;
            await shutDownKernels(server);
          }
        }
      } finally {
        if (page) await page.close().catch(() => {});
        await shutDownKernels(server);
      }
    }
    if (options.referenceDir) {
      for (const name of selected) {
        if (Date.now() > totalDeadline) break;
        for (
          const testCase of await checkSavedCopy(context, server, {
            name,
            referenceDir: options.referenceDir,
            root,
            jupyterData: `${tmp}/jupyter-data`,
          })
        ) finish(testCase);
      }
    }
  } finally {
    await context?.close().catch(() => {});
    await stopServer(server, tmp);
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  return cases;
}

/** A screenshot of the whole notebook (the classic UI scrolls inside `#site`: the viewport grows). */
async function screenshotWhole(page: Page, path: string): Promise<void> {
  try {
    const height = await page.evaluate(
      `(document.getElementById("notebook") || document.body).scrollHeight + 150`,
    ) as number;
    await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 1000), 16_000) });
    await page.screenshot({ path });
    await page.setViewportSize({ width: 1280, height: 1000 });
  } catch {
    // a screenshot is a help, not a check
  }
}

/** Charts in a headless executed copy (figure outputs), read from its JSON. */
async function savedChartCount(path: string): Promise<number> {
  try {
    const text = await Deno.readTextFile(path);
    return text.split('class=\\"ade-figure\\"').length - 1;
  } catch {
    return 0;
  }
}

/** Waits until `count` charts are drawn in the page (or 30 s), then returns how many are. */
async function drawnCharts(page: Page, count: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  let drawn = 0;
  while (Date.now() < deadline) {
    drawn = await page.evaluate(`document.querySelectorAll(".js-plotly-plot").length`) as number;
    if (drawn >= count) break;
    await sleep(500);
  }
  return drawn;
}

/**
 * The executed copy of `name` (signed for this server's notary, as the gate's runner signs it for the
 * user's) opened in the UI, and its HTML export opened from disk: trusted, every chart drawn.
 */
async function checkSavedCopy(
  context: BrowserContext,
  server: Server,
  where: { name: string; referenceDir: string; root: string; jupyterData: string },
): Promise<UiCase[]> {
  const { name, referenceDir, root, jupyterData } = where;
  const copy = `${referenceDir}/${name}`;
  const charts = await savedChartCount(copy);
  if (charts === 0) return [];
  const cases: UiCase[] = [];
  const base = { notebookBytes: 0, largestOutputBytes: 0 };
  // 1. The executed copy, in a folder two levels down (plotly.js is found above it), signed.
  let started = Date.now();
  const problems: string[] = [];
  const folder = `${root}/runs/notebooks`;
  await Deno.mkdir(folder, { recursive: true });
  await Deno.copyFile(copy, `${folder}/${name}`);
  const signed = await new Deno.Command(DEBIAN_PYTHON, {
    args: [
      "-c",
      "import sys, nbformat; from nbformat.sign import NotebookNotary; " +
      "NotebookNotary().sign(nbformat.read(sys.argv[1], as_version=4))",
      `${folder}/${name}`,
    ],
    env: { JUPYTER_DATA_DIR: jupyterData },
    stdout: "null",
    stderr: "piped",
  }).output();
  let drawn = 0;
  if (!signed.success) {
    problems.push(`signing failed: ${new TextDecoder().decode(signed.stderr).trim().slice(-300)}`);
  } else {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error.message ?? error)));
    try {
      await page.goto(
        `${server.base}/notebooks/runs/notebooks/${encodeURIComponent(name)}?token=${server.token}`,
      );
      await page.waitForFunction(
        "window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded",
        undefined,
        {
          timeout: 60_000,
        },
      );
      if (await page.evaluate("Jupyter.notebook.trusted") !== true) {
        problems.push("the signed copy opens Not Trusted");
      }
      drawn = await drawnCharts(page, charts);
      if (drawn !== charts) problems.push(`${charts} chart(s) saved, ${drawn} drawn when opened`);
    } catch (error) {
      problems.push(`the copy could not be opened: ${(error as Error).message.split("\n")[0]}`);
    } finally {
      problems.push(...pageErrors.map((error) => `page error: ${error}`));
      await page.close().catch(() => {});
      await shutDownKernels(server);
    }
  }
  cases.push({
    name: `ui ${name} executed copy opens trusted with its charts`,
    ok: problems.length === 0,
    problems,
    seconds: (Date.now() - started) / 1000,
    ...base,
    charts: { displayed: charts, drawn },
  });
  // 2. Its HTML export (nbconvert), from disk: plotly.js is found relative to the page.
  const html = `${referenceDir}/${name.replace(/\.ipynb$/, ".html")}`;
  try {
    await Deno.stat(html);
  } catch {
    return cases;
  }
  started = Date.now();
  const htmlProblems: string[] = [];
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(String(error.message ?? error)));
  drawn = 0;
  try {
    await page.goto(`file://${html}`);
    drawn = await drawnCharts(page, charts);
    if (drawn !== charts) htmlProblems.push(`${charts} chart(s) in the export, ${drawn} drawn`);
  } catch (error) {
    htmlProblems.push(`the export could not be opened: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    htmlProblems.push(...pageErrors.map((error) => `page error: ${error}`));
    await page.close().catch(() => {});
  }
  cases.push({
    name: `ui ${name.replace(/\.ipynb$/, ".html")} (nbconvert export) draws its charts`,
    ok: htmlProblems.length === 0,
    problems: htmlProblems,
    seconds: (Date.now() - started) / 1000,
    ...base,
    charts: { displayed: charts, drawn },
  });
  return cases;
}

/** Deletes every session, then every kernel left, through the server's API (errors are ignored). */
async function shutDownKernels(server: Server): Promise<void> {
  const headers = { Authorization: `token ${server.token}` };
  for (const collection of ["sessions", "kernels"]) {
    try {
      const items = await (await fetch(`${server.base}/api/${collection}`, { headers }))
        .json() as Array<{ id: string }>;
      for (const item of items) {
        const response = await fetch(`${server.base}/api/${collection}/${item.id}`, {
          method: "DELETE",
          headers,
        });
        await response.body?.cancel();
      }
    } catch {
      // stopServer() kills whatever is left
    }
  }
}

function describe(testCase: UiCase): string {
  const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString("en-US")} kB`;
  return `${testCase.ok ? "PASS" : "FAIL"} ${testCase.name} (${testCase.seconds.toFixed(0)} s, ` +
    `notebook ${kb(testCase.notebookBytes)}, largest output ${kb(testCase.largestOutputBytes)}, ` +
    `charts ${testCase.charts.drawn}/${testCase.charts.displayed} drawn)` +
    testCase.problems.map((problem) => `\n    - ${problem}`).join("");
}

export { describe as describeUiCase };

if (import.meta.main) {
  const args = [...Deno.args];
  const take = (flag: string): string[] => {
    const values: string[] = [];
    for (let i = args.indexOf(flag); i !== -1; i = args.indexOf(flag)) {
      values.push(args[i + 1]);
      args.splice(i, 2);
    }
    return values;
  };
  const repo = take("--repo")[0] ?? new URL("..", import.meta.url).pathname;
  const repeated = take("--repeat");
  const screenshots = args.includes("--screenshots");
  const cases = await runNotebooksInUi({
    repo,
    notebooksDir: take("--notebooks-dir")[0],
    only: take("--only"),
    repeated: repeated.length > 0 ? repeated : undefined,
    chartHeavyRuns: Number(take("--runs")[0] ?? 3),
    referenceDir: take("--reference")[0],
    outDir: take("--out")[0] ?? `${repo.replace(/\/$/, "")}/runs/notebooks-ui`,
    onCase: (testCase) => console.log(describe(testCase)),
    screenshots,
  });
  const failed = cases.filter((testCase) => !testCase.ok).length;
  console.log(`${cases.length - failed} passed, ${failed} failed`);
  Deno.exit(failed === 0 ? 0 : 1);
}
