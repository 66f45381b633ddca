/**
 * Output folders that appear whole: everything is written into a staging folder next to the destination,
 * which then takes the destination's place. A process killed at any moment leaves the old folder, the
 * new one, or (between the two renames of a replacement) none, never a folder with some files new and
 * some old; its staging leftovers are removed by the next run that writes there.
 */
import { failpoint } from "./failpoint.ts";
import { exists } from "./fs.ts";
import { processStartIdentity } from "./process_identity.ts";

/** Options of {@link commitFolder}. */
export interface CommitFolderOptions {
  /**
   * The file that marks the folder complete (e.g. `model.json`, `manifest.json`). When the destination
   * holds files that are not this writer's, the files are moved in one by one instead, with the old
   * marker removed first and the new one moved in last.
   */
  marker: string;
  /** Whether a file of the destination is one this writer makes (so the whole folder may be replaced). */
  isOwnFile: (name: string) => boolean;
}

function _split(target: string): { parent: string; base: string } {
  const trimmed = target.replace(/\/+$/, "") || "/";
  const slash = trimmed.lastIndexOf("/");
  return slash < 0
    ? { parent: ".", base: trimmed }
    : { parent: trimmed.slice(0, slash) || "/", base: trimmed.slice(slash + 1) };
}

/** `<pid>-<start ticks>`: names this process in leftovers, so that a later run can tell them dead. */
async function _processTag(): Promise<string> {
  const identity = await processStartIdentity();
  return `${Deno.pid}-${identity?.split("/")[1] ?? "0"}`;
}

/** True when the process a leftover's tag names is gone (false when that cannot be told). */
async function _isDead(tag: string): Promise<boolean> {
  const [pid, ticks] = tag.split("-");
  if (ticks === "0" || !/^\d+$/.test(pid)) return false;
  const identity = await processStartIdentity(Number(pid));
  if (identity === undefined) return await exists("/proc/self/stat"); // no such process (on Linux)
  return identity.split("/")[1] !== ticks;
}

/**
 * Creates an empty staging folder next to `target` (`.<name>.staging-<pid>-<ticks>-<random>`), after
 * removing the staging and replaced-folder leftovers of processes that are gone.
 * @param target the folder the output will become
 * @returns the staging folder's path
 * @example
 * ```ts
 * import { commitFolder, stageFolder } from "./staged_folder.ts";
 * const target = `${await Deno.makeTempDir()}/model`;
 * const staged = await stageFolder(target);
 * await Deno.writeTextFile(`${staged}/model.json`, "{}\n");
 * await commitFolder(staged, target, { marker: "model.json", isOwnFile: () => true });
 * ```
 */
export async function stageFolder(target: string): Promise<string> {
  const { parent, base } = _split(target);
  await Deno.mkdir(parent, { recursive: true });
  const leftover = new RegExp(
    `^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(staging|old)-(\\d+-\\d+)-[0-9a-f]+$`,
  );
  for await (const entry of Deno.readDir(parent)) {
    const match = leftover.exec(entry.name);
    if (match && await _isDead(match[2])) {
      await Deno.remove(`${parent}/${entry.name}`, { recursive: true }).catch(() => {});
    }
  }
  const staged = `${parent}/.${base}.staging-${await _processTag()}-${
    crypto.randomUUID().slice(0, 8)
  }`;
  await Deno.mkdir(staged);
  return staged;
}

/**
 * Puts a staged folder in the place of `target`: renamed there when `target` does not exist; swapped in
 * (old folder renamed aside, new one renamed in, old one removed) when `target` holds only this writer's
 * files; otherwise moved in file by file with the marker removed first and put back last, so that the
 * folder is never taken for a complete one while it is not.
 * @param staged the folder from {@link stageFolder}, complete
 * @param target the destination folder
 * @param options the marker file and which files are this writer's
 * @example
 * ```ts
 * import { commitFolder, stageFolder } from "./staged_folder.ts";
 * const target = `${await Deno.makeTempDir()}/data`;
 * const staged = await stageFolder(target);
 * await Deno.writeTextFile(`${staged}/manifest.json`, "{}\n");
 * await commitFolder(staged, target, { marker: "manifest.json", isOwnFile: (n) => n.endsWith(".json") });
 * ```
 */
export async function commitFolder(
  staged: string,
  target: string,
  options: CommitFolderOptions,
): Promise<void> {
  const destination = target.replace(/\/+$/, "") || "/";
  failpoint("commit-folder");
  let entries: string[];
  try {
    entries = [];
    for await (const entry of Deno.readDir(destination)) entries.push(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    await Deno.rename(staged, destination);
    return;
  }
  const ownOrTemporary = (name: string) => options.isOwnFile(name) || /^\..+\.tmp$/.test(name);
  if (entries.every(ownOrTemporary)) {
    const { parent, base } = _split(destination);
    const aside = `${parent}/.${base}.old-${await _processTag()}-${
      crypto.randomUUID().slice(0, 8)
    }`;
    await Deno.rename(destination, aside);
    failpoint("commit-folder-swap");
    await Deno.rename(staged, destination);
    await Deno.remove(aside, { recursive: true }).catch(() => {});
    return;
  }
  // The destination holds other files too: replace ours one by one, marker last.
  await Deno.remove(`${destination}/${options.marker}`).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  const names: string[] = [];
  for await (const entry of Deno.readDir(staged)) names.push(entry.name);
  for (const name of names.sort()) {
    if (name !== options.marker) await Deno.rename(`${staged}/${name}`, `${destination}/${name}`);
  }
  failpoint("commit-folder-files");
  if (names.includes(options.marker)) {
    await Deno.rename(`${staged}/${options.marker}`, `${destination}/${options.marker}`);
  }
  await Deno.remove(staged, { recursive: true }).catch(() => {});
}
