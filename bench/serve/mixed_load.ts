/**
 * bench/serve mixed load: `ade serve` (the TF-IDF model trained on the grouped split) under valid and
 * malformed requests interleaved from several connections, a fixed number each, against the same server
 * under valid requests only in the same run (the peer). Reports correctness (every valid answer exactly
 * the model's, every malformed one its 4xx, 5xx count), requests per second of both loads, and the
 * server's resident memory before and after each load.
 *
 * Usage: `deno run -A bench/serve/mixed_load.ts [--connections 8] [--requests 1500] [--rounds 2]`
 * Writes bench/serve/mixed_load.json and bench/serve/mixed_load.md; working files in bench/serve/.work/.
 */
import { parseArgs } from "node:util";
import { exists, readJsonl, writeFileAtomic, writeJsonAtomic } from "../../lib/core/mod.ts";
import { type Row } from "../../lib/data/mod.ts";
import { prepareGroupedSplit } from "../_grouped_split.ts";
import {
  DEFAULT_HYPERPARAMETERS,
  loadModel,
  saveModel,
  TextClassifier,
} from "../../lib/models/mod.ts";
import { loadAverage } from "../_load_average.ts";
import {
  type MixedLoadResult,
  residentKib,
  runMixedLoad,
  startServeProcess,
} from "./_mixed_load.ts";

const here = new URL(".", import.meta.url).pathname;
const work = `${here}.work`;
const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    connections: { type: "string", default: "8" },
    requests: { type: "string", default: "1500" },
    rounds: { type: "string", default: "2" },
  },
});
const connections = Number(flags.connections);
const requestsPerConnection = Number(flags.requests);
const rounds = Number(flags.rounds);

async function modelAndTexts(): Promise<{ modelDir: string; texts: string[] }> {
  const data = `${work}/data`;
  if (!(await exists(`${data}/manifest.json`))) {
    await prepareGroupedSplit(data);
  }
  const modelDir = `${work}/mixed-model`;
  if (!(await exists(`${modelDir}/model.json`))) {
    const train = await readJsonl<Row>(`${data}/train.jsonl`);
    const model = TextClassifier.fit(
      train.map((row) => row.text),
      train.map((row) => row.label),
      { ...DEFAULT_HYPERPARAMETERS },
      { seed: 42, groups: train.map((row) => row.pmid) },
    );
    await saveModel(model, modelDir, { trainingDataSha256: "0".repeat(64), seed: 42 });
  }
  const test = await readJsonl<Row>(`${data}/test.jsonl`);
  return { modelDir, texts: test.map((row) => row.text) };
}

interface LoadRun {
  load: "mixed" | "valid only";
  round: number;
  result: MixedLoadResult;
  requestsPerSecond: number;
  rssBeforeMib: number | null;
  rssAfterMib: number | null;
}

await Deno.mkdir(work, { recursive: true });
const { modelDir, texts } = await modelAndTexts();
const model = await loadModel(modelDir);
const { url, child } = await startServeProcess(modelDir, `${work}/mixed.sqlite`);
const runs: LoadRun[] = [];
try {
  const common = { url, connections, texts, reference: (t: string[]) => model.predict(t) };
  await runMixedLoad({ ...common, requestsPerConnection: 100, seed: 1 }); // warm-up
  for (let round = 1; round <= rounds; round++) {
    for (const load of ["mixed", "valid only"] as const) {
      const before = await residentKib(child.pid);
      const result = await runMixedLoad({
        ...common,
        requestsPerConnection,
        seed: 100 + round,
        validOnly: load === "valid only",
      });
      const after = await residentKib(child.pid);
      runs.push({
        load,
        round,
        result,
        requestsPerSecond: result.requests / result.seconds,
        rssBeforeMib: before === undefined ? null : before / 1024,
        rssAfterMib: after === undefined ? null : after / 1024,
      });
      console.error(
        `[bench/serve mixed] round ${round} ${load}: ${result.requests} requests, ` +
          `${(result.requests / result.seconds).toFixed(0)} req/s, 5xx ${result.serverErrors}`,
      );
    }
  }
} finally {
  child.kill("SIGTERM");
  await child.status;
  await child.stdout.cancel().catch(() => {});
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const of = (load: LoadRun["load"]) => runs.filter((run) => run.load === load);
const mixed = of("mixed"), validOnly = of("valid only");
const mixedRate = median(mixed.map((run) => run.requestsPerSecond));
const validRate = median(validOnly.map((run) => run.requestsPerSecond));
const allMixed = mixed.map((run) => run.result);
const firstRss = runs[0].rssBeforeMib, lastRss = runs[runs.length - 1].rssAfterMib;
/** Growth of the server's memory over each round (both loads): warm-up first, then flat or a leak. */
const roundGrowth = Array.from({ length: rounds }, (_, i) => {
  const inRound = runs.filter((run) => run.round === i + 1);
  const start = inRound[0].rssBeforeMib, end = inRound[inRound.length - 1].rssAfterMib;
  return start !== null && end !== null ? end - start : null;
});
const summary = {
  date: new Date().toISOString(),
  cpus: navigator.hardwareConcurrency,
  loadAverage: loadAverage(),
  connections,
  requestsPerConnection,
  rounds,
  mixed: {
    requests: allMixed.reduce((sum, r) => sum + r.requests, 0),
    valid: allMixed.reduce((sum, r) => sum + r.valid, 0),
    validCorrect: allMixed.reduce((sum, r) => sum + r.validCorrect, 0),
    malformed: allMixed.reduce((sum, r) => sum + r.malformed, 0),
    malformedRefused: allMixed.reduce((sum, r) => sum + r.malformedRefused, 0),
    serverErrors: allMixed.reduce((sum, r) => sum + r.serverErrors, 0),
    requestsPerSecond: mixedRate,
    byKind: allMixed[0]?.byKind ?? {},
  },
  validOnly: { requestsPerSecond: validRate },
  ratio: mixedRate / validRate,
  rss: {
    firstMib: firstRss,
    lastMib: lastRss,
    growthMib: firstRss !== null && lastRss !== null ? lastRss - firstRss : null,
    growthByRoundMib: roundGrowth,
    lastRoundGrowthMib: roundGrowth[roundGrowth.length - 1],
  },
  runs: runs.map(({ result, ...rest }) => ({
    ...rest,
    requests: result.requests,
    serverErrors: result.serverErrors,
  })),
};
await writeJsonAtomic(`${here}mixed_load.json`, summary);
const fixed = (value: number | null, digits: number) =>
  value === null ? "?" : value.toFixed(digits);
const lines = [
  "# bench/serve mixed load",
  "",
  `Run ${summary.date} on ${summary.cpus} CPUs (load average at the end: ${summary.loadAverage}; the machine is shared). ${connections} connections × ${requestsPerConnection} requests each, ` +
  `${rounds} rounds of each load, after a warm-up; 127.0.0.1 only. The mixed load interleaves valid ` +
  "JSON, CSV and plain-text requests (one text or a batch; JSON or CSV answers) with malformed ones: bad " +
  "JSON, no inputs, non-string inputs, an empty input, invalid UTF-8, an open CSV quote, two CSV fields, " +
  "unsupported or missing Content-Type, unsupported Accept, the wrong method, an unknown path.",
  "",
  "| load | requests | valid answers exactly the model's | malformed refused with their 4xx | 5xx | req/s (median of rounds) |",
  "| ---- | -------: | --------------------------------: | -------------------------------: | --: | -----------------------: |",
  `| mixed | ${summary.mixed.requests} | ${summary.mixed.validCorrect}/${summary.mixed.valid} | ${summary.mixed.malformedRefused}/${summary.mixed.malformed} | ${summary.mixed.serverErrors} | ${
    fixed(mixedRate, 0)
  } |`,
  `| valid only (peer) | ${validOnly.reduce((s, r) => s + r.result.requests, 0)} | ${
    validOnly.reduce((s, r) => s + r.result.validCorrect, 0)
  }/${validOnly.reduce((s, r) => s + r.result.valid, 0)} | – | ${
    validOnly.reduce((s, r) => s + r.result.serverErrors, 0)
  } | ${fixed(validRate, 0)} |`,
  "",
  `Mixed vs valid-only requests per second: ${fixed(summary.ratio, 2)}× (malformed requests are ` +
  "answered without running the model, so a mixed load is no slower).",
  "",
  `Server resident memory: ${fixed(firstRss, 0)} MiB before the first measured load, ${
    fixed(lastRss, 0)
  } MiB after the last (${fixed(summary.rss.growthMib, 1)} MiB over ${
    runs.reduce((s, r) => s + r.result.requests, 0)
  } requests); by round (${2 * connections * requestsPerConnection} requests each): ${
    roundGrowth.map((growth, i) => `round ${i + 1} +${fixed(growth, 1)} MiB`).join(", ")
  }. The heap grows while it warms up, then stays flat.`,
  "",
];
await writeFileAtomic(`${here}mixed_load.md`, lines.join("\n"));
console.error(lines.join("\n"));
