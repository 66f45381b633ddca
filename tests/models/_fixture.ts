/** A small synthetic labelled corpus for classifier tests (no patient text). */
import { createRng } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/types.ts";

export interface Corpus {
  texts: string[];
  labels: Label[];
  groups: string[];
}

/** Deterministic toy sentences: adverse-event phrasing vs neutral phrasing, with shared noise words. */
export function toyCorpus(size: number, seed: number): Corpus {
  const rng = createRng(seed);
  const drugs = ["aspirin", "warfarin", "lithium", "cisplatin", "heparin", "digoxin"];
  const effects = ["rash", "nausea", "neutropenia", "hepatitis", "seizures", "hypotension"];
  const noise = ["patient", "dose", "weeks", "daily", "study", "case", "report", "therapy"];
  const texts: string[] = [], labels: Label[] = [], groups: string[] = [];
  for (let i = 0; i < size; i++) {
    const drug = drugs[rng.int(drugs.length)];
    const effect = effects[rng.int(effects.length)];
    const filler = `${noise[rng.int(noise.length)]} ${noise[rng.int(noise.length)]}`;
    const positive = rng.next() < 0.3;
    const flip = rng.next() < 0.05;
    texts.push(
      positive
        ? `${effect} developed after ${drug} ${filler}.`
        : `${drug} was given for ${filler} without ${effect}.`,
    );
    labels.push(positive !== flip ? "Adverse_Event" : "Not_AE");
    groups.push(`pmid${Math.floor(i / 3)}`);
  }
  return { texts, labels, groups };
}
