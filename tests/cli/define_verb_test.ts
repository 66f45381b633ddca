import assert from "node:assert/strict";
import { UsageError } from "../../lib/core/mod.ts";
import { defineVerb, defineVerbGroup } from "../../lib/cli/define_verb.ts";
import {
  AWS_FLAGS,
  awsFlags,
  awsOptionsFrom,
  RECORDING_FLAGS,
  runIdFrom,
  seedFlag,
  seedFrom,
  storePathFrom,
  VPC_FLAGS,
  vpcConfigFrom,
} from "../../lib/cli/flag_sets.ts";

async function captured(work: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const { log } = console;
  console.log = (line: string) => lines.push(line);
  try {
    return { code: await work(), out: lines.join("\n") };
  } finally {
    console.log = log;
  }
}

/** A verb that hands its readers to `inspect`. */
function probe(inspect: (flags: Parameters<Parameters<typeof defineVerb>[0]["run"]>[0]) => void) {
  return defineVerb({
    name: "probe",
    summary: "look at the flags",
    usage: ["--count N", "  [--mode a|b]", "--list"],
    flags: {
      count: { type: "string", description: "a number" },
      mode: { type: "string", description: "a or b" },
      item: { type: "string", multiple: true, description: "repeatable" },
      list: { type: "boolean", description: "a switch" },
      ...awsFlags({ bucket: "where the probe writes" }),
      ...VPC_FLAGS,
      ...RECORDING_FLAGS,
      ...seedFlag("the probe"),
    },
    run(flags) {
      inspect(flags as never);
      return Promise.resolve(0);
    },
  });
}

Deno.test("defineVerb() prints usage, summary and every flag for --help, continuation lines indented", async () => {
  const verb = probe(() => assert.fail("--help does not run the verb"));
  const { code, out } = await captured(() => verb.run(["--help"]));
  assert.equal(code, 0);
  assert.equal(out, verb.help);
  assert.match(
    out,
    /^usage: deno task ade probe --count N\n {9}\[--mode a\|b\]\n {7}deno task ade probe --list\n\nlook at the flags\n\nvalid flags:\n/,
  );
  assert.match(out, /--bucket VALUE {2}where the probe writes/);
  assert.match(out, /--kms-key-id VALUE {2}KMS key/);
  assert.match(out, /--item VALUE \(repeatable\)/);
  assert.match(out, /--seed VALUE {2}seed of the probe \(default 42\)/);
  assert.match(out, /--help {2}show this help$/);
});

Deno.test("defineVerb() readers: strings, lists, switches, numbers, choices, refusals", async () => {
  let seen: Record<string, unknown> = {};
  const verb = probe((flags) => {
    seen = {
      count: flags.integer("count"),
      fallback: flags.number("seed", 7),
      mode: flags.choice("mode", ["a", "b"], "none"),
      items: flags.list("item"),
      list: flags.boolean("list"),
      given: flags.given("region"),
      region: flags.string("region", "us-east-1"),
    };
    flags.refuse(["region", "bucket"], "needs something else");
  });
  await assert.rejects(
    verb.run(["--count", "3", "--item", "x", "--item", "y", "--list", "--bucket=b"]),
    (e: unknown) => e instanceof UsageError && e.message === "probe: --bucket needs something else",
  );
  assert.deepEqual(seen, {
    count: 3,
    fallback: 7,
    mode: "none",
    items: ["x", "y"],
    list: true,
    given: false,
    region: "us-east-1",
  });
  await assert.rejects(verb.run(["--count", "2.5"]), /probe: --count must be an integer/);
  await assert.rejects(verb.run(["--count", "two"]), /probe: --count must be a number/);
  const modes = probe((flags) => flags.choice("mode", ["a", "b"], "a"));
  await assert.rejects(modes.run(["--mode", "c"]), /probe: --mode must be a or b \(got "c"\)/);
});

Deno.test("flag sets: AWS options required but the region, one VPC rule, store and run id, seed", async () => {
  const read = (args: string[], env: Record<string, string> = {}) => {
    let value: unknown;
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, Deno.env.get(k)]));
    for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
    return probe((flags) => {
      value = {
        aws: flags.given("role-arn") ? awsOptionsFrom(flags) : undefined,
        vpc: vpcConfigFrom(flags),
        store: storePathFrom(flags),
        runId: runIdFrom(flags),
        seed: seedFrom(flags),
      };
    }).run(args).then(() => value).finally(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) Deno.env.delete(k);
        else Deno.env.set(k, v);
      }
    });
  };
  assert.deepEqual(
    await read([
      "--role-arn=r",
      "--bucket=b",
      "--kms-key-id=k",
      "--subnet=s1",
      "--subnet=s2",
      "--security-group=g",
      "--store=x.sqlite",
      "--run-id=r1",
      "--seed=9",
    ]),
    {
      aws: { roleArn: "r", bucket: "b", kmsKeyId: "k", region: undefined },
      vpc: { Subnets: ["s1", "s2"], SecurityGroupIds: ["g"] },
      store: "x.sqlite",
      runId: "r1",
      seed: 9,
    },
  );
  const defaults = await read([], { ADE_RUN_ID: "", ADE_STORE: "env.sqlite" }) as Record<
    string,
    unknown
  >;
  assert.deepEqual([defaults.store, defaults.runId, defaults.seed], ["env.sqlite", undefined, 42]);
  await assert.rejects(read(["--role-arn=r", "--bucket=b"]), /probe: --kms-key-id is required/);
  await assert.rejects(read(["--subnet=s1"]), /probe: --subnet and --security-group go together/);
  assert.deepEqual(Object.keys(AWS_FLAGS), ["role-arn", "bucket", "kms-key-id", "region"]);
});

Deno.test("defineVerbGroup() dispatches to its sub-commands and lists them for --help", async () => {
  const calls: string[] = [];
  const sub = (name: string) =>
    defineVerb({
      name: `lamp ${name}`,
      summary: `switch ${name}`,
      usage: "[--bright]",
      flags: { bright: { type: "boolean", description: "full power" } },
      run(flags) {
        calls.push(`${name}${flags.boolean("bright") ? " bright" : ""}`);
        return Promise.resolve(0);
      },
    });
  const lamp = defineVerbGroup("lamp", "the lamp", { on: sub("on"), off: sub("off") });
  assert.equal(await lamp.run(["on", "--bright"]), 0);
  assert.equal(await lamp.run(["off"]), 0);
  assert.deepEqual(calls, ["on bright", "off"]);
  const help = await captured(() => lamp.run(["--help"]));
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: deno task ade lamp on \[--bright\][\s\S]*deno task ade lamp off/);
  assert.equal((await captured(() => lamp.run([]))).code, 2);
  await assert.rejects(lamp.run(["dim"]), /lamp: expected "on" or "off" \(got "dim"\)/);
  await assert.rejects(
    lamp.run(["on", "--brigt"]),
    /lamp on: unknown flag --brigt \(did you mean --bright\?\)/,
  );
});
