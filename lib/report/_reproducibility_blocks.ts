/** Private: the reproducibility block as tables — versions and hashes, configurations, every interval. */
import { describeIntervalMethod } from "../metrics/mod.ts";
import { formatCount } from "./_format.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";

function _json(value: unknown): string {
  return JSON.stringify(value) ?? "–";
}

/** The reproducibility blocks. */
export function _reproducibilityBlocks(content: ReportContent): _ReportBlock[] {
  const block = content.reproducibility;
  const { comparison } = content;
  const facts: string[][] = [
    ["Run id", `\`${block.runId}\``],
    ["Generated", block.generatedAt],
    ["Code commit", `\`${block.commit ?? "unknown (not a git checkout)"}\``],
    [
      "Runtime",
      `Deno ${block.versions.deno} (V8 ${block.versions.v8}, TypeScript ${block.versions.typescript})`,
    ],
    [
      "Packages",
      Object.entries(block.versions.packages).map(([name, version]) => `${name}@${version}`).join(
        ", ",
      ) ||
      "unknown",
    ],
    [
      "Dataset manifest SHA-256",
      block.data.manifestHashes.map((hash) => `\`${hash}\``).join(", ") || "not recorded",
    ],
    [
      "Data files SHA-256",
      `${
        block.data.fileHashes
          ? Object.entries(block.data.fileHashes).map(([name, hash]) => `${name} \`${hash}\``).join(
            ", ",
          )
          : "unknown"
      } (${block.data.note})`,
    ],
  ];
  if (block.data.split) facts.push(["Split", `\`${_json(block.data.split)}\``]);
  const intervals: string[][] = comparison.entries.map((entry) => {
    const ci = entry.metrics.f1_ci;
    return [
      `F1 of ${entry.configuration}`,
      describeIntervalMethod(ci.method),
      formatCount(ci.resamples),
      _json(entry.run.params.seed ?? "–"),
      "95%",
    ];
  });
  const paired = comparison.entries.find((entry) => entry.versusBaseline)?.versusBaseline;
  if (paired) {
    intervals.push([
      `ΔF1 vs ${comparison.entries[0].configuration}`,
      `paired ${describeIntervalMethod(paired.method)}`,
      formatCount(paired.resamples),
      String(comparison.seed),
      "95%",
    ]);
  }
  for (const entry of comparison.entries) {
    const ci = entry.metrics.operating_points_ci;
    intervals.push([
      `operating points of ${entry.configuration}`,
      `${describeIntervalMethod(ci.method)} (threshold re-chosen per resample for recall targets)`,
      formatCount(ci.resamples),
      _json(entry.run.params.seed ?? "–"),
      `${Math.round(ci.level * 100)}%`,
    ]);
  }
  const subgroups = content.errors
    ? [
      ...content.errors.byLength,
      ...(content.errors.byDrug ?? []),
      ...(content.errors.byEffect ?? []),
      ...content.errors.byAbstractSize,
    ].find((group) => group.f1_ci !== null)
    : undefined;
  if (subgroups?.f1_ci) {
    intervals.push([
      `F1 by subgroup (${content.errors!.configuration})`,
      describeIntervalMethod(subgroups.f1_ci.method),
      formatCount(subgroups.f1_ci.resamples),
      String(comparison.seed),
      "95%",
    ]);
  }
  if (content.reliability.length > 0) {
    intervals.push(["reliability bins", "Wilson score interval of a proportion", "–", "–", "95%"]);
  }
  return [
    { kind: "heading", level: 2, text: "Reproducibility", id: "reproducibility" },
    { kind: "table", header: ["", ""], rows: facts, align: ["left", "left"], className: "facts" },
    { kind: "heading", level: 3, text: "Configurations", id: "configurations" },
    {
      kind: "table",
      header: [
        "Configuration",
        "Store record",
        "Seed",
        "Hyperparameters",
        "Other parameters",
        "Code version",
      ],
      rows: block.configurations.map((entry) => [
        entry.configuration,
        `\`${entry.recordId}\``,
        entry.seed === null ? "–" : String(entry.seed),
        `\`${_json(entry.hyperparameters)}\``,
        Object.keys(entry.otherParams).length ? `\`${_json(entry.otherParams)}\`` : "–",
        entry.codeVersion ? `\`${entry.codeVersion}\`` : "–",
      ]),
      align: ["left", "left", "right", "left", "left", "left"],
    },
    { kind: "heading", level: 3, text: "Every interval in this report", id: "intervals" },
    {
      kind: "table",
      header: ["interval", "method", "resamples", "seed", "level"],
      rows: intervals,
      align: ["left", "left", "right", "right", "right"],
    },
    {
      kind: "details",
      summary: "Full reproducibility record (JSON)",
      text: JSON.stringify(block, null, 2),
    },
  ];
}
