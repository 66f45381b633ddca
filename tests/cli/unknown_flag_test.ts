import assert from "node:assert/strict";
import { UsageError } from "../../lib/core/mod.ts";
import { main, VERBS } from "../../lib/cli/main.ts";

/** The arguments that reach the flag parser of a verb (a verb with sub-commands gets its first one). */
function argsFor(verb: string, flags: string[]): string[] {
  return verb === "generator" ? ["up", ...flags] : flags;
}

async function usageErrorOf(verb: string, args: string[]): Promise<UsageError> {
  const module = await VERBS[verb]();
  try {
    await module.run(argsFor(verb, args));
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${verb} ${args.join(" ")} did not fail`);
}

/** Every quote in `text` is closed (Node's own parseArgs message leaves one open). */
function assertBalancedQuotes(text: string): void {
  for (const quote of ["'", '"']) {
    assert.equal(text.split(quote).length % 2, 1, `unbalanced ${quote} in: ${text}`);
  }
}

Deno.test("every verb answers an unknown flag with the closest one, then its usage and flags", async () => {
  for (const verb of Object.keys(VERBS)) {
    const error = await usageErrorOf(verb, ["--helpp"]);
    const [first, second] = error.message.split("\n");
    assert.match(first, /unknown flag --helpp \(did you mean --help\?\)$/, verb);
    assert.match(second, /^usage: |^valid flags:/, `${verb}: the usage follows`);
    assert.match(error.message, /\n {2}--help {2}show this help/, verb);
    assertBalancedQuotes(first);
  }
});

Deno.test("parse errors name the verb's own flags: prepare --souce, deploy --kms-key, evaluate --modle, train -h", async () => {
  assert.match(
    (await usageErrorOf("prepare", ["--souce", "x"])).message,
    /^prepare: unknown flag --souce \(did you mean --source\?\)\nusage: deno task ade prepare /,
  );
  assert.match(
    (await usageErrorOf("deploy", ["--kms-key=alias/k"])).message,
    /^deploy: unknown flag --kms-key \(did you mean --kms-key-id\?\)/,
  );
  assert.match(
    (await usageErrorOf("evaluate", ["--modle", "m"])).message,
    /^evaluate: unknown flag --modle \(did you mean --model\?\)/,
  );
  assert.match(
    (await usageErrorOf("train", ["-h"])).message,
    /^train: unknown flag -h \(did you mean --help\?\)/,
  );
  assert.match(
    (await usageErrorOf("generator", ["--endpoint=x"])).message,
    /^generator up: unknown flag --endpoint \(did you mean --endpoint-name\?\)/,
  );
  const far = (await usageErrorOf("serve", ["--banana"])).message;
  assert.match(far, /^serve: unknown flag --banana\nusage:/, "no suggestion when nothing is close");
});

Deno.test("missing values and values given to switches are said plainly, with balanced quotes", async () => {
  const missing = await usageErrorOf("evaluate", ["--model"]);
  assert.match(missing.message, /^evaluate: --model needs a value\n/);
  const flagAsValue = await usageErrorOf("evaluate", ["--model", "--test", "t.jsonl"]);
  assert.match(flagAsValue.message, /^evaluate: --model needs a value \(got the flag --test;/);
  const switchValue = await usageErrorOf("cleanup", ["--dry-run=yes"]);
  assert.match(switchValue.message, /^cleanup: --dry-run takes no value \(got "yes"\)/);
  const stray = await usageErrorOf("predict", ["model-dir"]);
  assert.match(stray.message, /^predict: unexpected argument "model-dir"/);
  for (const error of [missing, flagAsValue, switchValue, stray]) {
    assertBalancedQuotes(error.message.split("\n")[0]);
  }
});

Deno.test("ade prints one line naming the verb and the suggestion, and exits 2", async () => {
  const lines: string[] = [];
  const { error } = console;
  console.error = (line: string) => lines.push(line);
  try {
    assert.equal(await main(["prepare", "--souce", "x"]), 2);
    assert.equal(await main(["generator", "up", "--modle", "x"]), 2);
  } finally {
    console.error = error;
  }
  assert.match(lines[0], /^ade prepare: unknown flag --souce \(did you mean --source\?\)\n/);
  assert.match(lines[1], /^ade generator up: unknown flag --modle \(did you mean --model\?\)\n/);
});

Deno.test("--hp names get the same hint rule: c means C, lr is not a typo of C", async () => {
  const hint = await usageErrorOf("train", [
    "--train",
    "x.jsonl",
    "--model-dir",
    "m",
    "--hp",
    "c=2",
  ]).catch((e) => e);
  assert.match(String(hint.message), /unknown hyperparameter "c" \(did you mean "C"\?\)/);
  const none = await usageErrorOf("train", [
    "--train",
    "x.jsonl",
    "--model-dir",
    "m",
    "--hp",
    "lr=0.1",
  ]).catch((e) => e);
  assert.match(String(none.message), /unknown hyperparameter "lr"; valid names: /);
});
