/**
 * `deno task test` (after `setup`): the one quality gate. Runs, in order,
 *   1. `deno fmt --check`, 2. `deno lint`, 3. `deno check` (one check each),
 *   4. every Deno test under `tests/` (each test case counts), then the `@example` blocks of each
 *      stage's `mod.ts` and of the files it re-exports, run by `deno test --doc` (each block counts;
 *      a block marked `ts ignore` is not run; those blocks, and `@example` tags not followed by a fenced
 *      block, are listed),
 *   5. the Python code of `training/`: linted with pyflakes (compiled only, when Debian's pyflakes is not
 *      installed: one check), then its unit tests with Debian's interpreter (each test case counts),
 *   6. every notebook in `notebooks/`, in order, executed headless on the Deno kernel by
 *      `.ci/run_notebook.py` (each notebook counts; a cell that raises fails it, and so does an executed
 *      copy of 1 MB or more); the executed copies are kept under `runs/notebooks/` (signed, so they
 *      open trusted here) and exported to HTML there with nbconvert,
 *   7. every notebook again in a real UI: Debian's classic Notebook driven in Chromium, Run All in
 *      order, the chart-heavy ones three times (`.ci/notebooks_ui.ts`; each run counts), compared with
 *      the headless copies; its server log and per-run snapshots are kept under `runs/notebooks-ui/`.
 * The last line printed is `N passed, N failed`.
 */
import { describeUiCase, runNotebooksInUi } from "./notebooks_ui.ts";

const deno = Deno.execPath();
/** An executed notebook of this size or more fails (outputs must stay small: see notebooks_ui.ts). */
const NOTEBOOK_SIZE_LIMIT = 1_000_000;
const DEBIAN_PYTHON = "/usr/bin/python3";
const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
let passed = 0;
let failed = 0;
const failures: string[] = [];

function record(name: string, ok: boolean): void {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
  console.log(`${ok ? "PASS" : "FAIL"} ${name}`);
}

async function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  capture = false,
): Promise<{ ok: boolean; output: string }> {
  const child = new Deno.Command(command, {
    args,
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    stdout: capture ? "piped" : "inherit",
    stderr: capture ? "piped" : "inherit",
  });
  const result = await child.output();
  const output = capture
    ? new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr)
    : "";
  return { ok: result.success, output };
}

function section(title: string): void {
  console.log(`\n=== ${title} ===`);
}

async function staticChecks(): Promise<void> {
  section("deno fmt --check");
  record("deno fmt --check", (await run(deno, ["fmt", "--check"])).ok);
  section("deno lint");
  record("deno lint", (await run(deno, ["lint"])).ok);
  section("deno check");
  record("deno check", (await run(deno, ["check", "."])).ok);
}

/**
 * Runs `deno test` with a JUnit report (`runs/test/<report>`) and counts its test cases: a case with `<failure>` or `<error>`
 * failed, `<skipped>` is neither.
 */
async function junitTestRun(label: string, report: string, args: string[]): Promise<void> {
  await Deno.mkdir(`${root}/runs/test`, { recursive: true });
  const junitPath = `${root}/runs/test/${report}`;
  await Deno.remove(junitPath).catch(() => {});
  const result = await run(deno, ["test", "-A", "--junit-path", junitPath, ...args]);
  let xml = "";
  try {
    xml = await Deno.readTextFile(junitPath);
  } catch {
    record(
      `${label} (no report written: an example or test module failed to type-check or load)`,
      false,
    );
    return;
  }
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  let casePassed = 0;
  let caseFailed = 0;
  for (const testCase of cases) {
    if (/<failure\b|<error\b/.test(testCase)) {
      caseFailed++;
      const name = /name="([^"]*)"/.exec(testCase)?.[1] ?? "?";
      failures.push(`${label}: ${name}`);
    } else if (!/<skipped\b/.test(testCase)) casePassed++;
  }
  if (!result.ok && caseFailed === 0) {
    caseFailed = 1;
    failures.push(
      `${label} (exited non-zero: a module failed to load or type-check, or a test leaked)`,
    );
  }
  passed += casePassed;
  failed += caseFailed;
  console.log(`${label}: ${casePassed} passed, ${caseFailed} failed`);
}

async function denoTests(): Promise<void> {
  section("deno test");
  await junitTestRun("deno test", "junit.xml", ["tests/"]);
}

/** Each stage's `mod.ts` and every `lib/` file it re-exports, directly or through another file. */
async function publicModules(): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = await Deno.readTextFile(`${root}/${file}`);
    const reExports = /^export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+"(\.[^"]+)"/gm;
    for (const [, specifier] of source.matchAll(reExports)) {
      const target = new URL(specifier, `file:///${file}`).pathname.slice(1);
      if (target.startsWith("lib/")) await visit(target);
    }
  };
  for await (const entry of Deno.readDir(`${root}/lib`)) {
    const mod = `lib/${entry.name}/mod.ts`;
    if (entry.isDirectory && await Deno.stat(`${root}/${mod}`).then(() => true, () => false)) {
      await visit(mod);
    }
  }
  return [...seen].sort();
}

/**
 * The `@example` tags of `modules` that `deno test --doc` does not run: those not followed by a fenced
 * block (a one-line example is only text), and the blocks marked `ts ignore`, as `file:line`.
 */
async function examplesNotRun(
  modules: readonly string[],
): Promise<{ text: string[]; ignored: string[] }> {
  const text: string[] = [];
  const ignored: string[] = [];
  for (const file of modules) {
    const lines = (await Deno.readTextFile(`${root}/${file}`)).split("\n");
    lines.forEach((line, index) => {
      if (/^\s*\*?\s*```ts\s+ignore\b/.test(line)) ignored.push(`${file}:${index + 1}`);
      if (!/^\s*\*\s*@example\b/.test(line)) return;
      let next = index + 1;
      while (next < lines.length && /^\s*\*\s*$/.test(lines[next])) next++;
      if (!/^\s*\*\s*```/.test(lines[next] ?? "")) text.push(`${file}:${index + 1}`);
    });
  }
  return { text, ignored };
}

async function docExamples(): Promise<void> {
  section("doc examples (deno test --doc)");
  const modules = await publicModules();
  console.log(`${modules.length} modules: the mod.ts files and what they re-export`);
  const notRun = await examplesNotRun(modules);
  if (notRun.text.length > 0) {
    console.log(
      `${notRun.text.length} @example tags without a fenced block (not run): ${
        notRun.text.join(", ")
      }`,
    );
  }
  console.log(
    `${notRun.ignored.length} blocks marked ts ignore (not run)` +
      (notRun.ignored.length > 0 ? `: ${notRun.ignored.join(", ")}` : ""),
  );
  await junitTestRun("doc examples", "doc-junit.xml", ["--doc", ...modules]);
}

async function pythonLint(): Promise<void> {
  section("training/ python lint");
  const files: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(`${root}/${dir}`)) {
      if (entry.isDirectory && entry.name !== "__pycache__") await walk(`${dir}/${entry.name}`);
      else if (entry.isFile && entry.name.endsWith(".py")) files.push(`${dir}/${entry.name}`);
    }
  };
  await walk("training");
  files.sort();
  const pyflakes = await run(DEBIAN_PYTHON, ["-m", "pyflakes", "--version"], {}, true);
  if (pyflakes.ok) {
    const result = await run(DEBIAN_PYTHON, ["-m", "pyflakes", ...files], {}, true);
    if (result.output.trim()) console.log(result.output.trimEnd());
    record(`pyflakes training/ (${files.length} files)`, result.ok);
    return;
  }
  // Without pyflakes: compile every file (syntax only), writing no .pyc files.
  const compileAll =
    "import sys\nfor f in sys.argv[1:]:\n    compile(open(f, encoding='utf-8').read(), f, 'exec')";
  const result = await run(DEBIAN_PYTHON, ["-c", compileAll, ...files], {}, true);
  if (result.output.trim()) console.log(result.output.trimEnd());
  record(`compile training/ (${files.length} files; pyflakes not installed)`, result.ok);
}

async function pythonTests(): Promise<void> {
  section("training/ python tests");
  const result = await run(
    DEBIAN_PYTHON,
    ["-m", "unittest", "discover", "-s", "training/tests", "-t", ".", "-v"],
    {},
    true,
  );
  console.log(result.output.trimEnd());
  const ran = Number(/Ran (\d+) tests?/.exec(result.output)?.[1] ?? "0");
  const failuresCount = Number(/failures=(\d+)/.exec(result.output)?.[1] ?? "0");
  const errors = Number(/errors=(\d+)/.exec(result.output)?.[1] ?? "0");
  const skipped = Number(/skipped=(\d+)/.exec(result.output)?.[1] ?? "0");
  const bad = failuresCount + errors;
  if (ran === 0 || (!result.ok && bad === 0)) {
    record("python unittest (did not run)", false);
    return;
  }
  passed += ran - bad - skipped;
  failed += bad;
  if (bad > 0) failures.push(`python unittest: ${bad} failed`);
}

async function notebooks(): Promise<void> {
  section("notebooks (headless)");
  const outDir = `${root}/runs/notebooks`;
  await Deno.mkdir(outDir, { recursive: true });
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${root}/notebooks`)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
  }
  names.sort();
  for (const name of names) {
    const started = performance.now();
    const executed = `${outDir}/${name}`;
    // Our runner, not `nbconvert --execute`: nbclient loses some Deno-kernel outputs (see run_notebook.py).
    const result = await run(
      DEBIAN_PYTHON,
      [".ci/run_notebook.py", `notebooks/${name}`, executed, "--timeout", "900"],
      {},
      true,
    );
    let ok = result.ok;
    let size = "";
    if (ok) {
      const bytes = (await Deno.stat(executed)).size;
      size = `, ${Math.round(bytes / 1000).toLocaleString("en-US")} kB`;
      if (bytes >= NOTEBOOK_SIZE_LIMIT) {
        ok = false;
        console.log(`${executed}: ${bytes.toLocaleString("en-US")} bytes, limit 1 MB`);
      }
    }
    if (ok) {
      const html = await run(
        DEBIAN_PYTHON,
        ["-m", "nbconvert", "--to", "html", executed, "--output-dir", outDir],
        {},
        true,
      );
      ok = html.ok;
      if (!html.ok) console.log(html.output.slice(-3000));
    } else {
      console.log(result.output.slice(-6000));
    }
    record(`notebook ${name} (${((performance.now() - started) / 1000).toFixed(0)} s${size})`, ok);
  }
}

async function notebooksInUi(): Promise<void> {
  section("notebooks (classic Jupyter Notebook in Chromium, Run All)");
  try {
    await runNotebooksInUi({
      repo: root,
      referenceDir: `${root}/runs/notebooks`,
      outDir: `${root}/runs/notebooks-ui`,
      onCase: (testCase) => {
        if (testCase.ok) passed++;
        else {
          failed++;
          failures.push(`${testCase.name}: ${testCase.problems[0]}`);
        }
        console.log(describeUiCase(testCase));
      },
    });
  } catch (error) {
    record(
      `notebooks in the UI (could not start: ${(error as Error).message.split("\n")[0]})`,
      false,
    );
  }
}

await staticChecks();
await denoTests();
await docExamples();
await pythonLint();
await pythonTests();
await notebooks();
await notebooksInUi();
if (failures.length > 0) {
  console.log("\nFailed:");
  for (const failure of failures) console.log(`  - ${failure}`);
}
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 ? 0 : 1);
