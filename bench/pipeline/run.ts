/**
 * bench/pipeline: wall time of `deno task pipeline` (the whole study, local backend, real corpus) as one
 * process, against the target of 5 minutes on 2 cores. Writes results.json and results.md.
 * Run: `deno run -A bench/pipeline/run.ts`.
 */
import { writeFileAtomic, writeJsonAtomic } from "../../lib/core/fs.ts";
import { loadAverage } from "../_load_average.ts";

const here = new URL(".", import.meta.url).pathname;
const root = new URL("../..", import.meta.url).pathname;
const TARGET_SECONDS = 300;

const work = `${here}.work`;
await Deno.remove(work, { recursive: true }).catch(() => {});
const loadAtStart = loadAverage();
const started = performance.now();
const result = await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "lib/cli/main.ts", "pipeline", "--out", `${work}/run`, "--quiet"],
  cwd: root,
  stdout: "piped",
  stderr: "inherit",
}).output();
const seconds = (performance.now() - started) / 1000;
const stdout = new TextDecoder().decode(result.stdout);
if (!result.success) {
  console.error(stdout);
  throw new Error(`pipeline failed (exit ${result.code})`);
}
const table = stdout.slice(stdout.indexOf("| Configuration"), stdout.indexOf("\nreport:")).trim();
const results = {
  date: new Date().toISOString(),
  machine: {
    cores: navigator.hardwareConcurrency,
    loadAtStart,
    loadAtEnd: loadAverage(),
    deno: Deno.version.deno,
  },
  command: "deno task pipeline --out bench/pipeline/.work/run --quiet",
  seconds: Math.round(seconds * 10) / 10,
  targetSeconds: TARGET_SECONDS,
  ratioToTarget: Math.round((seconds / TARGET_SECONDS) * 100) / 100,
  comparison: table,
};
await writeJsonAtomic(`${here}results.json`, results);
await writeFileAtomic(
  `${here}results.md`,
  `# bench/pipeline results\n\nRun \`deno run -A bench/pipeline/run.ts\` (${results.date}; ${results.machine.cores} cores; ` +
    `load average ${loadAtStart} at start, ${results.machine.loadAtEnd} at end; Deno ${results.machine.deno}).\n\n` +
    `\`deno task pipeline\` on the real corpus, local backend, default configuration: **${results.seconds} s** ` +
    `(target < ${TARGET_SECONDS} s: ${
      seconds < TARGET_SECONDS ? "met" : "NOT met"
    }; ${results.ratioToTarget}× the target).\n\n` +
    `Comparison printed by that run:\n\n${table}\n`,
);
console.log(`pipeline: ${results.seconds} s (target ${TARGET_SECONDS} s)`);
