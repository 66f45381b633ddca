/**
 * bench/serve: requests per second and p50/p99 latency of the local endpoint (`ade serve`, the real
 * TF-IDF model trained on the grouped split) against a Python peer (scikit-learn word+char TF-IDF +
 * LinearSVC behind `http.server`'s ThreadingHTTPServer, same training split, same /invocations contract),
 * in the same run, on loopback. Load: `wrk` with a fixed duration, fixed connections, 127.0.0.1 only.
 * Scenarios: 1-sentence and 100-sentence JSON requests; Deno and Python runs alternate.
 *
 * Usage: `deno run -A bench/serve/run.ts [--duration 8] [--connections 16] [--rounds 2]`
 * (`--render-only` rewrites results.md from results.json).
 * Writes bench/serve/results.json and bench/serve/results.md; working files in bench/serve/.work/.
 */
import { parseArgs } from "node:util";
import { exists, readJsonl, writeFileAtomic, writeJsonAtomic } from "../../lib/core/mod.ts";
import { defaultCorpusSource, prepareDataset, type Row } from "../../lib/data/mod.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import {
  DEFAULT_HYPERPARAMETERS,
  loadModel,
  saveModel,
  TextClassifier,
} from "../../lib/models/mod.ts";
import { invokeEndpoint } from "../../lib/serve/mod.ts";

const here = new URL(".", import.meta.url).pathname;
const root = new URL("../../", import.meta.url).pathname;
const work = `${here}.work`;
const DEBIAN_PYTHON = "/usr/bin/python3";
const SEED = 42;

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    duration: { type: "string", default: "8" },
    connections: { type: "string", default: "16" },
    rounds: { type: "string", default: "2" },
    "render-only": { type: "boolean", default: false },
  },
});
const durationSeconds = Number(flags.duration);
const connections = Number(flags.connections);
const rounds = Number(flags.rounds);

interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
}

interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: Deno.ChildProcess;
}

function log(message: string): void {
  console.error(`[bench/serve] ${message}`);
}

async function prepareData(): Promise<{ trainPath: string; testPath: string }> {
  const out = `${work}/data`;
  if (await exists(`${out}/manifest.json`)) {
    return { trainPath: `${out}/train.jsonl`, testPath: `${out}/test.jsonl` };
  }
  log("preparing the grouped split");
  const prepared = await prepareDataset({
    source: defaultCorpusSource(),
    split: "grouped",
    seed: SEED,
    testSize: 0.2,
    out,
    quiet: true,
  });
  return { trainPath: prepared.trainPath, testPath: prepared.testPath };
}

async function trainDenoModel(
  trainRows: Row[],
): Promise<{ modelDir: string; trainSeconds: number | null }> {
  const modelDir = `${work}/model`;
  if (await exists(modelDir)) {
    try {
      await loadModel(modelDir);
      return { modelDir, trainSeconds: null };
    } catch {
      log("the cached model no longer loads: training it again");
      await Deno.remove(modelDir, { recursive: true });
    }
  }
  log(`training the Deno model on ${trainRows.length} rows`);
  const started = performance.now();
  const model = TextClassifier.fit(
    trainRows.map((row) => row.text),
    trainRows.map((row) => row.label),
    { ...DEFAULT_HYPERPARAMETERS },
    { seed: SEED, groups: trainRows.map((row) => row.pmid) },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  await saveModel(model, modelDir, { trainingDataSha256: "bench", seed: SEED });
  return { modelDir, trainSeconds };
}

async function waitForUrl(
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

async function startDenoServer(modelDir: string): Promise<ServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${root}lib/cli/main.ts`,
      "serve",
      "--model",
      modelDir,
      "--port",
      "0",
      "--store",
      `${work}/ade.sqlite`,
    ],
    cwd: root,
    stdout: "piped",
    stderr: "null", // the access log: one line per request, discarded like the peer's
    env: { NO_COLOR: "1" },
  }).spawn();
  return {
    name: "deno",
    url: await waitForUrl(child, "deno server", 120_000),
    pid: child.pid,
    child,
  };
}

async function startPythonPeer(trainPath: string): Promise<ServerProcess> {
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
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

function toMs(value: string): number {
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

async function runWrk(url: string, bodyPath: string, seconds: number): Promise<WrkResult> {
  const script = `${work}/post-${crypto.randomUUID().slice(0, 8)}.lua`;
  await Deno.writeTextFile(
    script,
    `local file = io.open(${JSON.stringify(bodyPath)}, "rb")\n` +
      `wrk.method = "POST"\nwrk.body = file:read("*a")\nfile:close()\n` +
      `wrk.headers["Content-Type"] = "application/json"\n`,
  );
  try {
    if (!url.startsWith("http://127.0.0.1:")) throw new Error("wrk runs against 127.0.0.1 only");
    const output = await new Deno.Command("wrk", {
      args: [
        "-t1",
        `-c${connections}`,
        `-d${seconds}s`,
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
      return toMs(match[1]);
    };
    if (!total) throw new Error(`cannot read wrk output:\n${text}`);
    const requests = Number(total[1]);
    const elapsedSeconds = toMs(`${total[2]}${total[3]}`) / 1000;
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

/** Test-set F1 of a server, through its /invocations, 100 sentences a request. */
async function scoreThroughEndpoint(
  url: string,
  testRows: Row[],
): Promise<{ f1: number; labels: string[] }> {
  const labels: string[] = [];
  const scores: number[] = [];
  for (let start = 0; start < testRows.length; start += 100) {
    const batch = testRows.slice(start, start + 100).map((row) => row.text);
    const { predictions } = await invokeEndpoint({ endpoint: url, texts: batch });
    for (const prediction of predictions) {
      labels.push(prediction.label);
      scores.push(prediction.label === "Adverse_Event" ? 1 : 0);
    }
  }
  const metrics = computeMetrics(testRows.map((row) => row.label), scores, 0.5);
  return { f1: metrics.f1, labels };
}

async function stop(server: ServerProcess, signal: Deno.Signal): Promise<number> {
  try {
    server.child.kill(signal);
  } catch { /* already gone */ }
  const status = await server.child.status;
  return status.code;
}

async function main(): Promise<void> {
  await Deno.mkdir(work, { recursive: true });
  const { trainPath, testPath } = await prepareData();
  const trainRows = await readJsonl<Row>(trainPath);
  const testRows = await readJsonl<Row>(testPath);
  const { modelDir, trainSeconds } = await trainDenoModel(trainRows);

  // Request bodies: one median-length test sentence; the first 100 test sentences.
  const byLength = [...testRows].sort((a, b) => a.text.length - b.text.length);
  const single = byLength[Math.floor(byLength.length / 2)].text;
  const bodies = {
    "1 sentence": JSON.stringify({ inputs: single }),
    "100 sentences": JSON.stringify({ inputs: testRows.slice(0, 100).map((row) => row.text) }),
  };
  const bodyPaths: Record<string, string> = {};
  for (const [name, body] of Object.entries(bodies)) {
    bodyPaths[name] = `${work}/body-${name.replace(/\s+/g, "-")}.json`;
    await Deno.writeTextFile(bodyPaths[name], body);
  }

  const servers: ServerProcess[] = [];
  try {
    servers.push(await startDenoServer(modelDir));
    servers.push(await startPythonPeer(trainPath));
    const [deno, python] = servers;

    log("checking both servers on the test split");
    const denoQuality = await scoreThroughEndpoint(deno.url, testRows);
    const pythonQuality = await scoreThroughEndpoint(python.url, testRows);
    const agreement = denoQuality.labels.filter((label, i) => label === pythonQuality.labels[i])
      .length / testRows.length;

    const measurements: Array<
      { server: string; scenario: string; round: number; cpuSeconds: number } & WrkResult
    > = [];
    for (const scenario of Object.keys(bodies)) {
      for (const server of servers) await runWrk(server.url, bodyPaths[scenario], 2); // warm-up
      for (let round = 1; round <= rounds; round++) {
        const order = round % 2 === 1 ? servers : [...servers].reverse();
        for (const server of order) {
          const cpuBefore = await cpuSeconds(server.pid);
          const result = await runWrk(server.url, bodyPaths[scenario], durationSeconds);
          const cpu = (await cpuSeconds(server.pid)) - cpuBefore;
          log(
            `${server.name} ${scenario} round ${round}: ${
              result.requestsPerSecond.toFixed(0)
            } req/s, ` +
              `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
              `non-2xx ${result.non2xx}`,
          );
          measurements.push({ server: server.name, scenario, round, cpuSeconds: cpu, ...result });
        }
      }
    }

    const denoExit = await stop(deno, "SIGTERM");
    const pythonExit = await stop(python, "SIGTERM");
    servers.length = 0;

    const summary = Object.keys(bodies).flatMap((scenario) =>
      ["deno", "python"].map((server) => {
        const runs = measurements.filter((m) => m.server === server && m.scenario === scenario);
        const requests = runs.reduce((sum, m) => sum + m.requests, 0);
        const seconds = runs.reduce((sum, m) => sum + m.seconds, 0);
        const cpu = runs.reduce((sum, m) => sum + m.cpuSeconds, 0);
        return {
          server,
          scenario,
          requestsPerSecond: requests / seconds,
          // Per-round medians of the wrk percentiles (wrk reports them per run).
          p50Ms: median(runs.map((m) => m.p50Ms)),
          p99Ms: median(runs.map((m) => m.p99Ms)),
          worstP99Ms: Math.max(...runs.map((m) => m.p99Ms)),
          cpuMsPerRequest: (cpu * 1000) / requests,
          errors: runs.reduce((sum, m) => sum + m.non2xx + m.socketErrors, 0),
        };
      })
    );
    const find = (server: string, scenario: string) =>
      summary.find((s) => s.server === server && s.scenario === scenario)!;
    const denoSingle = find("deno", "1 sentence");
    const pythonSingle = find("python", "1 sentence");
    const targets = {
      singleAtLeast2000PerSecond: denoSingle.requestsPerSecond >= 2000,
      singleP99Under20Ms: denoSingle.p99Ms < 20,
      aheadOfPythonSingle: denoSingle.requestsPerSecond > pythonSingle.requestsPerSecond,
      aheadOfPython100: find("deno", "100 sentences").requestsPerSecond >
        find("python", "100 sentences").requestsPerSecond,
    };
    const loadAverage = (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).map(
      Number,
    );
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: navigator.hardwareConcurrency,
        loadAverageAtEnd: loadAverage,
        deno: Deno.version.deno,
        note: "load generator (wrk, 1 thread) and server share the machine's cores",
      },
      load: { tool: "wrk", threads: 1, connections, durationSeconds, rounds, warmupSeconds: 2 },
      model: {
        deno: {
          modelDir: modelDir.replace(root, ""),
          trainSeconds,
          hyperparameters: DEFAULT_HYPERPARAMETERS,
        },
        python:
          "TfidfVectorizer word 1-2 + char_wb 2-5 (sublinear tf) + LinearSVC(C=1), sigmoid of the margin",
        trainRows: trainRows.length,
        testRows: testRows.length,
        testF1: { deno: denoQuality.f1, python: pythonQuality.f1 },
        labelAgreement: agreement,
      },
      requestBytes: Object.fromEntries(
        Object.entries(bodies).map(([name, body]) => [name, new TextEncoder().encode(body).length]),
      ),
      summary,
      ratios: {
        singleRequestsPerSecondDenoOverPython: denoSingle.requestsPerSecond /
          pythonSingle.requestsPerSecond,
        hundredRequestsPerSecondDenoOverPython: find("deno", "100 sentences").requestsPerSecond /
          find("python", "100 sentences").requestsPerSecond,
      },
      targets,
      shutdown: { denoExitCodeAfterSigterm: denoExit, pythonExitCode: pythonExit },
      measurements,
    };
    await writeJsonAtomic(`${here}results.json`, results);
    await writeFileAtomic(`${here}results.md`, renderMarkdown(results));
    // Keep the committed results in the repository's format (`deno fmt --check` is part of the tests).
    await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", `${here}results.json`, `${here}results.md`],
      cwd: root,
    }).output();
    console.log(renderMarkdown(results));
  } finally {
    for (const server of servers) await stop(server, "SIGKILL").catch(() => {});
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// deno-lint-ignore no-explicit-any
function renderMarkdown(results: any): string {
  const find = (server: string, scenario: string) =>
    results.summary.find((s: { server: string; scenario: string }) =>
      s.server === server && s.scenario === scenario
    );
  const rows = results.summary.map((s: Record<string, number | string>) =>
    `| ${s.server} | ${s.scenario} | ${Number(s.requestsPerSecond).toFixed(0)} | ${
      Number(s.p50Ms).toFixed(2)
    } | ${Number(s.p99Ms).toFixed(2)} | ${Number(s.worstP99Ms).toFixed(2)} | ${
      Number(s.cpuMsPerRequest).toFixed(3)
    } | ${s.errors} |`
  ).join("\n");
  const yesNo = (value: boolean) => value ? "met" : "NOT met";
  return `# bench/serve results

Run ${results.date} on ${results.machine.cpus} CPUs (load average at the end: ${
    results.machine.loadAverageAtEnd.join(", ")
  }; the machine is shared, and wrk shares the cores with the server). Deno ${results.machine.deno}.
Load: wrk, 1 thread, ${results.load.connections} connections, ${results.load.durationSeconds} s per run, ${results.load.rounds} rounds per server and scenario (alternating order), 2 s warm-up; 127.0.0.1 only.

| server | request | req/s | p50 ms | p99 ms (median of rounds) | worst p99 ms | server CPU ms / request | errors |
|---|---|---:|---:|---:|---:|---:|---:|
${rows}

Server CPU per request is the steadier number on a busy machine: ${
    find("deno", "1 sentence").cpuMsPerRequest.toFixed(3)
  } ms for Deno's single-sentence requests means at most ~${
    Math.round(1000 / find("deno", "1 sentence").cpuMsPerRequest)
  } req/s from its one JavaScript thread, whatever the load generator does.

Ratios (Deno / Python, requests per second): 1 sentence ${
    results.ratios.singleRequestsPerSecondDenoOverPython.toFixed(2)
  }x, 100 sentences ${results.ratios.hundredRequestsPerSecondDenoOverPython.toFixed(2)}x.

Targets: >= 2,000 single-sentence req/s: ${
    yesNo(results.targets.singleAtLeast2000PerSecond)
  }; p99 < 20 ms: ${yesNo(results.targets.singleP99Under20Ms)}; ahead of Python (1 sentence): ${
    yesNo(results.targets.aheadOfPythonSingle)
  }; ahead of Python (100 sentences): ${yesNo(results.targets.aheadOfPython100)}.

Models (same grouped training split, ${results.model.trainRows} rows; test ${results.model.testRows} rows):
Deno TF-IDF model test F1 ${
    results.model.testF1.deno.toFixed(3)
  }, Python peer (${results.model.python}) test F1 ${
    results.model.testF1.python.toFixed(3)
  }; label agreement ${(results.model.labelAgreement * 100).toFixed(1)}%.
Deno server exit code after SIGTERM: ${results.shutdown.denoExitCodeAfterSigterm}.
`;
}

async function renderOnly(): Promise<void> {
  const results = JSON.parse(await Deno.readTextFile(`${here}results.json`));
  await writeFileAtomic(`${here}results.md`, renderMarkdown(results));
  await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", `${here}results.md`],
    cwd: root,
  }).output();
}

if (import.meta.main) await (flags["render-only"] ? renderOnly() : main());
