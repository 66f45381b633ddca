/**
 * Scanning helpers of the canary test: find planted canary tokens (as bytes, in several encodings) and runs of
 * four consecutive training words (in the text a file decodes to) in everything a command wrote.
 */

/** Where a canary or a training-word run was found. */
export interface Finding {
  /** File (relative to the work folder) or captured stream, e.g. `stdout of train`. */
  where: string;
  /** What was found: `canary "…" (utf-16le)` or `4 training words "a b c d"`. */
  what: string;
}

/** Lower-cased words: maximal runs of letters and digits. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Every run of four consecutive words of the given texts, joined by one space.
 * @param texts the sentences a study saw (training, test, input)
 * @returns the set of runs
 */
export function fourWordRuns(texts: readonly string[]): Set<string> {
  const runs = new Set<string>();
  for (const text of texts) {
    const tokens = words(text);
    for (let i = 0; i + 4 <= tokens.length; i++) runs.add(tokens.slice(i, i + 4).join(" "));
  }
  return runs;
}

function _utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[2 * i] = littleEndian ? code & 0xff : code >> 8;
    bytes[2 * i + 1] = littleEndian ? code >> 8 : code & 0xff;
  }
  return bytes;
}

function _indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** Gzip members (a `.tar.gz` bundle, a compressed log) are scanned decompressed as well. */
async function _gunzip(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return undefined;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new DecompressionStream("gzip"),
    );
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return undefined;
  }
}

/** The texts a byte string can be read as: UTF-8, and UTF-16 LE/BE at both alignments. */
function _decodings(bytes: Uint8Array): string[] {
  const texts = [new TextDecoder("utf-8").decode(bytes)];
  for (const label of ["utf-16le", "utf-16be"]) {
    for (const offset of [0, 1]) {
      const part = bytes.subarray(offset, offset + ((bytes.length - offset) & ~1));
      texts.push(new TextDecoder(label).decode(part));
    }
  }
  // JSON escapes (\n, \t, …) would glue their letter to the next word.
  return texts.map((text) => text.replace(/\\[nrtbf]/g, " "));
}

/** What a scan looks for. */
export interface ScanTargets {
  /** Invented tokens planted in the training data and the inputs. */
  canaries: readonly string[];
  /** Runs of four consecutive words of every text the study saw. */
  runs: ReadonlySet<string>;
}

/**
 * Scans one file's bytes (and, for gzip data, its decompressed bytes) for the canary tokens as written and
 * lower-cased, in UTF-8, UTF-16LE and UTF-16BE, and for runs of four consecutive training words, both as they
 * appear and with immediate repeats collapsed (a vocabulary listing `a`, `a b`, `b`, … reads back as `a b …`).
 * @param where name of the file or stream, for the findings
 * @param bytes its contents
 * @param targets what to look for
 * @returns the findings (at most one per canary and per decoding)
 */
export async function scanBytes(
  where: string,
  bytes: Uint8Array,
  targets: ScanTargets,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const unpacked = await _gunzip(bytes);
  if (unpacked) findings.push(...await scanBytes(`${where} (gunzipped)`, unpacked, targets));
  const encoder = new TextEncoder();
  for (const canary of targets.canaries) {
    for (const form of new Set([canary, canary.toLowerCase(), canary.toUpperCase()])) {
      const encodings: Array<[string, Uint8Array]> = [
        ["utf-8", encoder.encode(form)],
        ["utf-16le", _utf16(form, true)],
        ["utf-16be", _utf16(form, false)],
      ];
      for (const [encoding, needle] of encodings) {
        if (_indexOf(bytes, needle) !== -1) {
          findings.push({ where, what: `canary "${form}" (${encoding})` });
        }
      }
    }
  }
  for (const text of _decodings(bytes)) {
    const tokens = words(text);
    const collapsed = tokens.filter((token, i) => i === 0 || token !== tokens[i - 1]);
    let found: string | undefined;
    for (const stream of [tokens, collapsed]) {
      for (let i = 0; found === undefined && i + 4 <= stream.length; i++) {
        const run = `${stream[i]} ${stream[i + 1]} ${stream[i + 2]} ${stream[i + 3]}`;
        if (targets.runs.has(run)) found = run;
      }
    }
    if (found !== undefined) {
      findings.push({ where, what: `4 training words "${found}"` });
      break;
    }
  }
  return findings;
}

/**
 * Every file under `root`, as paths relative to it (sorted).
 * @param root the folder
 * @returns relative paths of regular files
 */
export async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(`${dir}/${entry.name}`, relative);
      else if (entry.isFile) files.push(relative);
    }
  };
  await walk(root, "");
  return files.sort();
}

/**
 * True when `path` matches a pattern where `*` stands for any characters but `/` and `**` for any path.
 * @param pattern e.g. `out/tune/folds/*.jsonl` or `out/pipeline/** /train.jsonl`
 * @param path a relative path
 */
export function matchesPattern(pattern: string, path: string): boolean {
  const source = pattern.split("**").map((part) =>
    part.split("*").map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")
  ).join(".*");
  return new RegExp(`^${source}$`).test(path);
}
