/** `ade augment`: synthetic adverse-event sentences from few-shot prompts, screened for contamination. */
// Imported file by file (not mod.ts) so that the verb does not load the classifier behind compareAugmentation.
import { augment } from "../../augment/augment.ts";
import { createGenerator } from "../../augment/create_generator.ts";
import { DEFAULT_DECODING } from "../../augment/decoding.ts";
import { readPromptTemplate } from "../../augment/prompt_template.ts";
import { UsageError } from "../../core/errors.ts";
import { defaultStorePath } from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  numberFlag,
  optionalString,
  parseFlags,
  requireString,
  STORE_FLAG,
  stringList,
} from "../args.ts";

/** One-line summary for help. */
export const summary =
  "generate screened synthetic AE sentences (offline, TGI, OpenAI-compatible, SageMaker)";

const FLAGS: Record<string, FlagSpec> = {
  train: { type: "string", description: "training JSONL/CSV: the only source of prompt examples" },
  exclude: {
    type: "string",
    multiple: true,
    description: "sentences never to reproduce, e.g. the test split (at least one)",
  },
  corpus: {
    type: "string",
    description:
      "corpus folder/file/hf: its sentences outside the training split are protected too",
  },
  generator: { type: "string", description: "offline | tgi | openai | sagemaker" },
  endpoint: { type: "string", description: "URL (tgi, openai) or SageMaker endpoint name" },
  model: { type: "string", description: "model name (sent to openai servers; recorded in rows)" },
  region: { type: "string", description: "AWS region (sagemaker)" },
  n: { type: "string", description: "accepted rows wanted (default 300)" },
  shots: { type: "string", description: "training examples per prompt (default 5)" },
  "per-call": { type: "string", description: "new sentences asked per call (default 5)" },
  seed: { type: "string", description: "seed of every random choice (default 42)" },
  template: {
    type: "string",
    description: "prompt template file with {{examples}}, {{n}}, {{shots}}",
  },
  temperature: {
    type: "string",
    description: `sampling temperature (default ${DEFAULT_DECODING.temperature})`,
  },
  "top-p": {
    type: "string",
    description: `nucleus sampling mass (default ${DEFAULT_DECODING.top_p})`,
  },
  "max-new-tokens": {
    type: "string",
    description: `tokens per call (default ${DEFAULT_DECODING.max_new_tokens})`,
  },
  stop: {
    type: "string",
    multiple: true,
    description: "stop sequence (repeatable; replaces the defaults)",
  },
  threshold: { type: "string", description: "near-duplicate char 5-gram Jaccard (default 0.8)" },
  "max-calls": { type: "string", description: "call budget (default 3*ceil(n/per-call)+10)" },
  concurrency: { type: "string", description: "calls in flight at once (default 4)" },
  timeout: { type: "string", description: "seconds per call attempt (default 120; sagemaker 70)" },
  out: {
    type: "string",
    description: "output JSONL (FILE.rejects.jsonl and FILE.summary.json beside it)",
  },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID or a new id)" },
  quiet: { type: "boolean", description: "no progress output" },
  ...HELP_FLAG,
};

/** Runs the verb. */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("augment", args, FLAGS);
  if (flags.help) {
    console.log(
      "usage: deno task ade augment --train FILE --exclude FILE [--exclude FILE ...] [--corpus SOURCE]\n" +
        "         --generator offline|tgi|openai|sagemaker [--endpoint URL|NAME] [--n N] [--shots 5]\n" +
        "         [--seed S] --out FILE\n\n" + flagHelp(FLAGS),
    );
    return 0;
  }
  const trainPath = requireString("augment", flags, "train");
  const excludePaths = stringList(flags, "exclude");
  if (excludePaths.length === 0) {
    throw new UsageError("augment: --exclude is required (the test split; repeat for more files)");
  }
  const outPath = requireString("augment", flags, "out");
  const seed = numberFlag("augment", flags, "seed", 42, true);
  const timeoutSeconds = optionalString(flags, "timeout");
  const generator = createGenerator({
    generator: requireString("augment", flags, "generator"),
    endpoint: optionalString(flags, "endpoint"),
    model: optionalString(flags, "model"),
    region: optionalString(flags, "region"),
    apiKey: Deno.env.get("OPENAI_API_KEY"),
    seed,
    retry: timeoutSeconds !== undefined
      ? { timeoutMs: numberFlag("augment", flags, "timeout", 120) * 1000 }
      : undefined,
  });
  const templatePath = optionalString(flags, "template");
  const stops = stringList(flags, "stop");
  const result = await augment({
    trainPath,
    excludePaths,
    corpusSource: optionalString(flags, "corpus"),
    generator,
    n: numberFlag("augment", flags, "n", 300, true),
    shots: numberFlag("augment", flags, "shots", 5, true),
    perCall: numberFlag("augment", flags, "per-call", 5, true),
    seed,
    outPath,
    template: templatePath ? await readPromptTemplate(templatePath) : undefined,
    decoding: {
      temperature: numberFlag("augment", flags, "temperature", DEFAULT_DECODING.temperature),
      top_p: numberFlag("augment", flags, "top-p", DEFAULT_DECODING.top_p),
      max_new_tokens: numberFlag(
        "augment",
        flags,
        "max-new-tokens",
        DEFAULT_DECODING.max_new_tokens,
        true,
      ),
      stop: stops.length > 0 ? stops : [...DEFAULT_DECODING.stop],
    },
    maxCalls: flags["max-calls"] !== undefined
      ? numberFlag("augment", flags, "max-calls", 0, true)
      : undefined,
    concurrency: numberFlag("augment", flags, "concurrency", 4, true),
    threshold: numberFlag("augment", flags, "threshold", 0.8),
    storePath: optionalString(flags, "store") ?? defaultStorePath(),
    runId: optionalString(flags, "run-id") ?? Deno.env.get("ADE_RUN_ID"),
    quiet: flags.quiet === true,
  });
  const { summary: s } = result;
  const rejectedText = Object.entries(s.rejected).filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`).join(", ") || "none";
  console.log(
    `augment: ${s.accepted}/${s.requested} accepted from ${s.generated} candidates ` +
      `(${s.calls} calls, ${s.failed_calls} failed); rejected: ${rejectedText}`,
  );
  console.log(
    `  rows: ${result.outPath}\n  rejects: ${result.rejectsPath}\n  summary: ${result.summaryPath}`,
  );
  if (s.budget_exhausted) {
    console.error(
      `augment: the call budget (${s.max_calls} calls) ran out with ${s.accepted} of ${s.requested} ` +
        `rows accepted; raise --max-calls or check the failures in the summary`,
    );
    return s.accepted > 0 ? 0 : 1;
  }
  return 0;
}
