import assert from "node:assert/strict";
import { main, unexpectedErrorLine, VERBS } from "../../lib/cli/main.ts";

Deno.test("unexpectedErrorLine() names the verb, the error and what to report, leaving out syntax-error text", () => {
  const line = unexpectedErrorLine("train", new RangeError("Maximum call stack size exceeded"));
  assert.match(
    line,
    /^ade train: unexpected error \(RangeError: Maximum call stack size exceeded\); this is a bug: please report it/,
  );
  assert.doesNotMatch(line, /\n/);
  const quoted = unexpectedErrorLine(
    "predict",
    new SyntaxError('Unexpected token in "secret text"'),
  );
  assert.doesNotMatch(quoted, /secret/);
  assert.match(quoted, /^ade predict: unexpected error \(SyntaxError\)/);
});

Deno.test("main() turns an unexpected error into one line and exit code 70, no stack trace", async () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
  VERBS["test-boom"] = () =>
    Promise.resolve({
      summary: "fails",
      run: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
    });
  try {
    assert.equal(await main(["test-boom"]), 70);
  } finally {
    console.error = original;
    delete VERBS["test-boom"];
  }
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^ade test-boom: unexpected error \(TypeError: Cannot read properties/);
  assert.doesNotMatch(errors[0], /\s+at /, "no stack frames");
});
