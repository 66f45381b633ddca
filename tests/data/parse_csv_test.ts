import assert from "node:assert/strict";
import { DataError } from "../../lib/core/mod.ts";
import { CsvSyntaxError, parseCsv } from "../../lib/data/mod.ts";

const fields = (text: string, options = {}) => parseCsv(text, options).map((r) => r.fields);

Deno.test("parseCsv() reads quoted commas, line breaks (as \\n) and doubled quotes, with the line of each record", () => {
  const records = parseCsv('id,text\r\n1,"rash, fever"\n2,"two\r\nlines"\n3,"say ""no"""\n');
  assert.deepEqual(records, [
    { line: 1, fields: ["id", "text"] },
    { line: 2, fields: ["1", "rash, fever"] },
    { line: 3, fields: ["2", "two\nlines"] },
    { line: 5, fields: ["3", 'say "no"'] },
  ]);
});

Deno.test("parseCsv() skips empty lines and a byte-order mark, keeps empty fields, splits on a lone CR", () => {
  assert.deepEqual(fields("\ufeffa,b\n\n\nc,\n"), [["a", "b"], ["c", ""]]);
  assert.deepEqual(fields("a\rb"), [["a"], ["b"]]);
  assert.deepEqual(fields('""\n'), [[""]]);
  assert.deepEqual(fields("\n\n"), []);
  assert.deepEqual(fields("a,b"), [["a", "b"]], "no final newline");
});

Deno.test("parseCsv() keeps white-space-only lines unless skipBlankLines is set", () => {
  assert.deepEqual(fields("a\n  \nb\n"), [["a"], ["  "], ["b"]]);
  const records = parseCsv("a\n \t \nb\n", { skipBlankLines: true });
  assert.deepEqual(records, [{ line: 1, fields: ["a"] }, { line: 3, fields: ["b"] }]);
});

Deno.test("parseCsv() refuses a quote inside an unquoted field unless relaxQuotes is set", () => {
  assert.throws(
    () => parseCsv('ok\na "quote" inside\n'),
    (error: unknown) =>
      error instanceof CsvSyntaxError && error.line === 2 && error.record === 2 &&
      error.reason === "quote inside an unquoted field",
  );
  assert.deepEqual(fields('He said "fine",1\n', { relaxQuotes: true }), [['He said "fine"', "1"]]);
});

Deno.test("parseCsv() names record, line and column of text after a closing quote and of an open quote", () => {
  assert.throws(
    () => parseCsv('a,b\nx,"closed"tail\n'),
    (error: unknown) =>
      error instanceof CsvSyntaxError && error.line === 2 && error.column === 2 &&
      error.reason === "text after a closing quote" &&
      error.message === "CSV record 2 (line 2): text after a closing quote",
  );
  assert.throws(
    () => parseCsv('a\n\n"open\nquote\n'),
    (error: unknown) =>
      error instanceof CsvSyntaxError && error.line === 3 && error.record === 2 &&
      error.reason === "unterminated quoted field",
  );
});

Deno.test("CsvSyntaxError.inFile() names file, line and column without quoting the data", () => {
  try {
    parseCsv('id,text\n1,"secret sentence\n');
    assert.fail("expected a CsvSyntaxError");
  } catch (error) {
    assert.ok(error instanceof CsvSyntaxError);
    const inFile = error.inFile("rows.csv");
    assert.ok(inFile instanceof DataError);
    assert.equal(inFile.message, 'rows.csv:2 field "column 2": unterminated quoted field');
    assert.doesNotMatch(inFile.message, /secret/);
  }
});
