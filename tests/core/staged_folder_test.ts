import assert from "node:assert/strict";
import { commitFolder, processStartIdentity, stageFolder } from "../../lib/core/mod.ts";

const names = (dir: string) => [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();

async function write(dir: string, files: Record<string, string>): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
}

Deno.test("commitFolder() renames a staged folder into a new place, and swaps it for an old one of its own", async () => {
  const root = await Deno.makeTempDir();
  try {
    const target = `${root}/model`;
    let staged = await stageFolder(target);
    await write(staged, { "a.bin": "1", "model.json": "v1" });
    await commitFolder(staged, target, { marker: "model.json", isOwnFile: () => true });
    assert.deepEqual(names(target), ["a.bin", "model.json"]);
    staged = await stageFolder(target);
    await write(staged, { "b.bin": "2", "model.json": "v2" });
    await commitFolder(staged, target, {
      marker: "model.json",
      isOwnFile: (name) => ["a.bin", "b.bin", "model.json"].includes(name),
    });
    assert.deepEqual(names(target), ["b.bin", "model.json"], "the old folder's a.bin went with it");
    assert.equal(await Deno.readTextFile(`${target}/model.json`), "v2");
    assert.deepEqual(names(root), ["model"], "no staging or old folder left");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("commitFolder() keeps a folder's other files, moving its own in with the marker last", async () => {
  const root = await Deno.makeTempDir();
  try {
    const target = `${root}/out`;
    await write(target, { "notes.txt": "mine", "manifest.json": "old", "train.jsonl": "old" });
    const staged = await stageFolder(target);
    await write(staged, { "manifest.json": "new", "train.jsonl": "new" });
    await commitFolder(staged, target, {
      marker: "manifest.json",
      isOwnFile: (name) => name !== "notes.txt",
    });
    assert.deepEqual(names(target), ["manifest.json", "notes.txt", "train.jsonl"]);
    assert.equal(await Deno.readTextFile(`${target}/notes.txt`), "mine");
    assert.equal(await Deno.readTextFile(`${target}/train.jsonl`), "new");
    assert.deepEqual(names(root), ["out"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("stageFolder() removes the leftovers of a process that is gone, not those of a live one", async () => {
  const root = await Deno.makeTempDir();
  try {
    // A process that has ended: its pid and start ticks name leftovers no one will finish.
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "await new Promise((r) => setTimeout(r, 0))"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const identity = await processStartIdentity(child.pid);
    await child.status;
    const ticks = identity?.split("/")[1];
    if (ticks === undefined) return; // no /proc here (not Linux), or the child ended before it was seen
    const dead = `${root}/.model.staging-${child.pid}-${ticks}-0badc0de`;
    const deadOld = `${root}/.model.old-${child.pid}-${ticks}-0badc0df`;
    const live = await stageFolder(`${root}/model`);
    await Deno.mkdir(dead);
    await Deno.mkdir(deadOld);
    const next = await stageFolder(`${root}/model`);
    const left = names(root);
    assert.ok(!left.includes(dead.split("/").pop()!));
    assert.ok(!left.includes(deadOld.split("/").pop()!));
    assert.ok(left.includes(live.split("/").pop()!), "this process's own staging folder stays");
    assert.ok(left.includes(next.split("/").pop()!));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
