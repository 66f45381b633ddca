/** `ade augment`: synthetic adverse-event sentences from few-shot prompts, screened for contamination. */
import { createGenerator, DEFAULT_DECODING, readPromptTemplate } from "../../augment/mod.ts";
import { recordAugment } from "../../record/mod.ts";
import { defineVerb } from "../define_verb.ts";
import {
  NEW_RUN_RECORDING_FLAGS,
  QUIET_FLAG,
  recordingFrom,
  seedFlag,
  seedFrom,
} from "../flag_sets.ts";

const verb = defineVerb({
  name: "augment",
  summary: "generate screened synthetic AE sentences (offline, TGI, OpenAI-compatible, SageMaker)",
  usage: [
    "--train FILE --exclude FILE [--exclude FILE ...] [--corpus SOURCE]",
    "  --generator offline|tgi|openai|sagemaker [--endpoint URL|NAME] [--n N] [--shots 5] [--seed S] --out FILE",
  ],
  flags: {
    train: {
      type: "string",
      description: "training JSONL/CSV: the only source of prompt examples",
    },
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
    ...seedFlag("every random choice"),
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
    timeout: {
      type: "string",
      description: "seconds per call attempt (default 120; sagemaker 70)",
    },
    out: {
      type: "string",
      description: "output JSONL (FILE.rejects.jsonl and FILE.summary.json beside it)",
    },
    ...NEW_RUN_RECORDING_FLAGS,
    ...QUIET_FLAG,
  },
  async run(flags) {
    const trainPath = flags.required("train");
    const excludePaths = flags.list("exclude");
    if (excludePaths.length === 0) {
      throw flags.error("--exclude is required (the test split; repeat for more files)");
    }
    const outPath = flags.required("out");
    const seed = seedFrom(flags);
    const generator = createGenerator({
      generator: flags.required("generator"),
      endpoint: flags.string("endpoint"),
      model: flags.string("model"),
      region: flags.string("region"),
      apiKey: Deno.env.get("OPENAI_API_KEY"),
      seed,
      retry: flags.given("timeout")
        ? { timeoutMs: flags.number("timeout", 120) * 1000 }
        : undefined,
    });
    const templatePath = flags.string("template");
    const stops = flags.list("stop");
    const result = await recordAugment({
      trainPath,
      excludePaths,
      corpusSource: flags.string("corpus"),
      generator,
      n: flags.integer("n", 300),
      shots: flags.integer("shots", 5),
      perCall: flags.integer("per-call", 5),
      seed,
      outPath,
      template: templatePath ? await readPromptTemplate(templatePath) : undefined,
      decoding: {
        temperature: flags.number("temperature", DEFAULT_DECODING.temperature),
        top_p: flags.number("top-p", DEFAULT_DECODING.top_p),
        max_new_tokens: flags.integer("max-new-tokens", DEFAULT_DECODING.max_new_tokens),
        stop: stops.length > 0 ? stops : [...DEFAULT_DECODING.stop],
      },
      maxCalls: flags.integer("max-calls"),
      concurrency: flags.integer("concurrency", 4),
      threshold: flags.number("threshold", 0.8),
      quiet: flags.boolean("quiet"),
    }, recordingFrom(flags));
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
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args arguments after `augment`
 * @returns exit code (1 when the call budget ran out with nothing accepted)
 * @throws {UsageError} bad flags; {@link DataError} bad input files
 */
export const run = verb.run;
