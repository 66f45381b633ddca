/**
 * `deno task setup`: makes this machine able to run the whole test suite.
 * - Debian's Jupyter pieces (`python3-nbconvert python3-nbclient jupyter-client`) for headless notebooks,
 *   `jupyter-notebook` (the classic Notebook 6) and `chromium` for the notebooks' real-UI test (and the
 *   report rendering test), plus `python3-sklearn` (benchmark peer, train.py helpers) and
 *   `python3-pyflakes` (lint of `training/`; without it the gate only compiles the files).
 *   Installed with apt-get when running as root; otherwise the exact command is printed and setup fails.
 * - `deno jupyter --install` registers the Deno kernel.
 * Debian's interpreter is called by its path: the `python3` first on PATH may be another interpreter.
 */
const DEBIAN_PYTHON = "/usr/bin/python3";
const HEADLESS_PACKAGES = ["python3-nbconvert", "python3-nbclient", "jupyter-client"];
const UI_PACKAGES = ["jupyter-notebook", "chromium"];
const OPTIONAL_PACKAGES = ["python3-sklearn", "python3-pyflakes"];

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    const result = await new Deno.Command(command, { args, stdout: "null", stderr: "null" })
      .output();
    return result.success;
  } catch {
    return false;
  }
}

async function runVisible(command: string, args: string[]): Promise<boolean> {
  const result = await new Deno.Command(command, { args, stdout: "inherit", stderr: "inherit" })
    .output();
  return result.success;
}

function isRoot(): boolean {
  try {
    return Deno.uid() === 0;
  } catch {
    return false;
  }
}

/** Whether Debian's classic Notebook (6.x, the `notebook` module with its `/files/` route) is there. */
function classicNotebookPresent(): Promise<boolean> {
  return succeeds(DEBIAN_PYTHON, [
    "-c",
    "import notebook, sys; sys.exit(0 if notebook.__version__.startswith('6.') else 1)",
  ]);
}

async function missingPackages(): Promise<{ required: string[]; optional: string[] }> {
  const required: string[] = [];
  if (!(await succeeds(DEBIAN_PYTHON, ["-m", "nbconvert", "--version"]))) {
    required.push(...HEADLESS_PACKAGES);
  }
  const [notebookPackage, chromiumPackage] = UI_PACKAGES;
  if (!(await classicNotebookPresent())) required.push(notebookPackage);
  if (!(await succeeds("sh", ["-c", "command -v chromium"]))) required.push(chromiumPackage);
  const optional: string[] = [];
  const [sklearnPackage, pyflakesPackage] = OPTIONAL_PACKAGES;
  if (!(await succeeds(DEBIAN_PYTHON, ["-c", "import sklearn"]))) optional.push(sklearnPackage);
  if (!(await succeeds(DEBIAN_PYTHON, ["-m", "pyflakes", "--version"]))) {
    optional.push(pyflakesPackage);
  }
  return { required, optional };
}

async function main(): Promise<number> {
  const missing = await missingPackages();
  const toInstall = [...missing.required, ...missing.optional];
  if (toInstall.length > 0) {
    const command = `apt-get update && apt-get install -y ${toInstall.join(" ")}`;
    if (isRoot()) {
      console.error(`setup: installing Debian packages: ${toInstall.join(" ")}`);
      const ok = await runVisible("sh", [
        "-c",
        `DEBIAN_FRONTEND=noninteractive ${command.replace("install -y", "install -y -q")}`,
      ]);
      if (!ok && missing.required.length > 0) {
        console.error(`setup: apt-get failed; run as root: ${command}`);
        return 1;
      }
    } else if (missing.required.length > 0) {
      console.error(
        `setup: the notebook tests need Debian's Jupyter packages and Chromium. Run:\n  sudo ${command}`,
      );
      return 1;
    } else {
      console.error(
        `setup: optional packages missing (benchmarks/browser test skip): sudo ${command}`,
      );
    }
  }
  if (!(await succeeds(DEBIAN_PYTHON, ["-m", "nbconvert", "--version"]))) {
    console.error(`setup: ${DEBIAN_PYTHON} -m nbconvert still unavailable`);
    return 1;
  }
  if (!(await classicNotebookPresent())) {
    console.error(
      `setup: Debian's classic Notebook (${DEBIAN_PYTHON} -m notebook, 6.x) still unavailable`,
    );
    return 1;
  }
  const installed = await new Deno.Command(Deno.execPath(), {
    args: ["jupyter", "--install", "--force"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!installed.success) {
    console.error(new TextDecoder().decode(installed.stderr));
    console.error("setup: deno jupyter --install failed");
    return 1;
  }
  console.error(
    "setup: Deno Jupyter kernel installed; nbconvert and the classic Notebook available",
  );
  return 0;
}

Deno.exit(await main());
