/** Loads the raw ADE Corpus V2 files into the rows of the Hugging Face `Ade_corpus_v2_classification` config. */
import { DataError } from "../core/mod.ts";
import { _ProblemLog } from "./_problem_log.ts";
import { _openSource, type SourceLine } from "./_text_source.ts";
import type { Mention, Reject, Row } from "./types.ts";

/** Raw corpus rows plus skipped lines. */
export interface CorpusRows {
  /** One `Adverse_Event` row per `DRUG-AE.rel` line (file order), then one `Not_AE` row per `ADE-NEG.txt` line. */
  rows: Row[];
  /** Lines skipped as invalid (only with `skipInvalid`). */
  rejects: Reject[];
  /** How the files were read, where a person should know (e.g. a re-encoded file); no data. */
  notes: string[];
}

/** Options for {@link loadCorpusFolder}. */
export interface LoadCorpusOptions {
  /** Skip invalid lines (one reject each) instead of failing after reading them all. */
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
/** `PMID NEG sentence`: separated by spaces, or tabs or no-break spaces after a spreadsheet or editor. */
const NEGATIVE_LINE = /^(\S+)(?:\s+(\S+))?(?:\s(.*))?$/;

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
  // The number fields may have picked up spaces (a spreadsheet's round trip); the texts are kept as they are.
  const [rawPmid, sentence, effect, rawEffectBegin, rawEffectEnd, drug, rawDrugBegin, rawDrugEnd] =
    fields;
  const [pmid, effectBegin, effectEnd, drugBegin, drugEnd] = [
    rawPmid,
    rawEffectBegin,
    rawEffectEnd,
    rawDrugBegin,
    rawDrugEnd,
  ].map((field) => field.trim());
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

/**
 * Reads `DRUG-AE.rel` and `ADE-NEG.txt` from `folder` into classification rows: 23,516 for the published
 * corpus (6,821 `Adverse_Event`, 16,695 `Not_AE`). Positive rows keep the PubMed id and their drug and effect
 * mention, with offsets in the sentence and the file's document-level offsets. Ids are stable:
 * `ae-<pmid>-<line>` and `neg-<pmid>-<line>`. The files are read as they reach users (a byte-order mark,
 * CRLF or CR line breaks, UTF-16, Windows-1252, gzip, trailing spaces or blank lines: see
 * `_text_source.ts`) and give the same rows as the published files. Every bad line is collected.
 * @param folder the corpus folder
 * @param options `skipInvalid` turns bad lines into rejects
 * @returns rows, rejects and notes
 * @throws {DataError} with file, line and field: missing file, undecodable lines, wrong column count,
 *   empty text, non-numeric offsets, a span whose length differs from its mention, a mention not in its
 *   sentence, an `ADE-NEG.txt` line without the `NEG` marker (all of them, the first 20 listed)
 * @example const { rows } = await loadCorpusFolder("../shared/data/ade_corpus_v2");
 */
export async function loadCorpusFolder(
  folder: string,
  options: LoadCorpusOptions = {},
): Promise<CorpusRows> {
  const problems = new _ProblemLog(options.skipInvalid ?? false);
  const base = folder.endsWith("/") ? folder.slice(0, -1) : folder;
  const relationFile = `${base}/DRUG-AE.rel`;
  const negativeFile = `${base}/ADE-NEG.txt`;
  const relationSource = await _openSource(relationFile);
  const negativeSource = await _openSource(negativeFile);
  const relations: ParsedRelation[] = [];
  for await (const source of relationSource.lines) {
    const text = _lineText(relationFile, source, problems);
    if (text === undefined) continue;
    const relation = problems.attempt(() => _parseRelation(relationFile, source.line, text));
    if (relation) relations.push(relation);
  }
  const located = _locateMentions(relations);
  const rows: Row[] = [];
  for (const relation of relations) {
    const mentions = located.get(relation.line)!;
    rows.push({
      id: `ae-${relation.pmid}-${relation.line}`,
      text: relation.sentence,
      label: "Adverse_Event",
      pmid: relation.pmid,
      drugs: mentions.drugs,
      effects: mentions.effects,
    });
  }
  for await (const source of negativeSource.lines) {
    const text = _lineText(negativeFile, source, problems);
    if (text === undefined) continue;
    const row = problems.attempt(() => _parseNegative(negativeFile, source.line, text));
    if (row) rows.push(row);
  }
  problems.throwIfFailed();
  return {
    rows,
    rejects: problems.sorted(),
    notes: [...relationSource.report.notes, ...negativeSource.report.notes],
  };
}

/**
 * The text of a corpus line without the spaces an editor may add at its end (no corpus line ends with
 * one), or undefined for a blank line (skipped) or one that could not be decoded (a problem).
 */
function _lineText(file: string, source: SourceLine, problems: _ProblemLog): string | undefined {
  if (source.text === undefined) {
    problems.add({ file, line: source.line, reason: source.problem ?? "unreadable line" });
    return undefined;
  }
  const text = source.text.trimEnd();
  return text.trim() === "" ? undefined : text;
}

function _parseNegative(file: string, line: number, text: string): Row {
  const [, pmid, marker, sentence = ""] = NEGATIVE_LINE.exec(text.trimStart()) ?? [];
  if (marker === undefined) {
    throw new DataError(
      { file, line, field: "columns" },
      'expected "PMID NEG sentence" (3 space-separated columns)',
    );
  }
  if (!PMID_PATTERN.test(pmid)) {
    throw new DataError(
      { file, line, field: "pmid" },
      `PubMed id must be digits, got ${JSON.stringify(pmid.slice(0, 20))}`,
    );
  }
  if (marker !== "NEG") {
    throw new DataError(
      { file, line, field: "label" },
      `unknown label ${JSON.stringify(marker.slice(0, 20))} (expected NEG)`,
    );
  }
  if (sentence.trim() === "") throw new DataError({ file, line, field: "sentence" }, "empty text");
  return { id: `neg-${pmid}-${line}`, text: sentence, label: "Not_AE", pmid };
}
