/** Private: links to the model folders' cards (and, in the HTML, their text). */
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

/** The model-card blocks. */
export function _modelCardBlocks(content: ReportContent): _ReportBlock[] {
  const blocks: _ReportBlock[] = [{
    kind: "heading",
    level: 2,
    text: "Model cards",
    id: "model-cards",
  }];
  if (content.modelCards.length === 0) {
    blocks.push({
      kind: "paragraph",
      text:
        "No model folder of these runs holds a `MODEL_CARD.md` (models trained before cards were written).",
    });
    return blocks;
  }
  blocks.push({
    kind: "list",
    items: content.modelCards.map((card) =>
      `${card.configuration}: [MODEL_CARD.md](${
        encodeURI(card.href)
      }) — intended use, training data, ` +
      "threshold, metrics with intervals, limitations, licence"
    ),
  });
  for (const card of content.modelCards) {
    blocks.push({
      kind: "details",
      summary: `Model card of ${card.configuration}`,
      text: card.markdown,
    });
  }
  return blocks;
}
