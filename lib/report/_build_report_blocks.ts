/** Private: the whole report as blocks, section by section, for the HTML and the markdown renderers. */
import { _calibrationBlocks } from "./_calibration_blocks.ts";
import { _comparisonBlocks } from "./_comparison_blocks.ts";
import { _dataBlocks } from "./_data_blocks.ts";
import { _domainBlocks } from "./_domain_blocks.ts";
import { _errorBlocks } from "./_error_blocks.ts";
import { _modelCardBlocks } from "./_model_card_blocks.ts";
import { _operatingPointBlocks } from "./_operating_point_blocks.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";
import { _reproducibilityBlocks } from "./_reproducibility_blocks.ts";
import { _summaryBlocks, _textBanner } from "./_summary_blocks.ts";
import { _tuningBlocks } from "./_tuning_blocks.ts";

/**
 * The report's sections in reading order: the text banner, the answers at a glance, the data, the
 * training domain (and other sources when measured), the comparison and its findings, the operating points, the comparison's charts, calibration, the error
 * analysis, tuning, the model cards and the reproducibility block.
 */
export function _buildReportBlocks(content: ReportContent): _ReportBlock[] {
  return [
    _textBanner(content),
    ..._summaryBlocks(content),
    ..._dataBlocks(content),
    ..._domainBlocks(content),
    ..._comparisonBlocks(content),
    ..._operatingPointBlocks(content),
    { kind: "heading", level: 2, text: "Charts of the comparison", id: "charts" },
    { kind: "figure", key: "f1-ci" },
    { kind: "figure", key: "pr-curves" },
    { kind: "figure", key: "confusion" },
    ..._calibrationBlocks(content),
    ..._errorBlocks(content),
    ..._tuningBlocks(content),
    ..._modelCardBlocks(content),
    ..._reproducibilityBlocks(content),
  ];
}
