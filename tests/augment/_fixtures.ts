/** Small made-up training and test files for the augment tests (no corpus text). */
import { writeJsonl } from "../../lib/core/mod.ts";
import type { Row } from "../../lib/data/types.ts";

const DRUGS = [
  "zolvarin",
  "mextrabol",
  "quindaxe",
  "perlitone",
  "dravocet",
  "fenlumab",
  "tirasolone",
  "brixatide",
  "coramine",
  "velquinol",
  "ostrafen",
  "lumidarex",
];
const EFFECTS = [
  "acute nephritis",
  "toxic hepatitis",
  "severe neutropenia",
  "bullous rash",
  "optic neuritis",
  "hyperkalemia",
  "myoclonus",
  "pancreatitis",
  "torsades de pointes",
  "aseptic meningitis",
  "hair loss",
  "tinnitus",
];
const FRAMES = [
  (drug: string, effect: string) =>
    `A 54-year-old man developed ${effect} two weeks after starting ${drug} for chronic pain.`,
  (drug: string, effect: string) =>
    `We describe a woman in whom ${drug} therapy was complicated by ${effect} that resolved on withdrawal.`,
  (drug: string, effect: string) =>
    `${cap(drug)}-associated ${effect} occurred in an elderly patient with renal impairment.`,
];

function cap(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function positive(index: number, drug: string, effect: string): Row {
  const text = FRAMES[index % FRAMES.length](drug, effect);
  const lower = text.toLowerCase();
  const drugStart = lower.indexOf(drug.toLowerCase());
  const effectStart = text.indexOf(effect);
  return {
    id: `ae-${index}`,
    text,
    label: "Adverse_Event",
    pmid: String(1000 + index),
    drugs: [{
      text: text.slice(drugStart, drugStart + drug.length),
      start: drugStart,
      end: drugStart + drug.length,
    }],
    effects: [{ text: effect, start: effectStart, end: effectStart + effect.length }],
  };
}

/** Training rows: 12 positives (one drug each) and 4 negatives. */
export function trainRows(): Row[] {
  const rows: Row[] = DRUGS.map((drug, i) => positive(i, drug, EFFECTS[i]));
  for (let i = 0; i < 4; i++) {
    rows.push({
      id: `neg-${i}`,
      text: `Plasma levels of ${DRUGS[i]} were measured in ${
        20 + i
      } healthy volunteers without incident.`,
      label: "Not_AE",
      pmid: String(2000 + i),
    });
  }
  return rows;
}

/** Test rows: sentences a generator must never reproduce. */
export function testRows(): Row[] {
  return [
    {
      id: "test-1",
      text:
        "Fulminant liver failure followed a single course of oral kavastatin in a previously healthy teenager.",
      label: "Adverse_Event",
      pmid: "3001",
    },
    {
      id: "test-2",
      text:
        "Serum sodium was monitored daily during the first week of treatment in all enrolled patients.",
      label: "Not_AE",
      pmid: "3002",
    },
  ];
}

/** Writes train.jsonl and test.jsonl into a new temp folder. */
export async function writeSplit(): Promise<{ dir: string; trainPath: string; testPath: string }> {
  const dir = await Deno.makeTempDir({ prefix: "augment-test-" });
  const trainPath = `${dir}/train.jsonl`;
  const testPath = `${dir}/test.jsonl`;
  await writeJsonl(trainPath, trainRows());
  await writeJsonl(testPath, testRows());
  return { dir, trainPath, testPath };
}
