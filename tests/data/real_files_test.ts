/**
 * Files as users have them: the real corpus and CSV/JSONL files after an editor, a spreadsheet, a download
 * tool or a copy step has touched them must read exactly as the clean files (silently, or with a note where
 * reading involved a guess), and what is really broken must be refused with file and line. Transformed
 * copies live in temporary folders only.
 */
import assert from "node:assert/strict";
import { DataError } from "../../lib/core/mod.ts";
import {
  defaultCorpusSource,
  loadSource,
  prepareDataset,
  readLabelledFile,
  type Row,
} from "../../lib/data/mod.ts";

const CORPUS = defaultCorpusSource();
const CORPUS_FILES = ["DRUG-AE.rel", "ADE-NEG.txt"] as const;
const utf8 = new TextEncoder();

/** A transformation of a whole file's bytes, as a tool would apply it. */
type Transform = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const lines = (bytes: Uint8Array) => text(bytes).replace(/\n$/, "").split("\n");
const fromLines = (list: string[], end = "\n") => utf8.encode(list.join(end) + end);

function utf16(value: string, bigEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + 2 * value.length);
  bytes[0] = bigEndian ? 0xfe : 0xff;
  bytes[1] = bigEndian ? 0xff : 0xfe;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    bytes[2 + 2 * i + (bigEndian ? 1 : 0)] = code & 0xff;
    bytes[2 + 2 * i + (bigEndian ? 0 : 1)] = code >> 8;
  }
  return bytes;
}

/** Encodes text as Windows-1252 (only the characters the fixture below uses above ASCII). */
function windows1252(value: string): Uint8Array {
  const table: Record<string, number> = {
    "“": 0x93,
    "”": 0x94,
    "’": 0x92,
    "–": 0x96,
    "€": 0x80,
  };
  const bytes: number[] = [];
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x100) bytes.push(code);
    else if (table[char] !== undefined) bytes.push(table[char]);
    else throw new Error(`no Windows-1252 byte for ${char}`);
  }
  return new Uint8Array(bytes);
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** What editors, spreadsheets, download tools and copy steps do to a text file. */
const WHOLE_FILE_TRANSFORMS: Record<string, Transform> = {
  "a UTF-8 byte-order mark (Notepad, Excel's CSV UTF-8)": (b) =>
    new Uint8Array([0xef, 0xbb, 0xbf, ...b]),
  "CRLF line breaks (Windows editors, git autocrlf)": (b) => fromLines(lines(b), "\r\n"),
  'lone CR line breaks (Excel\'s "CSV (Macintosh)")': (b) => fromLines(lines(b), "\r"),
  "mixed line breaks (lines appended by another editor)": (b) =>
    utf8.encode(lines(b).map((line, i) => line + ["\n", "\r\n", "\r"][i % 3]).join("")),
  "\\r\\r\\n breaks (Python's csv writer on Windows without newline='')": (b) =>
    fromLines(lines(b), "\r\r\n"),
  "no final line break": (b) => utf8.encode(lines(b).join("\n")),
  "trailing blank lines": (b) => utf8.encode(text(b) + "\n\n \n"),
  "spaces and tabs added at line ends (terminal copy, padding)": (b) =>
    fromLines(lines(b).map((line, i) => line + (i % 2 ? "  " : "\t"))),
  "UTF-16LE with a byte-order mark (Excel's Unicode Text, PowerShell's >)": (b) =>
    utf16(text(b), false),
  "UTF-16BE with a byte-order mark": (b) => utf16(text(b), true),
  "gzip compression (a .gz download kept under the plain name)": (b) => gzip(b),
  "Ctrl-Z after the end (cmd.exe copy without /b)": (b) =>
    new Uint8Array([...fromLines(lines(b), "\r\n"), 0x1a]),
  "two halves concatenated, each with a byte-order mark (cat a b)": (b) => {
    const all = lines(b);
    const half = Math.floor(all.length / 2);
    return utf8.encode(
      "\ufeff" + all.slice(0, half).join("\n") + "\n" + "\ufeff" + all.slice(half).join("\n") +
        "\n",
    );
  },
  "everything at once: BOM, CRLF, trailing spaces, gzip": async (b) =>
    await gzip(
      new Uint8Array([0xef, 0xbb, 0xbf, ...fromLines(lines(b).map((l) => l + " "), "\r\n")]),
    ),
};

const cleanCorpus = Object.fromEntries(
  await Promise.all(
    CORPUS_FILES.map(async (name) => [name, await Deno.readFile(`${CORPUS}/${name}`)]),
  ),
) as Record<(typeof CORPUS_FILES)[number], Uint8Array>;

async function transformedCorpus(transform: Transform): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "ade-real-corpus-" });
  for (const name of CORPUS_FILES) {
    await Deno.writeFile(`${dir}/${name}`, await transform(cleanCorpus[name]));
  }
  return dir;
}

async function preparedFiles(source: string, out: string): Promise<Record<string, string>> {
  await prepareDataset({ source, split: "grouped", seed: 42, testSize: 0.2, out, quiet: true });
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  delete manifest.source; // the folder's path, the one thing that differs
  return {
    train: await Deno.readTextFile(`${out}/train.jsonl`),
    test: await Deno.readTextFile(`${out}/test.jsonl`),
    manifest: JSON.stringify(manifest),
  };
}

const cleanOut = await Deno.makeTempDir({ prefix: "ade-real-clean-" });
const cleanPrepared = await preparedFiles(CORPUS, cleanOut);
globalThis.addEventListener("unload", () => Deno.removeSync(cleanOut, { recursive: true }));

for (const [name, transform] of Object.entries(WHOLE_FILE_TRANSFORMS)) {
  Deno.test(`prepare on the real corpus with ${name} writes byte-identical train/test/manifest`, async () => {
    const dir = await transformedCorpus(transform);
    try {
      const got = await preparedFiles(dir, `${dir}/out`);
      assert.ok(got.train === cleanPrepared.train, "train.jsonl differs from the clean corpus'");
      assert.ok(got.test === cleanPrepared.test, "test.jsonl differs from the clean corpus'");
      assert.equal(got.manifest, cleanPrepared.manifest);
      const loaded = await loadSource(dir);
      assert.deepEqual(loaded.notes, [], "read silently");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("loadSource() reads ADE-NEG.txt with tabs or no-break spaces as separators (a spreadsheet round trip) as the clean file", async () => {
  const clean = await loadSource(CORPUS);
  const dir = await transformedCorpus((bytes) => bytes);
  try {
    const negative = lines(cleanCorpus["ADE-NEG.txt"]).map((line, i) =>
      line.replace(" NEG ", i % 2 ? "\tNEG\t" : "\u00a0NEG ")
    );
    await Deno.writeFile(`${dir}/ADE-NEG.txt`, fromLines(negative, "\r\n"));
    const got = await loadSource(dir);
    assert.deepEqual(got.rows, clean.rows);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// ---- CSV and JSONL, with text above ASCII (invented sentences, labelled by the author of this test) ----

const ACCENTED_ROWS: Row[] = ([
  {
    id: "a1",
    text: "Sjögren-like sicca after “drug X”, 5 µg daily – resolved.",
    label: "Adverse_Event",
  },
  { id: "a2", text: "Naïve patient; café-au-lait spots noted, no reaction.", label: "Not_AE" },
  { id: "a3", text: "Fever of 39 °C after the second dose, ± rash.", label: "Adverse_Event" },
  { id: "a4", text: "Réaction cutanée à la pénicilline; he said “fine”.", label: "Adverse_Event" },
  { id: "a5", text: "The dose was 1½ tablets, costing €4; all well.", label: "Not_AE" },
  { id: "a6", text: "Plain ASCII sentence, with a comma.", label: "Not_AE" },
  { id: "a7", text: 'Quoted "word" inside, and a semicolon; here.', label: "Adverse_Event" },
  { id: "a8", text: "Größere Übelkeit nach Einnahme.", label: "Adverse_Event" },
] as Row[]).map((row, i) => ({ ...row, pmid: `p${Math.floor(i / 2)}` }));

const quote = (field: string) => `"${field.replaceAll('"', '""')}"`;
const csvField = (field: string, delimiter: string) =>
  new RegExp(`["\\r\\n${delimiter === "\t" ? "\\t" : delimiter}]`).test(field)
    ? quote(field)
    : field;

function csv(
  options: {
    delimiter?: string;
    header?: string[];
    quoteAll?: boolean;
    extra?: (fields: string[]) => string[];
    before?: string;
    end?: string;
  } = {},
): string {
  const delimiter = options.delimiter ?? ",";
  const header = options.header ?? ["id", "text", "label", "pmid"];
  const records = [header, ...ACCENTED_ROWS.map((r) => [r.id, r.text, r.label, r.pmid!])];
  const extra = options.extra ?? ((fields: string[]) => fields);
  const body = records.map((fields, i) =>
    extra(fields.map((field) => options.quoteAll ? quote(field) : csvField(field, delimiter)))
      .join(delimiter) + (i === 0 ? "" : "")
  );
  const end = options.end ?? "\n";
  return (options.before ?? "") + body.join(end) + end;
}

const jsonl = (rows: Row[], end = "\n") => rows.map((row) => JSON.stringify(row)).join(end) + end;

const USER_FILES: Record<
  string,
  { name: string; bytes: () => Uint8Array | Promise<Uint8Array>; note?: RegExp }
> = {
  "a clean CSV": { name: "rows.csv", bytes: () => utf8.encode(csv()) },
  "European Excel: `;`, CRLF, byte-order mark": {
    name: "rows.csv",
    bytes: () => utf8.encode("\ufeff" + csv({ delimiter: ";", end: "\r\n" })),
  },
  "Excel's Unicode Text: UTF-16LE, tabs, CRLF": {
    name: "rows.txt",
    bytes: () => utf16(csv({ delimiter: "\t", end: "\r\n" }), false),
  },
  "a TSV download": { name: "rows.tsv", bytes: () => utf8.encode(csv({ delimiter: "\t" })) },
  "Excel's `sep=;` first line": {
    name: "rows.csv",
    bytes: () => utf8.encode(csv({ delimiter: ";", before: "sep=;\r\n", end: "\r\n" })),
  },
  "quoted headers and fields (R's write.csv, QUOTE_ALL)": {
    name: "rows.csv",
    bytes: () => utf8.encode(csv({ quoteAll: true })),
  },
  "header names in other case with spaces": {
    name: "rows.csv",
    bytes: () => utf8.encode(csv({ header: [" ID", "Text ", "LABEL", "Pmid"] })),
  },
  "empty columns after the last one (Excel)": {
    name: "rows.csv",
    bytes: () => utf8.encode(csv({ extra: (fields) => [...fields, "", ""] })),
  },
  "a trailing delimiter on the data rows only": {
    name: "rows.csv",
    bytes: () =>
      utf8.encode(csv().split("\n").map((l, i) => (i > 0 && l ? l + "," : l)).join("\n")),
  },
  "spaces around values and quotes (hand-edited)": {
    name: "rows.csv",
    bytes: () =>
      utf8.encode(
        csv({ extra: (fields) => fields.map((f) => (f.startsWith('"') ? `  ${f} ` : ` ${f}`)) }),
      ),
  },
  "Python's csv writer on Windows (\\r\\r\\n)": {
    name: "rows.csv",
    bytes: () => utf8.encode(csv({ end: "\r\r\n" })),
  },
  "Windows-1252 (Excel's CSV on Windows)": {
    name: "rows.csv",
    bytes: () => windows1252(csv({ end: "\r\n" })),
    note: /read as Windows-1252/,
  },
  "decomposed Unicode (NFD, macOS)": {
    name: "rows.csv",
    bytes: () => utf8.encode(csv().normalize("NFD")),
    note: /decomposed Unicode \(NFD/,
  },
  "a gzip-compressed CSV": { name: "rows.csv.gz", bytes: () => gzip(utf8.encode(csv())) },
  "JSONL with a byte-order mark, CRLF and blank lines": {
    name: "rows.jsonl",
    bytes: () => utf8.encode("\ufeff" + jsonl(ACCENTED_ROWS, "\r\n") + "\r\n\r\n"),
  },
  "JSONL with known keys in other case and trailing spaces": {
    name: "rows.jsonl",
    bytes: () =>
      utf8.encode(
        ACCENTED_ROWS.map((r) =>
          JSON.stringify({ ID: r.id, Text: r.text, label: r.label, pmid: r.pmid }) + "  "
        )
          .join("\n"),
      ),
  },
  "gzip-compressed JSONL in UTF-16": {
    name: "rows.jsonl.gz",
    bytes: () => gzip(utf16(jsonl(ACCENTED_ROWS), false)),
  },
};

for (const [name, file] of Object.entries(USER_FILES)) {
  Deno.test(`readLabelledFile() reads ${name} as the clean rows${file.note ? ", with a note" : ""}`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "ade-real-user-" });
    try {
      const path = `${dir}/${file.name}`;
      await Deno.writeFile(path, await file.bytes());
      const { rows, rejects, notes } = await readLabelledFile(path);
      assert.deepEqual(rows, ACCENTED_ROWS);
      assert.deepEqual(rejects, []);
      if (file.note) {
        assert.equal(notes.length, 1, notes.join("\n"));
        assert.match(notes[0], file.note);
        assert.ok(notes[0].startsWith(path));
      } else {
        assert.deepEqual(notes, []);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("readLabelledFile() ignores an unnamed index column (pandas to_csv), with a note", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-real-user-" });
  try {
    const path = `${dir}/rows.csv`;
    const indexed = csv().trimEnd().split("\n").map((line, i) => `${i === 0 ? "" : i - 1},${line}`);
    await Deno.writeTextFile(path, indexed.join("\n") + "\n");
    const { rows, notes } = await readLabelledFile(path);
    assert.deepEqual(rows, ACCENTED_ROWS);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /column 1 has no name/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// ---- What is really broken: refused with file (and line) ----

function zipOf(name: string, content: Uint8Array): Uint8Array {
  // A stored (uncompressed) zip entry is enough for the signature check.
  const header = new Uint8Array(30 + name.length);
  header.set([0x50, 0x4b, 0x03, 0x04, 20, 0]);
  header.set(utf8.encode(name), 30);
  return new Uint8Array([...header, ...content]);
}

const BROKEN: Array<
  { name: string; bytes: () => Uint8Array | Promise<Uint8Array>; line?: number; reason: RegExp }
> = [
  {
    name: "a zip archive under the file's name",
    bytes: () => zipOf("rows.csv", utf8.encode(csv())),
    reason: /zip archive: unzip it/,
  },
  {
    name: "an HTML page saved by a download tool",
    bytes: () => utf8.encode("<!DOCTYPE html>\n<html><body>Sign in</body></html>\n"),
    line: 1,
    reason: /HTML page, not the data/,
  },
  {
    name: "a Git LFS pointer",
    bytes: () =>
      utf8.encode(
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 1423024\n",
      ),
    line: 1,
    reason: /Git LFS pointer/,
  },
  {
    name: "gzip data cut short (an interrupted download)",
    bytes: async () => (await gzip(utf8.encode(csv().repeat(50)))).slice(0, 200),
    reason: /gzip data is corrupt or cut short/,
  },
  {
    name: "a file that mixes Windows-1252 and UTF-8 lines",
    bytes: () => {
      const [header, first, ...rest] = csv().trimEnd().split("\n");
      return new Uint8Array([
        ...utf8.encode(header + "\n"),
        ...windows1252(first + "\n"),
        ...utf8.encode(rest.join("\n") + "\n"),
      ]);
    },
    line: 2,
    reason: /mixes encodings/,
  },
  {
    name: "UTF-16 without a byte-order mark",
    bytes: () => utf16(csv(), false).slice(2),
    reason: /UTF-16 without a byte-order mark/,
  },
  {
    name: "a JSON array instead of JSON lines",
    bytes: () => utf8.encode(JSON.stringify(ACCENTED_ROWS)),
    line: 1,
    reason: /JSON array; write one JSON object per line/,
  },
  {
    name: "a header that names a column twice",
    bytes: () => utf8.encode("id,text,label,Text\n1,a,1,b\n"),
    line: 1,
    reason: /column named twice/,
  },
];

for (const broken of BROKEN) {
  Deno.test(`readLabelledFile() refuses ${broken.name}, naming the file`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "ade-real-broken-" });
    try {
      const path = `${dir}/${broken.name.includes("JSON array") ? "rows.json" : "rows.csv"}`;
      await Deno.writeFile(path, await broken.bytes());
      await assert.rejects(() => readLabelledFile(path), (error: unknown) => {
        assert.ok(error instanceof DataError, String(error));
        assert.equal(error.location.file, path);
        assert.equal(error.location.line, broken.line);
        assert.match(error.reason, broken.reason);
        return true;
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("readLabelledFile() refuses a line of stray bytes (not UTF-8, not Windows-1252 text) with its line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-real-broken-" });
  try {
    const path = `${dir}/rows.csv`;
    await Deno.writeFile(
      path,
      new Uint8Array([
        ...utf8.encode("text,label\nok,1\nbad "),
        0x81,
        0xfe,
        ...utf8.encode(",0\n"),
      ]),
    );
    await assert.rejects(() => readLabelledFile(path), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.location.line, 3);
      assert.equal(error.reason, "invalid UTF-8");
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
