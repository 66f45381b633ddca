/**
 * What bench/serve's scripts share: the grouped split and the model, servers as child processes (this
 * commit's `ade serve`, the baseline commit's, the Python peer, a profiling variant), wrk on loopback, the
 * server's CPU time from /proc and the machine's load average.
 */
import { exists, sha256Hex, writeFileAtomic, writeJsonAtomic } from "../../lib/core/mod.ts";
import { type Row } from "../../lib/data/mod.ts";
import { prepareGroupedSplit } from "../_grouped_split.ts";

export const here = new URL(".", import.meta.url).pathname;
export const root = new URL("../../", import.meta.url).pathname;
export const work = `${here}.work`;
export const DEBIAN_PYTHON = "/usr/bin/python3";
export const SEED = 42;
/** The commit whose endpoint is "today's": main before issue #15 changed the request path. */
export const BASELINE_COMMIT = Deno.env.get("BENCH_SERVE_BASELINE_COMMIT") ?? "53d2276";

/** One wrk run. */
export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
}

/** A server started as a child process. */
export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: Deno.ChildProcess;
}

/** One line of progress on stderr. */
export function log(message: string): void {
  console.error(`[bench/serve] ${message}`);
}

/** The machine's 1-minute load average (NaN where /proc/loadavg cannot be read). */
export function loadAverageNow(): number {
  try {
    return Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]);
  } catch {
    return NaN;
  }
}

/** The grouped split (seed 42, 20 % test) under `.work/data`, prepared once. */
export async function prepareData(): Promise<{ trainPath: string; testPath: string }> {
  const out = `${work}/data`;
  if (await exists(`${out}/manifest.json`)) {
    return { trainPath: `${out}/train.jsonl`, testPath: `${out}/test.jsonl` };
  }
  log("preparing the grouped split");
  const prepared = await prepareGroupedSplit(out, SEED);
  return { trainPath: prepared.trainPath, testPath: prepared.testPath };
}

/**
 * This commit's model under `.work/model`, trained by `ade train` (default hyperparameters, seed 42), so
 * that it holds what a user's model holds (the corpus evidence, the shift reference the endpoint's `/stats`
 * window reads). It is trained again whenever `lib/` differs from the code that trained it.
 */
export async function trainDenoModel(
  trainPath: string,
): Promise<{ modelDir: string; trainSeconds: number | null }> {
  const modelDir = `${work}/model`;
  const stampPath = `${work}/model.lib-sha256`;
  const stamp = await libDigest();
  if (await exists(`${modelDir}/model.json`)) {
    const trainedBy = await Deno.readTextFile(stampPath).catch(() => "");
    if (trainedBy === stamp) return { modelDir, trainSeconds: null };
    log("lib/ changed since the cached model was trained: training it again");
  }
  await Deno.remove(modelDir, { recursive: true }).catch(() => {});
  await Deno.remove(stampPath).catch(() => {});
  log("training the Deno model with ade train");
  const started = performance.now();
  await _run(Deno.execPath(), [
    "run",
    "-A",
    `${root}lib/cli/main.ts`,
    "train",
    "--train",
    trainPath,
    "--model-dir",
    modelDir,
    "--seed",
    String(SEED),
    "--store",
    `${work}/ade-train.sqlite`,
  ]);
  await Deno.writeTextFile(stampPath, stamp);
  return { modelDir, trainSeconds: (performance.now() - started) / 1000 };
}

/** SHA-256 over the paths and contents of every file under `lib/` (sorted), as hex. */
async function libDigest(): Promise<string> {
  const paths: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) paths.push(path);
    }
  };
  await walk(`${root}lib`);
  paths.sort();
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const path of paths) {
    parts.push(encoder.encode(`${path.slice(root.length)}\n`), await Deno.readFile(path));
  }
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return await sha256Hex(bytes);
}

async function _run(command: string, args: string[]): Promise<void> {
  const result = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" })
    .output();
  if (!result.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed:\n${new TextDecoder().decode(result.stderr)}`,
    );
  }
}

/**
 * The baseline commit's `lib/` and its classifier training script under `.work/baseline-<commit>`, and
 * a model trained by that code (so that it loads whatever format that commit reads).
 * @param trainPath the training split
 * @returns the folder holding `lib/` and the model folder
 */
export async function prepareBaseline(
  trainPath: string,
): Promise<{ dir: string; modelDir: string }> {
  const dir = `${work}/baseline-${BASELINE_COMMIT}`;
  const modelDir = `${dir}/model`;
  if (await exists(`${modelDir}/model.json`)) return { dir, modelDir };
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  log(`extracting ${BASELINE_COMMIT} (today's endpoint) and training its model`);
  await _run("git", [
    "-C",
    root,
    "archive",
    "--output",
    `${dir}/baseline.tar`,
    BASELINE_COMMIT,
    "lib",
    "bench/classifier/train.ts",
  ]);
  await _run("tar", ["-xf", `${dir}/baseline.tar`, "-C", dir]);
  await _run(Deno.execPath(), [
    "run",
    "-A",
    "--config",
    `${root}deno.json`,
    `${dir}/bench/classifier/train.ts`,
    trainPath,
    modelDir,
    String(SEED),
  ]);
  return { dir, modelDir };
}

/** Reads the child's stdout until it prints `listening on http://127.0.0.1:<port>`. */
export async function waitForUrl(
  child: Deno.ChildProcess,
  name: string,
  timeoutMs: number,
): Promise<string> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) =>
        timer = setTimeout(() => resolve(null), deadline - Date.now())
      ),
    ]);
    clearTimeout(timer);
    if (next === null || next.done) break;
    text += next.value;
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (match) {
      // Keep draining stdout so the child never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* discard */ }
      })().catch(() => {});
      return match[1];
    }
  }
  throw new Error(`${name} did not print its URL within ${timeoutMs} ms`);
}

/**
 * Starts a Deno program that prints `listening on URL` (stderr, the access log, is discarded like the
 * peer's).
 * @param name label
 * @param args `deno run` arguments after `run`
 * @param cpus pin the server to these CPUs (`taskset -c`), e.g. "0"
 * @returns the running server
 */
export async function startDenoProcess(
  name: string,
  args: string[],
  cpus?: string,
): Promise<ServerProcess> {
  const command = ["run", ...args];
  // taskset execs the program: the child's pid stays the server's (for its CPU time).
  const child = new Deno.Command(cpus ? "taskset" : Deno.execPath(), {
    args: cpus ? ["-c", cpus, Deno.execPath(), ...command] : command,
    cwd: root,
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  return { name, url: await waitForUrl(child, name, 180_000), pid: child.pid, child };
}

/** `ade serve` of this commit (`lib/cli/main.ts` under `libRoot`, default this repository), pinned to `cpus` if given. */
export function startAdeServe(
  name: string,
  modelDir: string,
  libRoot = root,
  cpus?: string,
): Promise<ServerProcess> {
  return startDenoProcess(name, [
    "-A",
    "--config",
    `${root}deno.json`,
    `${libRoot}lib/cli/main.ts`,
    "serve",
    "--model",
    modelDir,
    "--port",
    "0",
    "--store",
    `${work}/ade-${name}.sqlite`,
  ], cpus);
}

/** The Python peer (scikit-learn behind http.server), trained on the same split. */
export async function startPythonPeer(trainPath: string): Promise<ServerProcess> {
  const child = new Deno.Command(DEBIAN_PYTHON, {
    args: [`${here}python_peer.py`, trainPath],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  log("training the Python peer");
  return {
    name: "python",
    url: await waitForUrl(child, "python peer", 600_000),
    pid: child.pid,
    child,
  };
}

/** CPU seconds (user + system) the process has used, from /proc (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

function _toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value);
  if (!match) throw new Error(`cannot read wrk latency "${value}"`);
  const number = Number(match[1]);
  return match[2] === "us"
    ? number / 1000
    : match[2] === "ms"
    ? number
    : match[2] === "s"
    ? number * 1000
    : number * 60_000;
}

/**
 * One wrk run: POST the body file to `/invocations` as JSON.
 * @param url server base URL (127.0.0.1 only)
 * @param bodyPath request body
 * @param options duration, threads, connections; `cpus` pins wrk (`taskset -c`)
 * @returns requests, req/s, latency percentiles, errors
 */
export async function runWrk(
  url: string,
  bodyPath: string,
  options: { seconds: number; threads: number; connections: number; cpus?: string },
): Promise<WrkResult> {
  const script = `${work}/post-${crypto.randomUUID().slice(0, 8)}.lua`;
  await Deno.writeTextFile(
    script,
    `local file = io.open(${JSON.stringify(bodyPath)}, "rb")\n` +
      `wrk.method = "POST"\nwrk.body = file:read("*a")\nfile:close()\n` +
      `wrk.headers["Content-Type"] = "application/json"\n`,
  );
  try {
    if (!url.startsWith("http://127.0.0.1:")) throw new Error("wrk runs against 127.0.0.1 only");
    const output = await new Deno.Command(options.cpus ? "taskset" : "wrk", {
      args: [
        ...(options.cpus ? ["-c", options.cpus, "wrk"] : []),
        `-t${options.threads}`,
        `-c${options.connections}`,
        `-d${options.seconds}s`,
        "--timeout",
        "5s",
        "--latency",
        "-s",
        script,
        `${url}/invocations`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    if (!output.success) throw new Error(`wrk failed: ${new TextDecoder().decode(output.stderr)}`);
    const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(text);
    const percentile = (p: string) => {
      const match = new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(text);
      if (!match) throw new Error(`wrk printed no ${p}% latency:\n${text}`);
      return _toMs(match[1]);
    };
    if (!total) throw new Error(`cannot read wrk output:\n${text}`);
    const requests = Number(total[1]);
    const elapsedSeconds = _toMs(`${total[2]}${total[3]}`) / 1000;
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
      text,
    );
    return {
      requests,
      seconds: elapsedSeconds,
      requestsPerSecond: requests / elapsedSeconds,
      p50Ms: percentile("50"),
      p90Ms: percentile("90"),
      p99Ms: percentile("99"),
      non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
      socketErrors: socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0,
    };
  } finally {
    await Deno.remove(script).catch(() => {});
  }
}

/** Stops a server and returns its exit code. */
export async function stopServer(server: ServerProcess, signal: Deno.Signal): Promise<number> {
  try {
    server.child.kill(signal);
  } catch { /* already gone */ }
  return (await server.child.status).code;
}

/** The median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The request bodies: one median-length test sentence, and the first 100 test sentences. */
export async function writeBodies(
  testRows: Row[],
): Promise<{ bodies: Record<string, string>; paths: Record<string, string> }> {
  const byLength = [...testRows].sort((a, b) => a.text.length - b.text.length);
  const single = byLength[Math.floor(byLength.length / 2)].text;
  const bodies: Record<string, string> = {
    "1 sentence": JSON.stringify({ inputs: single }),
    "100 sentences": JSON.stringify({ inputs: testRows.slice(0, 100).map((row) => row.text) }),
  };
  const paths: Record<string, string> = {};
  for (const [name, body] of Object.entries(bodies)) {
    paths[name] = `${work}/body-${name.replace(/\s+/g, "-")}.json`;
    await Deno.writeTextFile(paths[name], body);
  }
  return { bodies, paths };
}

/** One measured wrk run against a server: wrk's numbers, the server's CPU time, the load after it. */
export interface MeasuredRun {
  wrk: WrkResult;
  /** Server CPU seconds (user + system) during the run. */
  cpuSeconds: number;
  /** The machine's 1-minute load average right after the run. */
  loadAverage: number;
}

/**
 * Runs wrk against a server (after `warmupSeconds` of unmeasured load, if any) and reads the server's
 * CPU time around the measured run.
 * @param server the running server
 * @param bodyPath the request body
 * @param options wrk's duration, threads, connections and CPUs; the warm-up
 * @returns wrk's result, the server's CPU seconds, the load average after
 */
export async function measureServer(
  server: ServerProcess,
  bodyPath: string,
  options: Parameters<typeof runWrk>[2] & { warmupSeconds?: number },
): Promise<MeasuredRun> {
  const { warmupSeconds, ...load } = options;
  if (warmupSeconds) await runWrk(server.url, bodyPath, { ...load, seconds: warmupSeconds });
  const before = await cpuSeconds(server.pid);
  const wrk = await runWrk(server.url, bodyPath, load);
  return {
    wrk,
    cpuSeconds: (await cpuSeconds(server.pid)) - before,
    loadAverage: loadAverageNow(),
  };
}

/**
 * Writes `BASE.json` and `BASE.md` (each whole or not at all) in the repository's format (`deno fmt`:
 * the committed results are checked by the tests' fmt step).
 * @param base path without the extension
 * @param json the results
 * @param markdown their report
 */
export async function writeResults(base: string, json: unknown, markdown: string): Promise<void> {
  await writeJsonAtomic(`${base}.json`, json);
  await writeFileAtomic(`${base}.md`, markdown);
  await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", `${base}.json`, `${base}.md`],
    cwd: root,
  }).output();
}
