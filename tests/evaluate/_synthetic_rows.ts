/** Made-up sentences (no corpus or patient text) for tests that fit real models. */
import { createRng } from "../../lib/core/random.ts";
import type { Row } from "../../lib/data/types.ts";

const DRUGS = [
  "zalomycin",
  "brevatol",
  "quintarex",
  "movidane",
  "sertaplex",
  "loxafen",
  "dupranol",
];
const EFFECTS = ["rash", "nausea", "hepatitis", "seizures", "tremor", "neutropenia", "vertigo"];
const AE_TEMPLATES = [
  "The patient developed {effect} after starting {drug}.",
  "{effect} was attributed to {drug} therapy.",
  "Severe {effect} occurred during treatment with {drug}.",
  "We report {effect} induced by {drug} in an adult.",
];
const OTHER_TEMPLATES = [
  "The {drug} dose was increased to {dose} mg daily.",
  "Patients received {drug} for {dose} weeks in this trial.",
  "Plasma levels of {drug} were measured at baseline.",
  "A history of {effect} was noted before admission.",
];

/**
 * Labelled rows with PubMed-like group ids (4 sentences per group), ~30% `Adverse_Event`, made-up text.
 * Some noise (a few flipped labels) keeps the task from being perfectly separable.
 * @param count number of rows
 * @param seed seed of the generator
 * @param idPrefix prefix of row ids and group ids
 */
export function syntheticRows(count: number, seed: number, idPrefix = "s"): Row[] {
  const rng = createRng(seed);
  const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)];
  return Array.from({ length: count }, (_, index) => {
    const adverse = rng.next() < 0.3;
    const template = pick(adverse ? AE_TEMPLATES : OTHER_TEMPLATES);
    const text = template
      .replace("{drug}", pick(DRUGS))
      .replace("{effect}", pick(EFFECTS))
      .replace("{dose}", String(5 + rng.int(40)));
    // A case number keeps sentences distinct: identical texts would tie groups together in the folds.
    const sentence = `${text} Case ${index + 1}.`;
    const flipped = rng.next() < 0.05;
    return {
      id: `${idPrefix}${index + 1}`,
      text: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`,
      label: adverse !== flipped ? "Adverse_Event" : "Not_AE",
      pmid: `${idPrefix}-pmid-${Math.floor(index / 4)}`,
    };
  });
}

/** Writes rows as JSONL and returns the path. */
export async function writeRows(path: string, rows: readonly Row[]): Promise<string> {
  await Deno.writeTextFile(path, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  return path;
}
