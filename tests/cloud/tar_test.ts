import assert from "node:assert/strict";
import { createTarGz, readFolderFiles } from "../../lib/cloud/mod.ts";
import { createTar } from "../../lib/cloud/tar.ts";

const encoder = new TextEncoder();

async function extractWithSystemTar(archive: Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/archive.tar.gz`, archive);
  await Deno.mkdir(`${dir}/out`);
  const result = await new Deno.Command("tar", {
    args: ["-xzf", `${dir}/archive.tar.gz`, "-C", `${dir}/out`],
    stderr: "piped",
  }).output();
  assert.equal(result.success, true, new TextDecoder().decode(result.stderr));
  return `${dir}/out`;
}

Deno.test("createTarGz() writes an archive that the system tar extracts byte for byte", async () => {
  const big = new Uint8Array(70_001).map((_, i) => (i * 31) % 251);
  const longPath = `${"deep/".repeat(30)}weights.bin`; // > 100 bytes: uses the ustar prefix field
  const files = [
    { path: "model.json", data: encoder.encode('{"kind":"tfidf-svm"}') },
    { path: "nested/vocab.txt", data: encoder.encode("a\nb\nc\n") },
    { path: "empty.txt", data: new Uint8Array(0) },
    { path: "exact512.bin", data: new Uint8Array(512).fill(7) },
    { path: longPath, data: big },
  ];
  const out = await extractWithSystemTar(await createTarGz(files));
  for (const file of files) {
    assert.deepEqual(await Deno.readFile(`${out}/${file.path}`), file.data, file.path);
  }
  await Deno.remove(out.replace(/\/out$/, ""), { recursive: true });
});

Deno.test("createTar() is deterministic and block-aligned", () => {
  const files = [{ path: "a.txt", data: encoder.encode("hello") }];
  const first = createTar(files);
  assert.deepEqual(first, createTar(files));
  assert.equal(first.length % 512, 0);
  assert.equal(first.length, 512 + 512 + 1024);
});

Deno.test("createTar() refuses absolute and parent-escaping paths", () => {
  assert.throws(() => createTar([{ path: "/etc/passwd", data: new Uint8Array() }]), /relative/);
  assert.throws(() => createTar([{ path: "a/../../x", data: new Uint8Array() }]), /relative/);
});

Deno.test("readFolderFiles() reads nested files sorted, and round-trips through createTarGz()", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/sub`);
  await Deno.writeTextFile(`${dir}/z.txt`, "z");
  await Deno.writeTextFile(`${dir}/sub/a.txt`, "a");
  const files = await readFolderFiles(dir);
  assert.deepEqual(files.map((f) => f.path), ["sub/a.txt", "z.txt"]);
  const out = await extractWithSystemTar(await createTarGz(files));
  assert.equal(await Deno.readTextFile(`${out}/sub/a.txt`), "a");
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(out.replace(/\/out$/, ""), { recursive: true });
});

Deno.test("readFolderFiles() refuses a missing folder and symbolic links", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(readFolderFiles(`${dir}/missing`), /no such folder/);
  await Deno.symlink("/etc/hostname", `${dir}/link`);
  await assert.rejects(readFolderFiles(dir), /symbolic links/);
  await Deno.remove(dir, { recursive: true });
});
