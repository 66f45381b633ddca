/**
 * bench/serve/profile.ts: where the time of a single-sentence request goes. Each step of the request path
 * (`_profile_server.ts`: Deno.serve's floor, reading the body, parsing, the model, the answer, the whole
 * handler, the whole server) runs as its own server under the same wrk load as `run.ts` (2 threads, 16
 * connections, 127.0.0.1); the server's CPU time per request (from /proc) is the cost, and the difference
 * between steps is what a step adds. Two steps put back what this commit removed (the batching timer,
 * the encoded body), and today's whole server (the baseline commit's `ade serve`) runs last. Steps
 * alternate order between rounds.
 *
 * Usage: `deno run -A bench/serve/profile.ts [--duration 5] [--rounds 2]`; writes profile.json and
 * profile.md next to this file.
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
  startDenoProcess,
  stopServer,
  trainDenoModel,
  writeBodies,
  writeResults,
} from "./_bench_servers.ts";
import { PROFILE_STEPS, PROFILE_VARIANTS } from "./_profile_server.ts";
import { loadAverage } from "../_load_average.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
  },
});
const seconds = Number(flags.duration);
const rounds = Number(flags.rounds);
const LOAD = { threads: 2, connections: 16 };
const TODAY = `today (${BASELINE_COMMIT})`;

interface StepResult {
  step: string;
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
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
  const steps = [...PROFILE_VARIANTS, TODAY];
  const start = (step: string): Promise<ServerProcess> =>
    step === TODAY
      ? startAdeServe("today", baseline.modelDir, `${baseline.dir}/`)
      : startDenoProcess(step, [
        "-A",
        "--config",
        `${root}deno.json`,
        `${here}_profile_server.ts`,
        step,
        modelDir,
      ]);
  const results: StepResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? steps : [...steps].reverse();
    for (const step of order) {
      const server = await start(step);
      try {
        const { wrk, cpuSeconds, loadAverage } = await measureServer(server, paths["1 sentence"], {
          ...LOAD,
          seconds,
          warmupSeconds: 2,
        });
        const result: StepResult = {
          step,
          round,
          requestsPerSecond: wrk.requestsPerSecond,
          p50Ms: wrk.p50Ms,
          p99Ms: wrk.p99Ms,
          cpuMicrosecondsPerRequest: (cpuSeconds * 1e6) / wrk.requests,
          loadAverage,
          errors: wrk.non2xx + wrk.socketErrors,
        };
        results.push(result);
        log(
          `profile ${step} round ${round}: ${result.requestsPerSecond.toFixed(0)} req/s, ` +
            `${result.cpuMicrosecondsPerRequest.toFixed(1)} µs CPU/request, ` +
            `p99 ${result.p99Ms.toFixed(2)} ms, load ${result.loadAverage}`,
        );
      } finally {
        await stopServer(server, "SIGKILL");
      }
    }
  }
  const summary = steps.map((step) => {
    const runs = results.filter((r) => r.step === step);
    return {
      step,
      what: step === TODAY
        ? `\`ade serve\` at ${BASELINE_COMMIT} (before this commit's changes)`
        : PROFILE_STEPS[step as keyof typeof PROFILE_STEPS],
      cpuMicrosecondsPerRequest: median(runs.map((r) => r.cpuMicrosecondsPerRequest)),
      requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
      loadAverages: runs.map((r) => r.loadAverage),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
    };
  });
  const profile = {
    date: new Date().toISOString(),
    machine: {
      cpus: navigator.hardwareConcurrency,
      deno: Deno.version.deno,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
      note:
        "wrk and the server share the machine's cores; other work on the machine shows in the load",
    },
    load: { tool: "wrk", ...LOAD, durationSeconds: seconds, rounds, warmupSeconds: 2 },
    baselineCommit: BASELINE_COMMIT,
    summary,
    results,
  };
  await writeResults(`${here}profile`, profile, renderProfile(profile));
  console.log(renderProfile(profile));
}

// deno-lint-ignore no-explicit-any
function renderProfile(profile: any): string {
  const byStep = new Map<string, { cpuMicrosecondsPerRequest: number }>(
    // deno-lint-ignore no-explicit-any
    profile.summary.map((s: any) => [s.step, s]),
  );
  // The steps that add one thing to the one before; the others are compared with `respond`.
  const cumulative: string[] = PROFILE_VARIANTS.filter((step) =>
    !step.includes("+") && step !== "handler-window"
  );
  // deno-lint-ignore no-explicit-any
  const rows = profile.summary.map((s: any) => {
    const index = cumulative.indexOf(s.step);
    const reference = s.step.startsWith("respond+")
      ? byStep.get("respond")
      : s.step === "handler-window"
      ? byStep.get("respond")
      : index > 0
      ? byStep.get(cumulative[index - 1])
      : undefined;
    const added = reference
      ? `${(s.cpuMicrosecondsPerRequest - reference.cpuMicrosecondsPerRequest).toFixed(1)}`
      : "";
    return `| ${s.step} | ${s.what} | ${s.cpuMicrosecondsPerRequest.toFixed(1)} | ${added} | ${
      s.requestsPerSecond.toFixed(0)
    } | ${s.p50Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} | ${
      s.loadAverages.map((l: number) => l.toFixed(2)).join(", ")
    } | ${s.errors} |`;
  }).join("\n");
  return `# bench/serve request-path profile

Run ${profile.date} on ${profile.machine.cpus} CPUs, Deno ${profile.machine.deno} (load average ${profile.machine.loadAverageAtStart} at start, ${profile.machine.loadAverageAtEnd} at end; the machine is shared, and wrk shares the cores with the server).
Load: wrk, ${profile.load.threads} threads, ${profile.load.connections} connections, ${profile.load.durationSeconds} s per step and round, ${profile.load.rounds} rounds (alternating order), 2 s warm-up; one median-length sentence per request, 127.0.0.1.
Each step is its own server process; "CPU µs / request" is the server's user + system time per request (median of rounds), "adds" the difference to the step before it (for the two \`respond+\` rows and \`handler-window\`: to \`respond\`). The load average column is the 1-minute value after each round's run.

| step | what runs | CPU µs / request | adds (µs) | req/s | p50 ms | p99 ms | load average | errors |
|---|---|---:|---:|---:|---:|---:|---|---:|
${rows}

\`deno run -A bench/serve/profile.ts\` regenerates this file.
`;
}

if (import.meta.main) await main();
