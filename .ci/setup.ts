/**
 * `deno task setup`: makes this machine able to run the whole test suite.
 * - Debian's Jupyter pieces (`python3-nbconvert python3-nbclient jupyter-client`) for headless notebooks,
 *   plus `python3-sklearn` (benchmark peer, train.py helpers), `chromium` (report rendering test) and
 *   `python3-pyflakes` (lint of `training/`; without it the gate only compiles the files).
 *   Installed with apt-get when running as root; otherwise the exact command is printed and setup fails.
 * - `deno jupyter --install` registers the Deno kernel.
 * Debian's interpreter is called by its path: the `python3` first on PATH may be another interpreter.
 */
const DEBIAN_PYTHON = "/usr/bin/python3";
const REQUIRED_PACKAGES = ["python3-nbconvert", "python3-nbclient", "jupyter-client"];
const OPTIONAL_PACKAGES = ["python3-sklearn", "chromium", "python3-pyflakes"];

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

async function missingPackages(): Promise<{ required: boolean; optional: string[] }> {
  const required = !(await succeeds(DEBIAN_PYTHON, ["-m", "nbconvert", "--version"]));
  const optional: string[] = [];
  const [sklearnPackage, chromiumPackage, pyflakesPackage] = OPTIONAL_PACKAGES;
  if (!(await succeeds(DEBIAN_PYTHON, ["-c", "import sklearn"]))) optional.push(sklearnPackage);
  if (!(await succeeds("sh", ["-c", "command -v chromium"]))) optional.push(chromiumPackage);
  if (!(await succeeds(DEBIAN_PYTHON, ["-m", "pyflakes", "--version"]))) {
    optional.push(pyflakesPackage);
  }
  return { required, optional };
}

async function main(): Promise<number> {
  const missing = await missingPackages();
  const toInstall = [...(missing.required ? REQUIRED_PACKAGES : []), ...missing.optional];
  if (toInstall.length > 0) {
    const command = `apt-get update && apt-get install -y ${toInstall.join(" ")}`;
    if (isRoot()) {
      console.error(`setup: installing Debian packages: ${toInstall.join(" ")}`);
      const ok = await runVisible("sh", [
        "-c",
        `DEBIAN_FRONTEND=noninteractive ${command.replace("install -y", "install -y -q")}`,
      ]);
      if (!ok && missing.required) {
        console.error(`setup: apt-get failed; run as root: ${command}`);
        return 1;
      }
    } else if (missing.required) {
      console.error(
        `setup: headless notebooks need Debian's Jupyter packages. Run:\n  sudo ${command}`,
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
  console.error("setup: Deno Jupyter kernel installed; nbconvert available");
  return 0;
}

Deno.exit(await main());
