import assert from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import { loadSource, prepareDataset, readLabelledFile, readRows } from "../../lib/data/mod.ts";
import { brokenCorpus, FIXTURE_CORPUS, setColumn } from "./_fixtures.ts";

async function expectDataError(
  load: () => Promise<unknown>,
  expected: { file: string; line?: number; field?: string; reason: RegExp },
): Promise<void> {
  await assert.rejects(load, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${error}`);
    assert.equal(error.location.file, expected.file);
    assert.equal(error.location.line, expected.line);
    assert.equal(error.location.field, expected.field);
    assert.match(error.reason, expected.reason);
    assert.ok(error.message.startsWith(expected.file), error.message);
    if (expected.line !== undefined) assert.ok(error.message.includes(`:${expected.line}`));
    if (expected.field !== undefined) assert.ok(error.message.includes(`"${expected.field}"`));
    return true;
  });
}

const corpusCases: Array<{
  name: string;
  file: "DRUG-AE.rel" | "ADE-NEG.txt";
  edit: (lines: string[]) => string[] | Uint8Array | null;
  line?: number;
  field?: string;
  reason: RegExp;
}> = [
  { name: "a missing file", file: "DRUG-AE.rel", edit: () => null, reason: /file not found/ },
  {
    name: "a wrong column count",
    file: "DRUG-AE.rel",
    edit: (
      lines,
    ) => [...lines.slice(0, 2), lines[2].split("|").slice(0, 7).join("|"), ...lines.slice(3)],
    line: 3,
    field: "columns",
    reason: /expected 8 .*found 7/,
  },
  {
    name: "an empty sentence",
    file: "DRUG-AE.rel",
    edit: (lines) => setColumn(lines, 3, 1, " "),
    line: 4,
    field: "sentence",
    reason: /empty text/,
  },
  {
    name: "a non-numeric offset",
    file: "DRUG-AE.rel",
    edit: (lines) => setColumn(lines, 1, 3, "6a"),
    line: 2,
    field: "effect_begin",
    reason: /not a number/,
  },
  {
    name: "a span whose length differs from the mention",
    file: "DRUG-AE.rel",
    edit: (lines) => setColumn(lines, 4, 7, "37"),
    line: 5,
    field: "drug_end",
    reason: /length 6, but the mention has length 5/,
  },
  {
    name: "a mention that is not in its sentence",
    file: "DRUG-AE.rel",
    edit: (lines) => setColumn(setColumn(lines, 2, 2, "jaundice!"), 2, 4, "60"),
    line: 3,
    field: "effect",
    reason: /not found in its sentence/,
  },
  {
    name: "invalid UTF-8",
    file: "ADE-NEG.txt",
    edit: (lines) => {
      const encoder = new TextEncoder();
      const head = encoder.encode(lines.slice(0, 2).join("\n") + "\n1003 NEG Bad byte ");
      const tail = encoder.encode(" here.\n" + lines.slice(3).join("\n") + "\n");
      return new Uint8Array([...head, 0xff, 0xfe, ...tail]);
    },
    line: 3,
    reason: /invalid UTF-8/,
  },
  {
    name: "an unknown label in ADE-NEG.txt",
    file: "ADE-NEG.txt",
    edit: (lines) => [lines[0], lines[1].replace(" NEG ", " POS "), ...lines.slice(2)],
    line: 2,
    field: "label",
    reason: /unknown label "POS"/,
  },
  {
    name: "an empty sentence in ADE-NEG.txt",
    file: "ADE-NEG.txt",
    edit: (lines) => [...lines.slice(0, 5), "1003 NEG  ", ...lines.slice(6)],
    line: 6,
    field: "sentence",
    reason: /empty text/,
  },
  {
    name: "a line without columns in ADE-NEG.txt",
    file: "ADE-NEG.txt",
    edit: (lines) => [...lines, "1003"],
    line: 8,
    field: "columns",
    reason: /3 space-separated columns/,
  },
];

for (const testCase of corpusCases) {
  Deno.test(`loadSource() reports ${testCase.name} with file, line and field`, async () => {
    const dir = await brokenCorpus({ [testCase.file]: testCase.edit });
    try {
      await expectDataError(() => loadSource(dir), {
        file: `${dir}/${testCase.file}`,
        line: testCase.line,
        field: testCase.field,
        reason: testCase.reason,
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("loadSource() with skipInvalid keeps the valid rows and gives one reject per bad line", async () => {
  const dir = await brokenCorpus({
    "DRUG-AE.rel": (lines) => setColumn(setColumn(lines, 1, 3, "x"), 4, 7, "99"),
    "ADE-NEG.txt": (lines) => [...lines, "1005 MAYBE A sentence."],
  });
  try {
    const { rows, rejects } = await loadSource(dir, { skipInvalid: true });
    assert.equal(rows.length, 5 - 2 + 7);
    assert.deepEqual(
      rejects.map((reject) => [reject.file.slice(dir.length + 1), reject.line, reject.field]),
      [["DRUG-AE.rel", 2, "effect_begin"], ["DRUG-AE.rel", 5, "drug_end"], [
        "ADE-NEG.txt",
        8,
        "label",
      ]],
    );
    assert.ok(rejects.every((reject) => reject.reason.length > 0));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const userFileCases: Array<{
  name: string;
  fileName: string;
  content: string;
  line?: number;
  field?: string;
  reason: RegExp;
}> = [
  {
    name: "a CSV row with a wrong column count",
    fileName: "rows.csv",
    content: "text,label\nGood sentence.,1\nToo,many,columns\n",
    line: 3,
    field: "columns",
    reason: /expected 2 columns, found 3/,
  },
  {
    name: "a CSV row with empty text",
    fileName: "rows.csv",
    content: 'text,label\nGood sentence.,1\n"  ",0\n',
    line: 3,
    field: "text",
    reason: /empty text/,
  },
  {
    name: "a CSV row with an unknown label",
    fileName: "rows.csv",
    content: "text,label\nGood sentence.,maybe\n",
    line: 2,
    field: "label",
    reason: /unknown label "maybe"/,
  },
  {
    name: "a CSV header without a label column",
    fileName: "rows.csv",
    content: "text,class\nGood sentence.,1\n",
    line: 1,
    field: "label",
    reason: /no "label" column/,
  },
  {
    name: "a JSONL line that is not JSON",
    fileName: "rows.jsonl",
    content: '{"text":"Good.","label":1}\n{"text": oops}\n',
    line: 2,
    reason: /not valid JSON/,
  },
  {
    name: "a JSONL row without text",
    fileName: "rows.jsonl",
    content: '{"label":1}\n',
    line: 1,
    field: "text",
    reason: /missing/,
  },
  {
    name: "a JSONL mention whose offsets do not hold its text",
    fileName: "rows.jsonl",
    content:
      '{"text":"Drug alpha caused a rash.","label":1,"effects":[{"text":"rash","start":19,"end":24}]}\n',
    line: 1,
    field: "effects[0]",
    reason: /does not hold the mention/,
  },
  {
    name: "a repeated id",
    fileName: "rows.jsonl",
    content: '{"id":"a","text":"One.","label":1}\n{"id":"a","text":"Two.","label":0}\n',
    line: 2,
    field: "id",
    reason: /already used on line 1/,
  },
];

for (const testCase of userFileCases) {
  Deno.test(`readRows() reports ${testCase.name} with file, line and field`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "ade-data-" });
    const path = `${dir}/${testCase.fileName}`;
    try {
      await Deno.writeTextFile(path, testCase.content);
      await expectDataError(() => readRows(path), {
        file: path,
        line: testCase.line,
        field: testCase.field,
        reason: testCase.reason,
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("readRows() reports a missing file", async () => {
  await expectDataError(() => readRows("/nonexistent/rows.csv"), {
    file: "/nonexistent/rows.csv",
    reason: /file not found/,
  });
});

Deno.test("readLabelledFile() with skipInvalid turns an invalid UTF-8 line into a reject", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-data-" });
  const path = `${dir}/rows.jsonl`;
  try {
    const encoder = new TextEncoder();
    await Deno.writeFile(
      path,
      new Uint8Array([
        ...encoder.encode('{"text":"Good.","label":1}\n{"text":"Bad '),
        0xc3,
        0x28,
        ...encoder.encode('","label":0}\n{"text":"Also good.","label":0}\n'),
      ]),
    );
    const { rows, rejects } = await readLabelledFile(path, { skipInvalid: true });
    assert.deepEqual(rows.map((row) => row.text), ["Good.", "Also good."]);
    assert.deepEqual(rejects, [{ file: path, line: 2, reason: "invalid UTF-8" }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prepareDataset() on invalid input fails before writing anything", async () => {
  const dir = await brokenCorpus({ "DRUG-AE.rel": (lines) => setColumn(lines, 1, 4, "11") });
  const out = `${dir}/out`;
  try {
    await assert.rejects(
      () =>
        prepareDataset({ source: dir, split: "grouped", seed: 1, testSize: 0.3, out, quiet: true }),
      DataError,
    );
    assert.equal(await Deno.stat(out).then(() => true, () => false), false);
    // An earlier output stays exactly as it was.
    await prepareDataset({
      source: FIXTURE_CORPUS,
      split: "dedup",
      seed: 1,
      testSize: 0.3,
      out,
      quiet: true,
    });
    const before = await Promise.all(
      ["train.jsonl", "test.jsonl", "manifest.json"].map((name) =>
        Deno.readTextFile(`${out}/${name}`)
      ),
    );
    await assert.rejects(
      () =>
        prepareDataset({ source: dir, split: "grouped", seed: 2, testSize: 0.3, out, quiet: true }),
      DataError,
    );
    const after = await Promise.all(
      ["train.jsonl", "test.jsonl", "manifest.json"].map((name) =>
        Deno.readTextFile(`${out}/${name}`)
      ),
    );
    assert.deepEqual(after, before);
    assert.deepEqual([...Deno.readDirSync(out)].map((entry) => entry.name).sort(), [
      "manifest.json",
      "test.jsonl",
      "train.jsonl",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prepareDataset() with skipInvalid writes rejects.jsonl with a reason per row", async () => {
  const dir = await brokenCorpus({ "DRUG-AE.rel": (lines) => setColumn(lines, 2, 1, "") });
  try {
    const result = await prepareDataset({
      source: dir,
      split: "grouped",
      seed: 1,
      testSize: 0.3,
      out: `${dir}/out`,
      skipInvalid: true,
      quiet: true,
    });
    const rejects = (await Deno.readTextFile(`${dir}/out/rejects.jsonl`)).trim().split("\n").map((
      line,
    ) => JSON.parse(line));
    assert.deepEqual(rejects, [
      { file: `${dir}/DRUG-AE.rel`, line: 3, field: "sentence", reason: "empty text" },
    ]);
    assert.equal(result.manifest.raw_rows, 11);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
