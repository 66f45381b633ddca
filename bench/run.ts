/**
 * `deno task bench`: runs every benchmark (or those named: `deno task bench classifier serve`) one after
 * another, then regenerates bench/README.md — one table of every benchmark with the peer, the ratio and the
 * date — from each benchmark's results.json. `--render-only` only regenerates the table.
 */
import { writeFileAtomic } from "../lib/core/fs.ts";

const here = new URL(".", import.meta.url).pathname;
const root = new URL("..", import.meta.url).pathname;
const BENCHES = ["classifier", "tune", "augment", "serve", "pipeline", "outside"] as const;
type Json = Record<string, unknown>;

interface Row {
  benchmark: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  date: string;
}

const fixed = (value: unknown, digits: number) =>
  typeof value === "number" ? value.toFixed(digits) : "?";

async function readResults(name: string): Promise<Json | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(`${here}${name}/results.json`));
  } catch {
    return undefined;
  }
}

function get(json: Json, path: string): unknown {
  let value: unknown = json;
  for (const key of path.split(".")) value = (value as Json | undefined)?.[key];
  return value;
}

function day(value: unknown): string {
  return typeof value === "string" ? value.slice(0, 10) : "?";
}

function classifierRows(r: Json): Row[] {
  const date = day(r.date);
  const oursF1 = get(r, "ours.test.f1") as number;
  const peerF1 = get(r, "sklearn.test.f1") as number;
  const oursTrain = get(r, "ours.train_process_seconds_median") as number;
  const peerTrain = get(r, "sklearn.train_process_seconds_median") as number;
  const oursRate = get(r, "ours.sentences_per_second") as number;
  const peerRate = get(r, "sklearn.sentences_per_second") as number;
  const todayRate = get(r, "today.sentences_per_second") as number;
  const scaleRows = get(r, "scale.rows") as number | undefined;
  const peer = "scikit-learn TF-IDF + LinearSVC";
  return [
    {
      benchmark: "classifier: test F1 (AE, grouped split)",
      ours: fixed(oursF1, 3),
      peer: `${fixed(peerF1, 3)} (${peer})`,
      ratio: `${oursF1 - peerF1 >= 0 ? "+" : ""}${fixed(oursF1 - peerF1, 3)}`,
      target: "≥ +0.010",
      date,
    },
    {
      benchmark: "classifier: training, whole process",
      ours: `${fixed(oursTrain, 1)} s`,
      peer: `${fixed(peerTrain, 1)} s`,
      ratio: `${fixed(oursTrain / peerTrain, 2)}×`,
      target: "≤ 1×",
      date,
    },
    {
      benchmark: "classifier: prediction throughput (batch, in process)",
      ours: `${fixed(oursRate, 0)} sentences/s`,
      peer: `${fixed(peerRate, 0)} sentences/s; today's model ${fixed(todayRate, 0)}`,
      ratio: `${fixed(oursRate / peerRate, 2)}×; ${fixed(oursRate / todayRate, 2)}× today's`,
      target: "≥ 1×; ≥ 2× today's",
      date,
    },
    ...(scaleRows === undefined ? [] : [{
      benchmark: `classifier: \`ade predict\` on ${scaleRows} sentences (peak memory, time)`,
      ours: `${fixed(get(r, "scale.ours.peak_rss_mib"), 0)} MiB, ${
        fixed(get(r, "scale.ours.seconds"), 1)
      } s`,
      peer: `${fixed(get(r, "scale.today.peak_rss_mib"), 0)} MiB, ${
        fixed(get(r, "scale.today.seconds"), 1)
      } s (today's predict)`,
      ratio: `${fixed(get(r, "comparison.scale_memory_ratio_vs_today"), 2)}× the memory`,
      target: "< 1 GiB",
      date,
    }]),
  ];
}

function tuneRows(r: Json): Row[] {
  const date = day(r.startedAt);
  return [
    {
      benchmark: `tuning: best validation F1, ${r.budget} trials, ${
        (r.seeds as unknown[]).length
      } seeds (mean)`,
      ours: `${fixed(get(r, "summary.bayesianMeanBest"), 4)} (Bayesian)`,
      peer: `${fixed(get(r, "summary.randomMeanBest"), 4)} (Random)`,
      ratio: `${fixed(get(r, "summary.bayesianMinusRandom"), 4)}`,
      target: "report",
      date,
    },
    {
      benchmark: "tuning: `--parallel 2` vs `--parallel 1`",
      ours: `${fixed(get(r, "parallel.parallelSeconds"), 1)} s`,
      peer: `${fixed(get(r, "parallel.serialSeconds"), 1)} s`,
      ratio: `${fixed(get(r, "parallel.speedup"), 2)}× faster`,
      target: "report",
      date,
    },
  ];
}

function augmentRows(r: Json): Row[] {
  const difference = get(r, "f1_difference.with_minus_without") as number;
  const ci = get(r, "f1_difference.ci95") as number[] | undefined;
  return [{
    benchmark: "augmentation: test F1 with 300 synthetic AEs",
    ours: fixed(get(r, "with_synthetic.f1"), 4),
    peer: `${fixed(get(r, "without_synthetic.f1"), 4)} (without)`,
    ratio: `${difference >= 0 ? "+" : ""}${fixed(difference, 4)} (95% CI ${fixed(ci?.[0], 4)} to ${
      fixed(ci?.[1], 4)
    })`,
    target: "report",
    date: "see results.json",
  }];
}

function serveRows(r: Json): Row[] {
  const summary = r.summary as Json[];
  const find = (server: string, scenario: string) =>
    summary.find((s) => s.server === server && s.scenario === scenario) ?? {};
  const date = day(r.date);
  return ["1 sentence", "100 sentences"].map((scenario) => {
    const ours = find("deno", scenario);
    const peer = find("python", scenario);
    const today = find("today", scenario);
    return {
      benchmark: `serving: ${scenario} per request (req/s, p50/p99)`,
      ours: `${fixed(ours.requestsPerSecond, 0)} req/s, p50 ${fixed(ours.p50Ms, 2)} ms, p99 ${
        fixed(ours.p99Ms, 1)
      } ms`,
      peer: `${fixed(peer.requestsPerSecond, 0)} req/s, p99 ${
        fixed(peer.p99Ms, 1)
      } ms (Python http.server + scikit-learn); today's endpoint ${
        fixed(today.requestsPerSecond, 0)
      } req/s, p99 ${fixed(today.p99Ms, 1)} ms`,
      ratio: `${
        fixed((ours.requestsPerSecond as number) / (peer.requestsPerSecond as number), 2)
      }×; ${
        fixed((ours.requestsPerSecond as number) / (today.requestsPerSecond as number), 2)
      }× today's`,
      target: scenario === "1 sentence"
        ? "≥ 10,000 req/s, p99 < 10 ms, ahead of peer"
        : "ahead of peer",
      date,
    };
  });
}

/** The mixed-load row of bench/serve (from `mixed_load.json`, when it has been run). */
async function serveMixedRows(): Promise<Row[]> {
  let r: Json;
  try {
    r = JSON.parse(await Deno.readTextFile(`${here}serve/mixed_load.json`));
  } catch {
    return [];
  }
  const mixed = r.mixed as Json;
  return [{
    benchmark: "serving: mixed valid + malformed load (req/s, answers, 5xx, memory)",
    ours:
      `${fixed(mixed.requestsPerSecond, 0)} req/s; ${mixed.validCorrect}/${mixed.valid} valid ` +
      `exact, ${mixed.malformedRefused}/${mixed.malformed} malformed 4xx, ${mixed.serverErrors} 5xx; ` +
      `RSS +${fixed(get(r, "rss.lastRoundGrowthMib"), 1)} MiB over the last round`,
    peer: `${
      fixed(get(r, "validOnly.requestsPerSecond"), 0)
    } req/s (same server, valid requests only)`,
    ratio: `${fixed(r.ratio, 2)}×`,
    target: "all valid exact, all malformed 4xx, no 5xx, flat memory",
    date: day(r.date),
  }];
}

function pipelineRows(r: Json): Row[] {
  return [{
    benchmark: "pipeline: `deno task pipeline`, real corpus",
    ours: `${fixed(r.seconds, 0)} s`,
    peer: `${r.targetSeconds} s (target, no peer)`,
    ratio: `${fixed(r.ratioToTarget, 2)}× the target`,
    target: "< 300 s",
    date: day(r.date),
  }];
}

function outsideRows(r: Json): Row[] {
  const date = day(r.date);
  const peer = get(r, "sklearn_peer.threshold_on_100.mean_f1") as number;
  const adapted = get(r, "models.default.adapted_100.mean_f1") as number;
  const noLabels = get(r, "models.default.no_labels.mean_f1") as number;
  const ngrams = get(r, "models.n-grams only.no_labels.mean_f1") as number;
  return [
    {
      benchmark: "outside text (lay fixture, held out): mean F1 after adapt on 100 texts",
      ours: fixed(adapted, 3),
      peer: `${fixed(peer, 3)} (scikit-learn, threshold on the same 100)`,
      ratio: `${adapted - peer >= 0 ? "+" : ""}${fixed(adapted - peer, 3)}`,
      target: "≥ 0.60",
      date,
    },
    {
      benchmark: "outside text: mean F1 without labels (default model)",
      ours: fixed(noLabels, 3),
      peer: `${fixed(ngrams, 3)} (n-grams only)`,
      ratio: `${noLabels - ngrams >= 0 ? "+" : ""}${fixed(noLabels - ngrams, 3)}`,
      target: "≥ 0.40",
      date,
    },
  ];
}

const RENDERERS: Record<(typeof BENCHES)[number], (r: Json) => Row[]> = {
  classifier: classifierRows,
  tune: tuneRows,
  augment: augmentRows,
  serve: serveRows,
  pipeline: pipelineRows,
  outside: outsideRows,
};

const args = Deno.args.filter((a) => a !== "--render-only");
const renderOnly = Deno.args.includes("--render-only");
const selected = args.length > 0 ? args : [...BENCHES];
for (const name of selected) {
  if (!(BENCHES as readonly string[]).includes(name)) {
    throw new Error(`unknown benchmark ${name}; known: ${BENCHES.join(", ")}`);
  }
}
if (!renderOnly) {
  for (const name of selected) {
    console.error(`\n=== bench/${name} ===`);
    const scripts = name === "serve" ? ["run.ts", "mixed_load.ts"] : ["run.ts"];
    for (const script of scripts) {
      const result = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `bench/${name}/${script}`],
        cwd: root,
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      if (!result.success) {
        console.error(`bench/${name}/${script} failed (exit ${result.code}); its old results stay`);
      }
    }
  }
}

const rows: Row[] = [];
for (const name of BENCHES) {
  const results = await readResults(name);
  if (!results) {
    rows.push({ benchmark: name, ours: "not run", peer: "", ratio: "", target: "", date: "" });
    continue;
  }
  try {
    rows.push(...RENDERERS[name](results));
    if (name === "serve") rows.push(...await serveMixedRows());
  } catch (error) {
    rows.push({
      benchmark: name,
      ours: `unreadable results (${(error as Error).message})`,
      peer: "",
      ratio: "",
      target: "",
      date: "",
    });
  }
}
const table = [
  "| benchmark | ours | peer | ours vs peer | target | date |",
  "| --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) =>
    `| ${r.benchmark} | ${r.ours} | ${r.peer} | ${r.ratio} | ${r.target} | ${r.date} |`
  ),
].join("\n");
const readme = `# Benchmarks

Every number here was measured by \`deno task bench\` on this project's 2-core machine, with the peer run in the same
invocation on the same data (the grouped split of ADE Corpus V2, seed 42). Regenerate with \`deno task bench\` (all)
or \`deno task bench classifier serve\` (some); \`deno task bench --render-only\` only rebuilds this table. Each
folder's \`results.md\` has the details, the machine's load during the run and the caveats.

${table}

- classifier: \`bench/classifier/\` — this toolkit's \`tfidf-svm\` (defaults) vs scikit-learn (word 1–2 + char_wb 2–5
  TF-IDF, LinearSVC C=1) from Debian's \`python3-sklearn\`, each as a whole process (load, fit, save), and vs today's
  model (commit \`ede85c9\`, before hashed features); \`ade predict\` on 1,000,000 sentences with its peak memory.
- tune: \`bench/tune/\` — Bayesian (TPE) vs Random at equal budgets on the local model, and the \`--parallel 2\` speed-up.
- augment: \`bench/augment/\` — the local model with and without the offline generator's synthetic AEs (paired
  cluster bootstrap, McNemar).
- serve: \`bench/serve/\` — \`ade serve\` vs today's (commit \`53d2276\`, before issue #15) and vs the scikit-learn model
  behind Python's \`http.server\`, wrk (2 threads, 16 connections) on loopback, the load average after every run;
  \`profile.md\` (\`profile.ts\`): where a request's time goes, step by step; \`tail.md\` (\`tail.ts\`): the single-sentence
  p99 under wrk with 2 threads, 1 thread, and 1 thread with server and wrk pinned to their own cores; and
  \`ade serve\` under a mixed valid + malformed load vs the same server under valid requests only (\`mixed_load.ts\`).
- pipeline: \`bench/pipeline/\` — the whole study as one process.
`;
await writeFileAtomic(`${here}README.md`, readme);
await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "bench/"],
  cwd: root,
  stdout: "null",
  stderr: "null",
}).output();
console.log(table);
