/**
 * bench/serve: requests per second and p50/p99 latency of the local endpoint (`ade serve`, the real
 * hashed TF-IDF model trained on the grouped split) against two peers in the same run, on loopback:
 * today's endpoint (`ade serve` of the baseline commit, `BENCH_SERVE_BASELINE_COMMIT`, default main
 * before issue #15, with a model trained by that commit's code) and a Python peer (scikit-learn word+char
 * TF-IDF + LinearSVC behind `http.server`'s ThreadingHTTPServer, same training split, same /invocations
 * contract). Load: `wrk` with a fixed duration, 2 threads, 16 connections, 127.0.0.1 only. Scenarios:
 * 1-sentence and 100-sentence JSON requests; the servers' runs rotate. The machine's load average is
 * recorded after every run. Where the time of a request goes: `profile.ts`.
 *
 * Usage: `deno run -A bench/serve/run.ts [--duration 8] [--connections 16] [--threads 2] [--rounds 2]`
 * (`--render-only` rewrites results.md from results.json).
 * Writes bench/serve/results.json and bench/serve/results.md; working files in bench/serve/.work/.
 */
import { parseArgs } from "node:util";
import { readJsonl, writeFileAtomic } from "../../lib/core/mod.ts";
import type { Row } from "../../lib/data/mod.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";
import { invokeEndpoint } from "../../lib/serve/mod.ts";
import {
  BASELINE_COMMIT,
  here,
  log,
  measureServer,
  median,
  prepareBaseline,
  prepareData,
  root,
  runWrk,
  type ServerProcess,
  startAdeServe,
  startPythonPeer,
  stopServer,
  trainDenoModel,
  work,
  writeBodies,
  writeResults,
  type WrkResult,
} from "./_bench_servers.ts";
import { loadAverage } from "../_load_average.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    duration: { type: "string", default: "8" },
    connections: { type: "string", default: "16" },
    threads: { type: "string", default: "2" },
    rounds: { type: "string", default: "2" },
    "render-only": { type: "boolean", default: false },
  },
});
const durationSeconds = Number(flags.duration);
const connections = Number(flags.connections);
const threads = Number(flags.threads);
const rounds = Number(flags.rounds);
const SERVERS = ["deno", "today", "python"] as const;

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

async function main(): Promise<void> {
  await Deno.mkdir(work, { recursive: true });
  const loadAtStart = loadAverage();
  const { trainPath, testPath } = await prepareData();
  const trainRows = await readJsonl<Row>(trainPath);
  const testRows = await readJsonl<Row>(testPath);
  const { modelDir, trainSeconds } = await trainDenoModel(trainPath);
  const baseline = await prepareBaseline(trainPath);
  const { bodies, paths: bodyPaths } = await writeBodies(testRows);

  const servers: ServerProcess[] = [];
  try {
    servers.push(await startAdeServe("deno", modelDir));
    servers.push(await startAdeServe("today", baseline.modelDir, `${baseline.dir}/`));
    servers.push(await startPythonPeer(trainPath));

    log("checking every server on the test split");
    const quality: Record<string, { f1: number; labels: string[] }> = {};
    for (const server of servers) {
      quality[server.name] = await scoreThroughEndpoint(server.url, testRows);
    }
    const agreement = (a: string, b: string) =>
      quality[a].labels.filter((label, i) => label === quality[b].labels[i]).length /
      testRows.length;

    const measurements: Array<
      & { server: string; scenario: string; round: number; cpuSeconds: number; loadAverage: number }
      & WrkResult
    > = [];
    const load = { seconds: durationSeconds, threads, connections };
    for (const scenario of Object.keys(bodies)) {
      for (const server of servers) {
        await runWrk(server.url, bodyPaths[scenario], { ...load, seconds: 2 }); // warm-up
      }
      for (let round = 1; round <= rounds; round++) {
        // Rotate the order, so that no server always runs first (or right after the heaviest one).
        const order = servers.map((_, i) => servers[(i + round - 1) % servers.length]);
        for (const server of order) {
          const measured = await measureServer(server, bodyPaths[scenario], load);
          const { wrk: result, cpuSeconds: cpu, loadAverage: loadAverageAfter } = measured;
          log(
            `${server.name} ${scenario} round ${round}: ${
              result.requestsPerSecond.toFixed(0)
            } req/s, ` +
              `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
              `non-2xx ${result.non2xx}, load ${loadAverageAfter}`,
          );
          measurements.push({
            server: server.name,
            scenario,
            round,
            cpuSeconds: cpu,
            loadAverage: loadAverageAfter,
            ...result,
          });
        }
      }
    }

    const exitCodes: Record<string, number> = {};
    for (const server of servers) exitCodes[server.name] = await stopServer(server, "SIGTERM");
    servers.length = 0;

    const summary = Object.keys(bodies).flatMap((scenario) =>
      SERVERS.map((server) => {
        const runs = measurements.filter((m) => m.server === server && m.scenario === scenario);
        const requests = runs.reduce((sum, m) => sum + m.requests, 0);
        const seconds = runs.reduce((sum, m) => sum + m.seconds, 0);
        const cpu = runs.reduce((sum, m) => sum + m.cpuSeconds, 0);
        const textsPerRequest = scenario === "1 sentence" ? 1 : 100;
        return {
          server,
          scenario,
          requestsPerSecond: requests / seconds,
          sentencesPerSecond: (requests / seconds) * textsPerRequest,
          // Per-round medians of the wrk percentiles (wrk reports them per run).
          p50Ms: median(runs.map((m) => m.p50Ms)),
          p99Ms: median(runs.map((m) => m.p99Ms)),
          worstP99Ms: Math.max(...runs.map((m) => m.p99Ms)),
          cpuMsPerRequest: (cpu * 1000) / requests,
          loadAverages: runs.map((m) => m.loadAverage),
          errors: runs.reduce((sum, m) => sum + m.non2xx + m.socketErrors, 0),
        };
      })
    );
    const find = (server: string, scenario: string) =>
      summary.find((s) => s.server === server && s.scenario === scenario)!;
    const single = find("deno", "1 sentence");
    const hundred = find("deno", "100 sentences");
    const targets = {
      singleAtLeast10000PerSecond: single.requestsPerSecond >= 10_000,
      singleP99Under10Ms: single.p99Ms < 10,
      aheadOfTodaySingle: single.requestsPerSecond > find("today", "1 sentence").requestsPerSecond,
      aheadOfPythonSingle:
        single.requestsPerSecond > find("python", "1 sentence").requestsPerSecond,
      aheadOfPython100: hundred.requestsPerSecond >
        find("python", "100 sentences").requestsPerSecond,
    };
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: navigator.hardwareConcurrency,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadAverage(),
        deno: Deno.version.deno,
        note: `load generator (wrk, ${threads} threads) and servers share the machine's cores`,
      },
      load: { tool: "wrk", threads, connections, durationSeconds, rounds, warmupSeconds: 2 },
      baselineCommit: BASELINE_COMMIT,
      model: {
        deno: {
          modelDir: modelDir.replace(root, ""),
          trainSeconds,
          hyperparameters: DEFAULT_HYPERPARAMETERS,
        },
        today: `the default model of ${BASELINE_COMMIT}, trained by that commit's code`,
        python:
          "TfidfVectorizer word 1-2 + char_wb 2-5 (sublinear tf) + LinearSVC(C=1), sigmoid of the margin",
        trainRows: trainRows.length,
        testRows: testRows.length,
        testF1: Object.fromEntries(Object.entries(quality).map(([name, q]) => [name, q.f1])),
        labelAgreement: { today: agreement("deno", "today"), python: agreement("deno", "python") },
      },
      requestBytes: Object.fromEntries(
        Object.entries(bodies).map(([name, body]) => [name, new TextEncoder().encode(body).length]),
      ),
      summary,
      ratios: {
        singleRequestsPerSecondDenoOverToday: single.requestsPerSecond /
          find("today", "1 sentence").requestsPerSecond,
        hundredRequestsPerSecondDenoOverToday: hundred.requestsPerSecond /
          find("today", "100 sentences").requestsPerSecond,
        singleRequestsPerSecondDenoOverPython: single.requestsPerSecond /
          find("python", "1 sentence").requestsPerSecond,
        hundredRequestsPerSecondDenoOverPython: hundred.requestsPerSecond /
          find("python", "100 sentences").requestsPerSecond,
      },
      targets,
      shutdown: { exitCodesAfterSigterm: exitCodes },
      measurements,
    };
    await writeResults(`${here}results`, results, renderMarkdown(results));
    console.log(renderMarkdown(results));
  } finally {
    for (const server of servers) await stopServer(server, "SIGKILL").catch(() => {});
  }
}

// deno-lint-ignore no-explicit-any
function renderMarkdown(results: any): string {
  const find = (server: string, scenario: string) =>
    results.summary.find((s: { server: string; scenario: string }) =>
      s.server === server && s.scenario === scenario
    );
  const label: Record<string, string> = {
    deno: "deno (this commit)",
    today: `deno today (${results.baselineCommit})`,
    python: "python",
  };
  const rows = results.summary.map((s: Record<string, number | string | number[]>) =>
    `| ${label[s.server as string]} | ${s.scenario} | ${Number(s.requestsPerSecond).toFixed(0)} | ${
      Number(s.sentencesPerSecond).toFixed(0)
    } | ${Number(s.p50Ms).toFixed(2)} | ${Number(s.p99Ms).toFixed(2)} | ${
      Number(s.worstP99Ms).toFixed(2)
    } | ${Number(s.cpuMsPerRequest).toFixed(3)} | ${
      (s.loadAverages as number[]).map((l) => l.toFixed(2)).join(", ")
    } | ${s.errors} |`
  ).join("\n");
  const yesNo = (value: boolean) => value ? "met" : "NOT met";
  const single = find("deno", "1 sentence");
  return `# bench/serve results

Run ${results.date} on ${results.machine.cpus} CPUs (load average ${results.machine.loadAverageAtStart} at the start, ${results.machine.loadAverageAtEnd} at the end; the machine is shared, and wrk shares the cores with the servers). Deno ${results.machine.deno}.
Load: wrk, ${results.load.threads} threads, ${results.load.connections} connections, ${results.load.durationSeconds} s per run, ${results.load.rounds} rounds per server and scenario (rotating order), 2 s warm-up; 127.0.0.1 only.
"Today" is \`ade serve\` at commit \`${results.baselineCommit}\` (before issue #15) with the default model that commit trains.

| server | request | req/s | sentences/s | p50 ms | p99 ms (median of rounds) | worst p99 ms | server CPU ms / request | load average after each run | errors |
|---|---|---:|---:|---:|---:|---:|---:|---|---:|
${rows}

Server CPU per request is the steadier number on a busy machine: ${
    single.cpuMsPerRequest.toFixed(3)
  } ms for this commit's single-sentence requests means at most ~${
    Math.round(1000 / single.cpuMsPerRequest)
  } req/s from its one JavaScript thread, whatever the load generator does. Where that time goes: [profile.md](profile.md).

Ratios (requests per second): this commit / today: 1 sentence ${
    results.ratios.singleRequestsPerSecondDenoOverToday.toFixed(2)
  }x, 100 sentences ${
    results.ratios.hundredRequestsPerSecondDenoOverToday.toFixed(2)
  }x; this commit / Python: 1 sentence ${
    results.ratios.singleRequestsPerSecondDenoOverPython.toFixed(2)
  }x, 100 sentences ${results.ratios.hundredRequestsPerSecondDenoOverPython.toFixed(2)}x.

Targets (issue #15): >= 10,000 single-sentence req/s: ${
    yesNo(results.targets.singleAtLeast10000PerSecond)
  }; p99 < 10 ms: ${yesNo(results.targets.singleP99Under10Ms)}; ahead of today (1 sentence): ${
    yesNo(results.targets.aheadOfTodaySingle)
  }; ahead of Python (1 sentence): ${
    yesNo(results.targets.aheadOfPythonSingle)
  }; ahead of Python (100 sentences): ${yesNo(results.targets.aheadOfPython100)}.

Models (same grouped training split, ${results.model.trainRows} rows; test ${results.model.testRows} rows):
test F1 through the endpoint: this commit ${results.model.testF1.deno.toFixed(3)}, today ${
    results.model.testF1.today.toFixed(3)
  }, Python peer (${results.model.python}) ${
    results.model.testF1.python.toFixed(3)
  }; label agreement with this commit: today ${
    (results.model.labelAgreement.today * 100).toFixed(1)
  }%, Python ${(results.model.labelAgreement.python * 100).toFixed(1)}%.
Exit codes after SIGTERM: ${
    Object.entries(results.shutdown.exitCodesAfterSigterm).map(([name, code]) => `${name} ${code}`)
      .join(", ")
  }.
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
