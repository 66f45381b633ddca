/** Private: the training domain (what the numbers cover and what they do not) and per-source tables. */
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/**
 * The domain section: for the public corpus its paragraphs as the domain section words them; for a user's
 * own data one sentence about that data instead (the numbers hold for data like it); then the per-source
 * table of other text sources, when the study measured some.
 */
export function _domainBlocks(content: ReportContent): _ReportBlock[] {
  const { paragraphs, table, notes } = content.domain;
  const ownData = !content.data.publicCorpus && content.data.source !== null;
  const text = ownData
    ? [
      "Training domain: your own data. Every number above holds for data like it only; other sources " +
      "need their own labelled evaluation (`evaluate --by source`) and, where they differ, `adapt`.",
      ...paragraphs.slice(2),
    ]
    : paragraphs;
  return [
    { kind: "heading", level: 2, text: "Training domain and other sources", id: "domain" },
    ...text.map((paragraph): _ReportBlock => ({ kind: "paragraph", text: paragraph })),
    ...(table
      ? [
        {
          kind: "table",
          header: table.header,
          rows: table.rows,
          align: table.header.map((_, i) => (i === 0 ? "left" : "right")),
          className: "by-source",
        } as _ReportBlock,
        { kind: "list", items: notes } as _ReportBlock,
      ]
      : []),
  ];
}
