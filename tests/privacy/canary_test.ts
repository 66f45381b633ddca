/**
 * The canary test (issue #20): plant invented tokens (a name and a street) in a small training set, run
 * every verb that writes files through the CLI as a user would, and scan every byte written outside the
 * user's data files — model folders, the experiment store, tuning folders and logs, metrics, the report,
 * the SageMaker plans, the source bundle, and everything the commands printed — for the canary tokens and for
 * any run of four consecutive words of a sentence the study saw.
 *
 * To cover a new verb, add one line to `STEPS`; to declare a file that holds text by design, add one line to
 * `TEXT_BY_DESIGN` (and to the README's list).
 */
import assert from "node:assert/strict";
import type { Mention, Row } from "../../lib/data/types.ts";
import { syntheticRows } from "../evaluate/_synthetic_rows.ts";
import {
  type Finding,
  fourWordRuns,
  listFiles,
  matchesPattern,
  scanBytes,
  type ScanTargets,
} from "./_canary_scan.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = `${ROOT}lib/cli/main.ts`;

/** Invented tokens, repeated in several training sentences (so they would pass `min_df`). */
const CANARIES = ["Quillamae", "Zorbrinek", "Vantorsk", "Plumbriar"];

/**
 * Files that hold sentence text by design, with why (the README lists the same). Paths are relative to the
 * work folder; `input/` is the user's own data and is never scanned.
 */
const TEXT_BY_DESIGN: Record<string, string> = {
  "out/data/*.jsonl": "prepare: the user's rows, split into train.jsonl and test.jsonl",
  "out/pipeline-plan/data/*.jsonl": "pipeline plan: the user's rows, split as it would upload them",
  "out/tune/folds/*.jsonl": "local tuning: the validation fold of the user's training rows",
  "out/tune-sagemaker/folds/*.jsonl": "SageMaker tuning: the fold files it would upload to S3",
  "out/pipeline-plan/tune-plan/folds/*.jsonl":
    "pipeline plan: the fold files it would upload to S3",
  "out/synthetic.jsonl": "augment: generated sentences (made from training sentences)",
  "out/synthetic.rejects.jsonl": "augment: rejected generated sentences, with the reason",
  "out/to_label.jsonl": "select: the picked texts of the user's own pool, to be labelled",
  "out/to_label.csv": "select: the same picks as a spreadsheet with an empty label column",
};

/** Everything a step needs. */
interface Work {
  /** The work folder (absolute): `input/` holds the user's files, `out/` what the verbs write. */
  dir: string;
  /** The experiment store. */
  store: string;
}

/** One CLI call (`args`: the words after `ade`, `$IN`/`$OUT` standing for `input/`/`out/`), or a custom run. */
interface Step {
  name: string;
  args?: string;
  run?: (work: Work) => Promise<Printed[]>;
}

/** What one command printed. */
interface Printed {
  name: string;
  stdout: string;
  stderr: string;
}

const AWS = "--role-arn arn:aws:iam::123456789012:role/ade-canary --bucket ade-canary-bucket " +
  "--kms-key-id arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000 " +
  "--region us-east-1";

/** Every verb that writes files, in the order a user runs them: one line per verb. */
// deno-fmt-ignore
const STEPS: Step[] = [
  { name: "prepare", args: "prepare --source $IN/user.csv --out $OUT/data" },
  { name: "train", args: "train --train $OUT/data/train.jsonl --validation $OUT/data/test.jsonl --model-dir $OUT/model --checkpoint-every 5" },
  { name: "predict", args: "predict --model $OUT/model --in $IN/new_texts.csv --out $OUT/predictions.jsonl" },
  { name: "evaluate", args: "evaluate --model $OUT/model --test $OUT/data/test.jsonl --out $OUT/metrics.json --name baseline --resamples 100" },
  { name: "evaluate --by source", args: "evaluate --model $OUT/model --test $IN/outside.jsonl --out $OUT/metrics-outside.json --by source --resamples 100" },
  { name: "select", args: "select --model $OUT/model --pool $IN/outside.jsonl --n 20 --out $OUT/to_label.jsonl" },
  { name: "adapt", args: "adapt --model $OUT/model --labelled $IN/outside.jsonl --out $OUT/model-adapted --train $OUT/data/train.jsonl" },
  { name: "tune", args: "tune --train $OUT/data/train.jsonl --out $OUT/tune --strategy random --max-trials 2 --quiet" },
  { name: "augment", args: "augment --train $IN/annotated_train.jsonl --exclude $OUT/data/test.jsonl --generator offline --n 10 --out $OUT/synthetic.jsonl --quiet" },
  { name: "report", args: "report --out $OUT/report --resamples 50" },
  { name: "report --export json", args: "report --export json --out $OUT/runs.json" },
  { name: "report --export csv", args: "report --export csv --out $OUT/runs.csv" },
  { name: "serve + invoke", run: serveAndInvoke },
  { name: "tune --backend sagemaker --dry-run", args: `tune --backend sagemaker --dry-run --train $OUT/data/train.jsonl --out $OUT/tune-sagemaker --job-name ade-canary --max-trials 2 --models-s3-uri s3://ade-canary-bucket/ade/models/ ${AWS}` },
  { name: "deploy --dry-run", args: `deploy --backend sagemaker --dry-run --model s3://ade-canary-bucket/ade/canary/train/output/model.tar.gz --endpoint-name ade-canary-ep --out $OUT/deploy ${AWS}` },
  { name: "pipeline --backend sagemaker --dry-run", args: "pipeline --config $IN/pipeline.json --backend sagemaker --dry-run --out $OUT/pipeline-plan --quiet" },
  { name: "generator up --dry-run", args: `generator up --dry-run --model s3://ade-canary-bucket/ade/generator-weights/tiiuae/falcon-7b-instruct/ --instance-type ml.g5.2xlarge --endpoint-name ade-canary-gen --out $OUT/generator ${AWS}` },
  { name: "iam-policy", args: `iam-policy --out $OUT/iam ${AWS}` },
  { name: "cleanup --dry-run", args: "cleanup --run-id canary --backend local --dry-run" },
];
// Not run: `stage-model` copies a model from the Hugging Face hub (network) and reads no training data.

/** The words after `ade` of a step, with the work folder's paths. */
function stepArguments(work: Work, args: string): string[] {
  return args.split(" ").map((word) =>
    word.replaceAll("$IN", `${work.dir}/input`).replaceAll("$OUT", `${work.dir}/out`)
  );
}

/** Invented background sentences plus the canary sentences, with drug/effect offsets (for `augment`). */
function canaryRows(): Row[] {
  const background = syntheticRows(160, 2020, "bg");
  const canaries: Row[] = [];
  for (let i = 0; i < 6; i++) {
    canaries.push({
      id: `canary-ae-${i}`,
      text: `Quillamae Zorbrinek of ${
        10 + i
      } Vantorsk Lane developed hives after zalomycin, visit ${i}.`,
      label: "Adverse_Event",
      pmid: `canary-${i % 3}`,
    });
    canaries.push({
      id: `canary-neg-${i}`,
      text: `Quillamae Zorbrinek collected brevatol from the Plumbriar Close pharmacy, visit ${i}.`,
      label: "Not_AE",
      pmid: `canary-${i % 3}`,
    });
  }
  return [...background, ...canaries];
}

const DRUG_NAMES = ["zalomycin", "brevatol", "quintarex", "movidane", "sertaplex", "loxafen"];
const EFFECT_NAMES = ["rash", "nausea", "hepatitis", "seizures", "tremor", "neutropenia", "hives"];

function _mentions(text: string, names: readonly string[]): Mention[] {
  const lower = text.toLowerCase();
  return names.filter((name) => lower.includes(name)).map((name) => {
    const start = lower.indexOf(name);
    return { text: text.slice(start, start + name.length), start, end: start + name.length };
  });
}

function _csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes the user's data files into `dir/input`; returns every sentence the study will see. */
async function writeInputs(dir: string): Promise<string[]> {
  await Deno.mkdir(`${dir}/input`, { recursive: true });
  const rows = canaryRows();
  await Deno.writeTextFile(
    `${dir}/input/user.csv`,
    "id,text,label,group\n" +
      rows.map((r) => [r.id, r.text, r.label, r.pmid!].map(_csvField).join(",")).join("\n") +
      "\n",
  );
  // The same rows with mention offsets, as a user with annotations would give to augment.
  const annotated = rows.map((row) => ({
    ...row,
    drugs: _mentions(row.text, DRUG_NAMES),
    effects: _mentions(row.text, EFFECT_NAMES),
  }));
  await Deno.writeTextFile(
    `${dir}/input/annotated_train.jsonl`,
    annotated.map((row) => JSON.stringify(row)).join("\n") + "\n",
  );
  const newTexts = [
    "Quillamae Zorbrinek from Vantorsk Lane reported hives after quintarex.",
    "The Plumbriar Close clinic gave movidane to Quillamae Zorbrinek.",
    "Plasma levels of loxafen were measured at baseline.",
  ];
  await Deno.writeTextFile(
    `${dir}/input/new_texts.csv`,
    "id,text\n" + newTexts.map((text, i) => `n${i},${_csvField(text)}`).join("\n") + "\n",
  );
  // A labelled sample of another source (lay language), for evaluate --by, select and adapt.
  const outside = Array.from({ length: 60 }, (_, i) => ({
    id: `o${i}`,
    text: i % 3 === 0
      ? `omg Quillamae Zorbrinek here, hives all over after the quintarex lol, day ${i}`
      : `Quillamae Zorbrinek picking up brevatol at Plumbriar Close again, all fine, day ${i}`,
    label: i % 3 === 0 ? "Adverse_Event" : "Not_AE",
    source: i % 2 === 0 ? "forum" : "tweet",
  }));
  await Deno.writeTextFile(
    `${dir}/input/outside.jsonl`,
    outside.map((row) => JSON.stringify(row)).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/input/pipeline.json`,
    JSON.stringify({
      data: { source: `${dir}/input/user.csv` },
      tune: { max_trials: 2, parallel: 1 },
      augment: { n: 10 },
    }),
  );
  return [
    ...rows.map((row) => row.text),
    ...newTexts,
    ...outside.map((row) => row.text),
    ...INVOKED_TEXTS,
  ];
}

/** Texts sent to the endpoint. */
const INVOKED_TEXTS = [
  "Quillamae Zorbrinek of Vantorsk Lane had seizures after sertaplex.",
  "Quillamae Zorbrinek walked along Plumbriar Close after breakfast.",
];

function _environment(work: Work): Record<string, string> {
  return {
    NO_COLOR: "1",
    ADE_STORE: work.store,
    ADE_RUN_ID: "canary",
  };
}

/** Runs `ade` from a folder inside the work folder, so relative default paths are scanned too. */
function _command(work: Work, args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", `${ROOT}deno.json`, MAIN, ...args],
    cwd: `${work.dir}/cwd`,
    env: _environment(work),
    stdout: "piped",
    stderr: "piped",
  });
}

async function serveAndInvoke(work: Work): Promise<Printed[]> {
  const server = _command(work, ["serve", "--model", `${work.dir}/out/model`, "--port", "0"])
    .spawn();
  const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const serverErr = new Response(server.stderr).text();
  let serverOut = "";
  const outputs: Printed[] = [];
  try {
    let url: string | undefined;
    while (url === undefined) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`serve exited before listening: ${await serverErr}`);
      serverOut += value;
      url = /listening on (http:\/\/[^\s]+)/.exec(serverOut)?.[1];
    }
    for (const contentType of ["application/json", "text/csv"]) {
      const invoked = await _command(work, [
        "invoke",
        "--endpoint",
        url,
        "--content-type",
        contentType,
        ...INVOKED_TEXTS.flatMap((text) => ["--text", text]),
      ]).output();
      const decoder = new TextDecoder();
      assert.equal(invoked.code, 0, decoder.decode(invoked.stderr));
      outputs.push({
        name: `invoke (${contentType})`,
        stdout: decoder.decode(invoked.stdout),
        stderr: decoder.decode(invoked.stderr),
      });
    }
  } finally {
    server.kill("SIGTERM");
    await server.status;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      serverOut += value;
    }
  }
  outputs.push({ name: "serve", stdout: serverOut, stderr: await serverErr });
  return outputs;
}

/** Runs every step; returns what each printed. */
async function runSteps(
  work: Work,
): Promise<Array<{ name: string; stdout: string; stderr: string }>> {
  const printed: Array<{ name: string; stdout: string; stderr: string }> = [];
  for (const step of STEPS) {
    if (step.run) {
      printed.push(...await step.run(work));
      continue;
    }
    const output = await _command(work, stepArguments(work, step.args!)).output();
    const decoder = new TextDecoder();
    const stdout = decoder.decode(output.stdout);
    const stderr = decoder.decode(output.stderr);
    assert.equal(output.code, 0, `${step.name} failed:\n${stderr}`);
    printed.push({ name: step.name, stdout, stderr });
  }
  return printed;
}

Deno.test("canary: no file a verb writes (outside the user's data) and no output line holds training or input text", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-canary-" });
  const work: Work = { dir, store: `${dir}/out/ade.sqlite` };
  try {
    await Deno.mkdir(`${dir}/cwd`, { recursive: true });
    const texts = await writeInputs(dir);
    const targets: ScanTargets = { canaries: CANARIES, runs: fourWordRuns(texts) };
    const printed = await runSteps(work);

    // The verbs really ran: the files the scan is about exist.
    const files = await listFiles(dir);
    // CANARY_LIST=1 prints what the verbs wrote (to see what a new verb adds).
    if (Deno.env.get("CANARY_LIST")) console.log(files.join("\n"));
    for (
      const expected of [
        "out/model/model.json",
        "out/ade.sqlite",
        "out/metrics.json",
        "out/tune/trials.jsonl",
        "out/report/report.html",
        "out/tune-sagemaker/sourcedir.tar.gz",
        "out/synthetic.summary.json",
      ]
    ) {
      assert.ok(
        files.includes(expected),
        `${expected} was not written; files: ${files.join(", ")}`,
      );
    }
    const findings: Finding[] = [];
    const byDesign = new Set<string>();
    for (const file of files) {
      if (file.startsWith("input/")) continue;
      if (Object.keys(TEXT_BY_DESIGN).some((pattern) => matchesPattern(pattern, file))) {
        byDesign.add(file);
        continue;
      }
      findings.push(...await scanBytes(file, await Deno.readFile(`${dir}/${file}`), targets));
    }
    const encoder = new TextEncoder();
    for (const { name, stdout, stderr } of printed) {
      findings.push(...await scanBytes(`stdout of ${name}`, encoder.encode(stdout), targets));
      findings.push(...await scanBytes(`stderr of ${name}`, encoder.encode(stderr), targets));
    }
    // The scan can find what it looks for: the user's training file holds every canary.
    const control = await scanBytes(
      "control",
      await Deno.readFile(`${dir}/out/data/train.jsonl`),
      targets,
    );
    assert.ok(control.length >= CANARIES.length, "the scan finds nothing in the training file");
    assert.ok(byDesign.size > 0);
    assert.deepEqual(
      findings.map((f) => `${f.where}: ${f.what}`),
      [],
      "training or input text found outside the user's data files",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
