/** Test helpers for lib/tune: a tiny labelled training file, fake trial commands, local S3. */
import {
  localSpace,
  type TrialCommand,
  type TrialContext,
  type TuningStudyOptions,
} from "../../lib/tune/mod.ts";

/** Writes a small training file (40 abstracts × 3 sentences, both labels) and returns its path. */
export async function writeTinyTrainFile(dir: string): Promise<string> {
  const lines: string[] = [];
  for (let doc = 0; doc < 40; doc++) {
    for (let s = 0; s < 3; s++) {
      const positive = (doc + s) % 3 === 0;
      lines.push(JSON.stringify({
        id: `r${doc}-${s}`,
        text: `${positive ? "drug caused rash" : "patient was stable"} case ${doc} sentence ${s}`,
        label: positive ? "Adverse_Event" : "Not_AE",
        pmid: String(1000 + doc),
      }));
    }
  }
  const path = `${dir}/train.jsonl`;
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}

/**
 * Runs `work` in a fresh temp folder holding the tiny training file (see {@link writeTinyTrainFile}), and
 * removes the folder afterwards.
 */
export async function withTinyTrainFile(
  work: (dir: string, trainPath: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ade-tune-study-" });
  try {
    await work(dir, await writeTinyTrainFile(dir));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A small, quiet random study of the local space on `trainPath`, into `dir/tune` (overrides on top). */
export function smallStudy(
  dir: string,
  trainPath: string,
  overrides: Partial<TuningStudyOptions>,
): TuningStudyOptions {
  return {
    trainPath,
    outDir: `${dir}/tune`,
    space: localSpace(),
    strategy: "random",
    maxTrials: 2,
    quiet: true,
    ...overrides,
  };
}

/** A known objective of the local space's values: best near C = 1, word_ngram_max = 2, model tfidf-svm. */
export function syntheticObjective(params: Record<string, string | number>): number {
  const logC = Math.log10(Number(params.C ?? 1));
  let value = 0.9 - 0.08 * logC * logC;
  value -= 0.03 * Math.abs(Number(params.word_ngram_max ?? 2) - 2);
  if (params.model === "tfidf-logreg") value -= 0.02;
  if (params.class_weight === "none") value -= 0.01;
  return Math.max(0, Number(value.toFixed(6)));
}

/**
 * A trial command that prints `steps` intermediate `f1:` lines rising to the synthetic objective, then the
 * final line; `crashTrials` exit 1 with a message on stderr; `sleepSeconds` per step.
 */
export function fakeTrainCommand(options: {
  crashTrials?: number[];
  sleepSeconds?: number;
  steps?: number;
  hangTrials?: number[];
} = {}): (context: TrialContext) => TrialCommand {
  return (context) => {
    const objective = syntheticObjective(context.hyperparameters);
    const steps = options.steps ?? 3;
    const sleep = options.sleepSeconds ?? 0;
    const lines: string[] = [`echo "train rows: $(wc -l < '${context.trainPath}')"`];
    if (options.crashTrials?.includes(context.trial)) {
      lines.push(`echo "Traceback: something broke in trial ${context.trial}" >&2`, "exit 1");
    }
    if (options.hangTrials?.includes(context.trial)) lines.push("sleep 60");
    for (let step = 1; step <= steps; step++) {
      const value = (objective * step / (steps + 1)).toFixed(6);
      lines.push(`echo "epoch ${step} f1: ${value}"`);
      if (sleep > 0) lines.push(`sleep ${sleep}`);
    }
    lines.push(`echo "precision: 0.5"`, `echo "f1: ${objective}"`);
    return { command: "bash", args: ["-c", lines.join("\n")] };
  };
}

// Local S3 for the upload tests: the same helper the cloud tests use.
export { type LocalS3, startLocalS3 } from "../cloud/_s3rver.ts";
