/**
 * The hash space of bench/classifier: for each size 2^16 … 2^22 (buckets per block), how many n-grams share
 * a bucket, and the F1 of the default model (out-of-fold inside the training split, and on the test split)
 * for several seeds; plus today's exact-vocabulary model (the baseline commit) for the same seeds. The default
 * size is the candidate (2^18–2^22) with the best mean out-of-fold F1 (never chosen by the test split).
 *
 * It reads the vectorizer's internal n-gram and hash functions (the strings exist only in this process's
 * memory, to count collisions exactly); nothing it writes holds text.
 *
 * Usage: deno run -A bench/classifier/hash_sweep.ts TRAIN.jsonl TEST.jsonl OUT.json [BASELINE_LIB_MODELS_MOD]
 */
import { readJsonl } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/types.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS, TextClassifier } from "../../lib/models/mod.ts";
import { hashCharGram, hashToken, hashWordGram } from "../../lib/models/_feature_hash.ts";
import { textNgrams } from "../../lib/models/_text_ngrams.ts";

/** Sizes (log2 of buckets per block) and seeds of the sweep. */
const SWEEP_BITS = [16, 17, 18, 19, 20, 21, 22];
const SWEEP_SEEDS = [42, 1, 2, 3];
/** Sizes a default may take: smaller ones merge too many kept n-grams to hold on larger training sets. */
const CANDIDATE_BITS = [18, 19, 20, 21, 22];

type Row = { text: string; label: Label; pmid?: string };

const [trainPath, testPath, outPath, baselineModule] = Deno.args;
if (!trainPath || !testPath || !outPath) {
  console.error("usage: hash_sweep.ts TRAIN.jsonl TEST.jsonl OUT.json [BASELINE_MODELS_MOD]");
  Deno.exit(2);
}
const train = await readJsonl<Row>(trainPath);
const test = await readJsonl<Row>(testPath);
const hp = DEFAULT_HYPERPARAMETERS;

/** Document frequency of every distinct n-gram string of one block, and its hash. */
function distinctNgrams(kind: "word" | "char"): Map<string, { df: number; hash: number }> {
  const grams = new Map<string, { df: number; hash: number }>();
  const options = {
    wordNgramMax: hp.word_ngram_max,
    charNgramMin: hp.char_ngram_min,
    charNgramMax: hp.char_ngram_max,
  };
  for (const row of train) {
    for (const gram of new Set(textNgrams(row.text, options)[kind])) {
      let entry = grams.get(gram);
      if (!entry) {
        const hash = kind === "word"
          ? hashWordGram(gram.split(" ").map(hashToken))
          : hashCharGram(gram);
        entry = { df: 0, hash };
        grams.set(gram, entry);
      }
      entry.df++;
    }
  }
  return grams;
}

/** Collision counts of one block in a space of 2^bits buckets. */
function collisions(grams: Map<string, { df: number; hash: number }>, bits: number) {
  const mask = (1 << bits) - 1;
  const all = new Map<number, number>();
  const kept = new Map<number, number>();
  for (const { df, hash } of grams.values()) {
    const bucket = hash & mask;
    all.set(bucket, (all.get(bucket) ?? 0) + 1);
    if (df >= hp.min_df) kept.set(bucket, (kept.get(bucket) ?? 0) + 1);
  }
  let keptGrams = 0, sharingAny = 0, sharingKept = 0;
  for (const { df, hash } of grams.values()) {
    if (df < hp.min_df) continue;
    keptGrams++;
    const bucket = hash & mask;
    if (all.get(bucket)! > 1) sharingAny++;
    if (kept.get(bucket)! > 1) sharingKept++;
  }
  return {
    distinct_ngrams: grams.size,
    kept_ngrams: keptGrams,
    occupied_buckets: all.size,
    kept_sharing_a_bucket: sharingAny / keptGrams,
    kept_sharing_with_a_kept_ngram: sharingKept / keptGrams,
  };
}

function fitAndScore(
  fit: typeof TextClassifier.fit,
  hyperparameters: Record<string, unknown>,
  seed: number,
) {
  const model = fit(
    train.map((r) => r.text),
    train.map((r) => r.label),
    hyperparameters as typeof hp,
    { seed, groups: train.map((r) => r.pmid) },
  );
  const predicted = model.predict(test.map((r) => r.text));
  const metrics = computeMetrics(
    test.map((r) => r.label),
    predicted.map((p) => (p.label === "Adverse_Event" ? 1 : 0)),
    0.5,
  );
  return {
    seed,
    features: model.summary.features,
    out_of_fold_f1: model.summary.outOfFoldF1,
    test_f1: metrics.f1,
  };
}

const word = distinctNgrams("word");
const char = distinctNgrams("char");
const sizes = [];
for (const bits of SWEEP_BITS) {
  const runs = SWEEP_SEEDS.map((seed) => {
    console.error(`[hash sweep] 2^${bits} seed ${seed}`);
    return fitAndScore(TextClassifier.fit, { ...hp, n_features: 2 ** bits }, seed);
  });
  sizes.push({
    bits,
    buckets_per_block: 2 ** bits,
    word: collisions(word, bits),
    char: collisions(char, bits),
    runs,
    mean_out_of_fold_f1: runs.reduce((s, r) => s + r.out_of_fold_f1!, 0) / runs.length,
    mean_test_f1: runs.reduce((s, r) => s + r.test_f1, 0) / runs.length,
  });
}
let baseline = null;
if (baselineModule) {
  const old = await import(baselineModule) as { TextClassifier: typeof TextClassifier };
  // Today's code knows neither hashing nor corpus evidence.
  const { n_features: _unused, evidence: _none, ...oldHp } = hp;
  const runs = SWEEP_SEEDS.map((seed) => {
    console.error(`[hash sweep] today's exact vocabulary, seed ${seed}`);
    return fitAndScore(old.TextClassifier.fit, oldHp, seed);
  });
  baseline = {
    runs,
    mean_out_of_fold_f1: runs.reduce((s, r) => s + r.out_of_fold_f1!, 0) / runs.length,
    mean_test_f1: runs.reduce((s, r) => s + r.test_f1, 0) / runs.length,
  };
}
const chosen = sizes.filter((size) => CANDIDATE_BITS.includes(size.bits)).reduce((best, size) =>
  size.mean_out_of_fold_f1 > best.mean_out_of_fold_f1 ? size : best
);
await Deno.writeTextFile(
  outPath,
  JSON.stringify(
    {
      seeds: SWEEP_SEEDS,
      min_df: hp.min_df,
      sizes,
      baseline,
      candidate_bits: CANDIDATE_BITS,
      best_by_out_of_fold_f1: chosen.bits,
    },
    null,
    2,
  ),
);
