/** Private: the data section — source, split, sizes, leakage, random vs grouped F1, the training domain. */
import { formatCount, formatMetric, formatPercent, formatSigned } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

const SPLIT_WORDS: Record<string, string> = {
  grouped: "grouped by PubMed abstract: duplicates merged, whole abstracts on one side",
  dedup: "de-duplicated, then rows at random (sentences of one abstract on both sides)",
  random: "rows at random, as the reference study (copies of test sentences in training)",
};

/** The data section's blocks. */
export function _dataBlocks(content: ReportContent): _ReportBlock[] {
  const { data } = content;
  const blocks: _ReportBlock[] = [{
    kind: "heading",
    level: 2,
    text: "The data behind the numbers",
    id: "data",
  }];
  const rows: string[][] = [];
  const share = (counts: { rows: number; positives: number }) =>
    `${formatCount(counts.rows)} (${formatCount(counts.positives)} AE, ${
      formatPercent(counts.positives / Math.max(1, counts.rows))
    })`;
  rows.push([
    "Source",
    data.source === null
      ? "not recorded (no prepare run found)"
      : data.publicCorpus
      ? `ADE Corpus V2 (\`${
        data.source === "hf" ? "hf" : _basename(data.source)
      }\`): MEDLINE case-report sentences`
      : `your data (\`${_basename(data.source)}\`)`,
  ]);
  rows.push([
    "Split",
    data.split
      ? `\`${data.split}\` — ${SPLIT_WORDS[data.split] ?? data.split}${
        data.seed === null ? "" : `; seed ${data.seed}`
      }`
      : "not recorded",
  ]);
  if (data.train) rows.push(["Training sentences", share(data.train)]);
  if (data.test) rows.push(["Test sentences", share(data.test)]);
  if (data.leakage) {
    rows.push(
      ["Test sentences whose text is in training", formatCount(data.leakage.text_overlap)],
      ["Test sentences whose abstract is in training", formatCount(data.leakage.pmid_overlap)],
      [
        "Test AE sentences seen verbatim in training",
        formatPercent(data.leakage.test_positive_text_in_train),
      ],
    );
  }
  blocks.push({
    kind: "table",
    header: ["", ""],
    rows,
    align: ["left", "left"],
    className: "facts",
  });

  const reference = content.comparison.entries[0];
  if (data.randomSplit && reference) {
    const random = data.randomSplit;
    const interval = (ci: { low: number; high: number } | null) =>
      ci ? ` (${formatMetric(ci.low)}–${formatMetric(ci.high)})` : "";
    blocks.push(
      {
        kind: "paragraph",
        text: `The same model family on the reference study's random row split (evaluate run ` +
          `\`${random.run.name}\`, record \`${random.run.id}\`), next to ${reference.configuration} on ` +
          "the split above:",
      },
      {
        kind: "table",
        header: ["split", "test sentences", "test AE seen verbatim in training", "F1 (95% CI)"],
        align: ["left", "right", "right", "right"],
        rows: [
          [
            `${data.split ?? "this split"} (${reference.configuration})`,
            formatCount(reference.metrics.n),
            data.leakage ? formatPercent(data.leakage.test_positive_text_in_train) : "–",
            `${formatMetric(reference.metrics.f1)}${interval(reference.metrics.f1_ci)}`,
          ],
          [
            `random (${random.run.name})`,
            formatCount(random.leakage.test_rows),
            formatPercent(random.leakage.test_positive_text_in_train),
            `${formatMetric(random.f1)}${interval(random.f1_ci)}`,
          ],
        ],
      },
      {
        kind: "paragraph",
        text:
          `The random split's F1 is ${
            random.f1 > reference.metrics.f1 ? "higher" : "not higher"
          } (${formatSigned(random.f1 - reference.metrics.f1)}): its test part shares ` +
          "sentences and abstracts with training, so part of its score is memory, not skill. Quote " +
          "the grouped number.",
      },
    );
  } else {
    blocks.push({
      kind: "paragraph",
      text: "No random-split evaluation in the store to set beside it (notebook 02 and " +
        "`deno task pipeline` record one).",
    });
  }
  blocks.push({ kind: "figure", key: "leakage" });
  return blocks;
}

function _basename(path: string): string {
  return path.replace(/\/+$/, "").split("/").at(-1) ?? path;
}
