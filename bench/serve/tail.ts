/**
 * bench/serve/tail.ts: where the single-sentence p99 comes from on a 2-core machine, where wrk and the
 * server share the cores. This commit's `ade serve` and today's (the baseline commit's) answer the same
 * 1-sentence requests (16 connections, 127.0.0.1) under three loads in the same run: wrk with 2 threads
 * (the load, as `run.ts`), wrk with 1 thread, and wrk with 1 thread pinned to CPU 1 while the
 * server is pinned to CPU 0 (`taskset`), so that the two never take each other's core. The servers and
 * loads rotate between rounds; the server's CPU time per request and the load average are recorded.
 *
 * Usage: `deno run -A bench/serve/tail.ts [--duration 8] [--rounds 2]`; writes tail.json and tail.md
 * next to this file.
 */
import { parseArgs } from "node:util";
import { readJsonl } from "../../lib/core/mod.ts";
import type { Row } from "../../lib/data/mod.ts";
import {
  BASELINE_COMMIT,
  here,
  log,
  measureServer,
  median,
  prepareBaseline,
  prepareData,
  root,
  type ServerProcess,
  startAdeServe,
  stopServer,
  trainDenoModel,
  writeBodies,
  writeResults,
} from "./_bench_servers.ts";
import { loadAverage } from "../_load_average.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    duration: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
  },
});
const seconds = Number(flags.duration);
const rounds = Number(flags.rounds);
const CONNECTIONS = 16;

/** The loads: wrk's threads, and the CPUs of the server and of wrk (unpinned when absent). */
const LOADS = [
  { name: "wrk 2 threads", threads: 2 },
  { name: "wrk 1 thread", threads: 1 },
  { name: "wrk 1 thread on CPU 1, server on CPU 0", threads: 1, serverCpus: "0", wrkCpus: "1" },
] as const;

interface TailRun {
  server: string;
  load: string;
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  cpuMicrosecondsPerRequest: number;
  loadAverage: number;
  errors: number;
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const { trainPath, testPath } = await prepareData();
  const testRows = await readJsonl<Row>(testPath);
  const { modelDir } = await trainDenoModel(trainPath);
  const baseline = await prepareBaseline(trainPath);
  const { paths } = await writeBodies(testRows);
  const servers = [
    { name: "deno", start: (cpus?: string) => startAdeServe("deno", modelDir, root, cpus) },
    {
      name: "today",
      start: (cpus?: string) => startAdeServe("today", baseline.modelDir, `${baseline.dir}/`, cpus),
    },
  ];
  const runs: TailRun[] = [];
  for (let round = 1; round <= rounds; round++) {
    const serverOrder = round % 2 === 1 ? servers : [...servers].reverse();
    for (const { name, start } of serverOrder) {
      const loadOrder = LOADS.map((_, i) => LOADS[(i + round - 1) % LOADS.length]);
      for (const load of loadOrder) {
        const serverCpus = "serverCpus" in load ? load.serverCpus : undefined;
        const wrkCpus = "wrkCpus" in load ? load.wrkCpus : undefined;
        const server: ServerProcess = await start(serverCpus);
        try {
          const { wrk, cpuSeconds, loadAverage } = await measureServer(
            server,
            paths["1 sentence"],
            {
              threads: load.threads,
              connections: CONNECTIONS,
              seconds,
              warmupSeconds: 2,
              ...(wrkCpus ? { cpus: wrkCpus } : {}),
            },
          );
          const run: TailRun = {
            server: name,
            load: load.name,
            round,
            requestsPerSecond: wrk.requestsPerSecond,
            p50Ms: wrk.p50Ms,
            p90Ms: wrk.p90Ms,
            p99Ms: wrk.p99Ms,
            cpuMicrosecondsPerRequest: (cpuSeconds * 1e6) / wrk.requests,
            loadAverage,
            errors: wrk.non2xx + wrk.socketErrors,
          };
          runs.push(run);
          log(
            `tail ${name} / ${load.name} round ${round}: ${
              run.requestsPerSecond.toFixed(0)
            } req/s, ` +
              `p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms, ` +
              `${run.cpuMicrosecondsPerRequest.toFixed(1)} µs CPU/request, load ${run.loadAverage}`,
          );
        } finally {
          await stopServer(server, "SIGKILL");
        }
      }
    }
  }
  const summary = servers.flatMap(({ name }) =>
    LOADS.map((load) => {
      const mine = runs.filter((run) => run.server === name && run.load === load.name);
      return {
        server: name,
        load: load.name,
        requestsPerSecond: median(mine.map((run) => run.requestsPerSecond)),
        p50Ms: median(mine.map((run) => run.p50Ms)),
        p90Ms: median(mine.map((run) => run.p90Ms)),
        p99Ms: median(mine.map((run) => run.p99Ms)),
        worstP99Ms: Math.max(...mine.map((run) => run.p99Ms)),
        cpuMicrosecondsPerRequest: median(mine.map((run) => run.cpuMicrosecondsPerRequest)),
        loadAverages: mine.map((run) => run.loadAverage),
        errors: mine.reduce((sum, run) => sum + run.errors, 0),
      };
    })
  );
  const tail = {
    date: new Date().toISOString(),
    machine: {
      cpus: navigator.hardwareConcurrency,
      deno: Deno.version.deno,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
    },
    load: { tool: "wrk", connections: CONNECTIONS, durationSeconds: seconds, rounds },
    baselineCommit: BASELINE_COMMIT,
    summary,
    runs,
  };
  await writeResults(`${here}tail`, tail, renderTail(tail));
  console.log(renderTail(tail));
}

// deno-lint-ignore no-explicit-any
function renderTail(tail: any): string {
  const label: Record<string, string> = {
    deno: "deno (this commit)",
    today: `deno today (${tail.baselineCommit})`,
  };
  // deno-lint-ignore no-explicit-any
  const rows = tail.summary.map((s: any) =>
    `| ${label[s.server]} | ${s.load} | ${s.requestsPerSecond.toFixed(0)} | ${
      s.p50Ms.toFixed(2)
    } | ${s.p90Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} | ${s.worstP99Ms.toFixed(2)} | ${
      s.cpuMicrosecondsPerRequest.toFixed(1)
    } | ${s.loadAverages.map((l: number) => l.toFixed(2)).join(", ")} | ${s.errors} |`
  ).join("\n");
  return `# bench/serve: where the single-sentence tail comes from

Run ${tail.date} on ${tail.machine.cpus} CPUs, Deno ${tail.machine.deno} (load average ${tail.machine.loadAverageAtStart} at start, ${tail.machine.loadAverageAtEnd} at end; the machine is shared).
One median-length sentence per request, ${tail.load.connections} connections, ${tail.load.durationSeconds} s per run, ${tail.load.rounds} rounds (servers and loads rotating), 2 s warm-up, 127.0.0.1; a fresh server process per run.
Percentiles are medians over rounds; "CPU µs / request" is the server's user + system time per request; the load average is the 1-minute value after each run.

| server | load | req/s | p50 ms | p90 ms | p99 ms | worst p99 ms | CPU µs / request | load average | errors |
|---|---|---:|---:|---:|---:|---:|---:|---|---:|
${rows}

\`deno run -A bench/serve/tail.ts\` regenerates this file.
`;
}

if (import.meta.main) await main();
