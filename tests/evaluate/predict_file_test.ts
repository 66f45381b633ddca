import assert from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import { readJsonl } from "../../lib/core/fs.ts";
import { predictFile } from "../../lib/evaluate/mod.ts";
import { savedModel } from "./_saved_model.ts";

Deno.test("predictFile() writes {id, label, score} in input order, ids from input or line numbers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { modelDir, model } = await savedModel(dir);
    const texts = [
      "Severe rash occurred during treatment with zalomycin.",
      "The brevatol dose was 5 mg.",
    ];
    await Deno.writeTextFile(
      `${dir}/in.jsonl`,
      `${JSON.stringify({ id: "a", text: texts[0], label: "Adverse_Event" })}\n\n${
        JSON.stringify({ text: texts[1] })
      }\n`,
    );
    const summary = await predictFile({
      modelDir,
      inputPath: `${dir}/in.jsonl`,
      outputPath: `${dir}/out.jsonl`,
    });
    const rows = await readJsonl<{ id: string; label: string; score: number }>(`${dir}/out.jsonl`);
    assert.deepEqual(rows.map((row) => Object.keys(row)), [["id", "label", "score"], [
      "id",
      "label",
      "score",
    ]]);
    assert.deepEqual(rows.map((row) => row.id), ["a", "line-3"]);
    const expected = model.predict(texts);
    assert.deepEqual(rows.map(({ label, score }) => ({ label, score })), expected);
    assert.equal(summary.rows, 2);
    assert.equal(summary.positives, expected.filter((p) => p.label === "Adverse_Event").length);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("predictFile() reads CSV with a text column, quoted fields included", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { modelDir } = await savedModel(dir);
    await Deno.writeTextFile(
      `${dir}/in.csv`,
      'id,text\r\nx1,"Tremor, then seizures, after loxafen."\r\nx2,"A ""quoted"" dose of\nmovidane."\r\n',
    );
    await predictFile({ modelDir, inputPath: `${dir}/in.csv`, outputPath: `${dir}/out.jsonl` });
    const rows = await readJsonl<{ id: string }>(`${dir}/out.jsonl`);
    assert.deepEqual(rows.map((row) => row.id), ["x1", "x2"]);

    await Deno.writeTextFile(`${dir}/noid.csv`, "text\nfirst sentence\nsecond sentence\n");
    await predictFile({ modelDir, inputPath: `${dir}/noid.csv`, outputPath: `${dir}/out2.jsonl` });
    const numbered = await readJsonl<{ id: string }>(`${dir}/out2.jsonl`);
    assert.deepEqual(numbered.map((row) => row.id), ["line-2", "line-3"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("predictFile() names file, line and field for bad input and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { modelDir } = await savedModel(dir);
    const cases: Array<[string, string, RegExp]> = [
      ["bad1.jsonl", '{"text": "ok"}\n{"id": "2"}\n', /bad1\.jsonl:2 field "text": missing/],
      ["bad2.jsonl", '{"text": "ok"}\n{"text": "  "}\n', /bad2\.jsonl:2 field "text": empty text/],
      ["bad3.jsonl", '{"text": "ok"}\nnot json\n', /bad3\.jsonl:2: not valid JSON/],
      ["bad4.csv", "id,text\n1,ok\n2\n", /bad4\.csv:3 field "columns": expected 2 columns/],
      ["bad5.csv", "id,sentence\n1,ok\n", /bad5\.csv:1 field "text"/],
      [
        "bad6.jsonl",
        '{"id": "1", "text": "a"}\n{"id": "1", "text": "b"}\n',
        /bad6\.jsonl:2 field "id"/,
      ],
    ];
    for (const [name, content, message] of cases) {
      await Deno.writeTextFile(`${dir}/${name}`, content);
      await assert.rejects(
        predictFile({ modelDir, inputPath: `${dir}/${name}`, outputPath: `${dir}/out-${name}` }),
        (error: Error) => error instanceof DataError && message.test(error.message),
        name,
      );
      await assert.rejects(Deno.stat(`${dir}/out-${name}`), Deno.errors.NotFound);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
