/** Loads the raw ADE Corpus V2 files into the rows of the Hugging Face `Ade_corpus_v2_classification` config. */
import { DataError, type DataLocation } from "../core/mod.ts";
import { readTextLines } from "./_text_lines.ts";
import type { Mention, Reject, Row } from "./types.ts";

/** Raw corpus rows plus skipped lines. */
export interface CorpusRows {
  /** One `Adverse_Event` row per `DRUG-AE.rel` line (file order), then one `Not_AE` row per `ADE-NEG.txt` line. */
  rows: Row[];
  /** Lines skipped as invalid (only with `skipInvalid`). */
  rejects: Reject[];
}

/** Options for {@link loadCorpusFolder}. */
export interface LoadCorpusOptions {
  /** Skip invalid lines (one reject each) instead of failing on the first. */
  skipInvalid?: boolean;
}

/** Columns of `DRUG-AE.rel`, in order. */
export const DRUG_AE_COLUMNS = [
  "pmid",
  "sentence",
  "effect",
  "effect_begin",
  "effect_end",
  "drug",
  "drug_begin",
  "drug_end",
] as const;

interface ParsedRelation {
  line: number;
  pmid: string;
  sentence: string;
  mentions: Array<{ kind: "effect" | "drug"; text: string; docStart: number; docEnd: number }>;
}

const PMID_PATTERN = /^[0-9]+$/;
const OFFSET_PATTERN = /^[0-9]+$/;

function _occurrences(sentence: string, mention: string): number[] {
  const found: number[] = [];
  let from = sentence.indexOf(mention);
  while (from >= 0) {
    found.push(from);
    from = sentence.indexOf(mention, from + 1);
  }
  return found;
}

function _parseRelation(file: string, line: number, text: string): ParsedRelation {
  const fields = text.split("|");
  if (fields.length !== DRUG_AE_COLUMNS.length) {
    throw new DataError(
      { file, line, field: "columns" },
      `expected ${DRUG_AE_COLUMNS.length} "|"-separated columns, found ${fields.length}`,
    );
  }
  const [pmid, sentence, effect, effectBegin, effectEnd, drug, drugBegin, drugEnd] = fields;
  if (!PMID_PATTERN.test(pmid)) {
    throw new DataError(
      { file, line, field: "pmid" },
      `PubMed id must be digits, got ${JSON.stringify(pmid.slice(0, 20))}`,
    );
  }
  if (sentence.trim() === "") throw new DataError({ file, line, field: "sentence" }, "empty text");
  const mentions: ParsedRelation["mentions"] = [];
  const specs = [
    {
      kind: "effect" as const,
      text: effect,
      begin: effectBegin,
      end: effectEnd,
      names: ["effect", "effect_begin", "effect_end"],
    },
    {
      kind: "drug" as const,
      text: drug,
      begin: drugBegin,
      end: drugEnd,
      names: ["drug", "drug_begin", "drug_end"],
    },
  ];
  for (const spec of specs) {
    const [nameField, beginField, endField] = spec.names;
    if (spec.text === "") throw new DataError({ file, line, field: nameField }, "empty mention");
    if (!OFFSET_PATTERN.test(spec.begin)) {
      throw new DataError(
        { file, line, field: beginField },
        `offset is not a number: ${JSON.stringify(spec.begin.slice(0, 20))}`,
      );
    }
    if (!OFFSET_PATTERN.test(spec.end)) {
      throw new DataError(
        { file, line, field: endField },
        `offset is not a number: ${JSON.stringify(spec.end.slice(0, 20))}`,
      );
    }
    const docStart = Number(spec.begin), docEnd = Number(spec.end);
    if (docEnd - docStart !== spec.text.length) {
      throw new DataError(
        { file, line, field: endField },
        `span ${docStart}-${docEnd} has length ${
          docEnd - docStart
        }, but the mention has length ${spec.text.length}`,
      );
    }
    if (!sentence.includes(spec.text)) {
      throw new DataError({ file, line, field: nameField }, "mention not found in its sentence");
    }
    mentions.push({ kind: spec.kind, text: spec.text, docStart, docEnd });
  }
  return { line, pmid, sentence, mentions };
}

/**
 * Places every mention inside its sentence. All relation lines of one sentence in one abstract share the
 * sentence's document offset, so the offset supported by most mentions wins; each mention then takes the
 * occurrence that matches it, or the nearest one when none matches exactly.
 */
function _locateMentions(
  relations: ParsedRelation[],
): Map<number, { drugs: Mention[]; effects: Mention[] }> {
  const bySentence = new Map<string, ParsedRelation[]>();
  for (const relation of relations) {
    const key = relation.pmid + "\u0000" + relation.sentence;
    const list = bySentence.get(key);
    if (list) list.push(relation);
    else bySentence.set(key, [relation]);
  }
  const located = new Map<number, { drugs: Mention[]; effects: Mention[] }>();
  for (const group of bySentence.values()) {
    const votes = new Map<number, number>();
    const occurrenceCache = new Map<string, number[]>();
    const occurrencesOf = (sentence: string, text: string) => {
      let list = occurrenceCache.get(text);
      if (!list) {
        list = _occurrences(sentence, text);
        occurrenceCache.set(text, list);
      }
      return list;
    };
    for (const relation of group) {
      for (const mention of relation.mentions) {
        for (const position of occurrencesOf(relation.sentence, mention.text)) {
          const sentenceStart = mention.docStart - position;
          votes.set(sentenceStart, (votes.get(sentenceStart) ?? 0) + 1);
        }
      }
    }
    let bestStart = 0, bestVotes = -1;
    for (const [start, count] of votes) {
      if (count > bestVotes || (count === bestVotes && start < bestStart)) {
        bestStart = start;
        bestVotes = count;
      }
    }
    for (const relation of group) {
      const drugs: Mention[] = [], effects: Mention[] = [];
      for (const mention of relation.mentions) {
        const expected = mention.docStart - bestStart;
        let chosen = -1;
        for (const position of occurrencesOf(relation.sentence, mention.text)) {
          if (chosen < 0 || Math.abs(position - expected) < Math.abs(chosen - expected)) {
            chosen = position;
          }
        }
        const placed: Mention = {
          text: mention.text,
          start: chosen,
          end: chosen + mention.text.length,
          doc_start: mention.docStart,
          doc_end: mention.docEnd,
        };
        (mention.kind === "drug" ? drugs : effects).push(placed);
      }
      located.set(relation.line, { drugs, effects });
    }
  }
  return located;
}

function _collect<T>(
  skipInvalid: boolean,
  rejects: Reject[],
  parse: () => T,
): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof DataError) || !skipInvalid) throw error;
    const location: DataLocation = error.location;
    rejects.push({ ...location, reason: error.reason });
    return undefined;
  }
}

/**
 * Reads `DRUG-AE.rel` and `ADE-NEG.txt` from `folder` into classification rows: 23,516 for the published
 * corpus (6,821 `Adverse_Event`, 16,695 `Not_AE`). Positive rows keep the PubMed id and their drug and effect
 * mention, with offsets in the sentence and the file's document-level offsets. Ids are stable:
 * `ae-<pmid>-<line>` and `neg-<pmid>-<line>`.
 * @param folder the corpus folder
 * @param options `skipInvalid` turns bad lines into rejects
 * @returns rows and rejects
 * @throws {DataError} with file, line and field: missing file, invalid UTF-8, wrong column count, empty text,
 *   non-numeric offsets, a span whose length differs from its mention, a mention not in its sentence,
 *   an `ADE-NEG.txt` line without the `NEG` marker
 * @example const { rows } = await loadCorpusFolder("../shared/data/ade_corpus_v2");
 */
export async function loadCorpusFolder(
  folder: string,
  options: LoadCorpusOptions = {},
): Promise<CorpusRows> {
  const skipInvalid = options.skipInvalid ?? false;
  const base = folder.endsWith("/") ? folder.slice(0, -1) : folder;
  const relationFile = `${base}/DRUG-AE.rel`;
  const negativeFile = `${base}/ADE-NEG.txt`;
  const [relationText, negativeText] = await Promise.all([
    readTextLines(relationFile, skipInvalid),
    readTextLines(negativeFile, skipInvalid),
  ]);
  const rejects: Reject[] = [...relationText.rejects];
  const relations: ParsedRelation[] = [];
  relationText.lines.forEach((text, index) => {
    if (text === undefined) return;
    const line = index + 1;
    if (text.trim() === "") {
      _collect(skipInvalid, rejects, () => {
        throw new DataError({ file: relationFile, line }, "empty line");
      });
      return;
    }
    const relation = _collect(skipInvalid, rejects, () => _parseRelation(relationFile, line, text));
    if (relation) relations.push(relation);
  });
  const located = _locateMentions(relations);
  const rows: Row[] = relations.map((relation) => {
    const mentions = located.get(relation.line)!;
    return {
      id: `ae-${relation.pmid}-${relation.line}`,
      text: relation.sentence,
      label: "Adverse_Event",
      pmid: relation.pmid,
      drugs: mentions.drugs,
      effects: mentions.effects,
    };
  });
  rejects.push(...negativeText.rejects);
  negativeText.lines.forEach((text, index) => {
    if (text === undefined) return;
    const line = index + 1;
    const row = _collect(skipInvalid, rejects, (): Row => {
      if (text.trim() === "") throw new DataError({ file: negativeFile, line }, "empty line");
      const first = text.indexOf(" ");
      const second = first < 0 ? -1 : text.indexOf(" ", first + 1);
      if (second < 0) {
        throw new DataError(
          { file: negativeFile, line, field: "columns" },
          'expected "PMID NEG sentence" (3 space-separated columns)',
        );
      }
      const pmid = text.slice(0, first);
      const marker = text.slice(first + 1, second);
      const sentence = text.slice(second + 1);
      if (!PMID_PATTERN.test(pmid)) {
        throw new DataError(
          { file: negativeFile, line, field: "pmid" },
          `PubMed id must be digits, got ${JSON.stringify(pmid.slice(0, 20))}`,
        );
      }
      if (marker !== "NEG") {
        throw new DataError(
          { file: negativeFile, line, field: "label" },
          `unknown label ${JSON.stringify(marker.slice(0, 20))} (expected NEG)`,
        );
      }
      if (sentence.trim() === "") {
        throw new DataError({ file: negativeFile, line, field: "sentence" }, "empty text");
      }
      return { id: `neg-${pmid}-${line}`, text: sentence, label: "Not_AE", pmid };
    });
    if (row) rows.push(row);
  });
  return { rows, rejects };
}
