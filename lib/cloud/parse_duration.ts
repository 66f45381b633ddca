/** Durations as people type them (`90s`, `30m`, `2h`, `7d`, `1w`), for `cleanup --older-than`. */
import { UsageError } from "../core/mod.ts";

/**
 * Parses a duration such as `90s`, `30m`, `2h`, `7d`, `1w` into milliseconds.
 * @param text the duration
 * @returns milliseconds
 * @throws {UsageError} when the text is not a positive number with a unit s/m/h/d/w
 * @example
 * ```ts
 * import { parseDuration } from "./parse_duration.ts";
 * parseDuration("2h"); // 7_200_000
 * ```
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not a duration (examples: 90s, 30m, 2h, 7d, 1w)`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2]]!;
  return Number(match[1]) * unit;
}
