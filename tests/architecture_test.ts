/**
 * The shape of `lib/`: stages import only downward, only through each other's `mod.ts`, and no file
 * imports itself back through any chain of imports (type-only and dynamic imports included).
 */
import assert from "node:assert/strict";

/**
 * The stages, lowest first: a stage may import only the stages before it in this list. A new folder
 * under `lib/` has to be placed here.
 */
const STAGE_ORDER = [
  "core",
  "track",
  "data",
  "shift",
  "models",
  "metrics",
  "figures",
  "evaluate",
  "augment",
  "adapt",
  "cloud",
  "tune",
  "record",
  "report",
  "serve",
  "pipeline",
  "cli",
] as const;

const LIB = new URL("../lib/", import.meta.url);

interface ImportEdge {
  /** Importing file, relative to `lib/` (e.g. `report/comparison.ts`). */
  from: string;
  /** Imported file, relative to `lib/`. */
  to: string;
}

/** Every `.ts` file under `lib/`, relative to it. */
async function libFiles(dir = LIB, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      files.push(...await libFiles(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    } else if (entry.isFile && entry.name.endsWith(".ts")) files.push(`${prefix}${entry.name}`);
  }
  return files.sort();
}

/** Relative specifiers of a source's static imports and re-exports and of its dynamic `import("…")`. */
function relativeSpecifiers(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const pattern =
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  const specifiers: string[] = [];
  for (const match of withoutComments.matchAll(pattern)) {
    const specifier = match[1] ?? match[2];
    if (specifier.startsWith(".")) specifiers.push(specifier);
  }
  return specifiers;
}

/** The import edges between files of `lib/`. */
async function importEdges(): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const from of await libFiles()) {
    const source = await Deno.readTextFile(new URL(from, LIB));
    for (const specifier of relativeSpecifiers(source)) {
      const target = new URL(specifier, new URL(from, LIB)).href;
      if (!target.startsWith(LIB.href)) continue;
      edges.push({ from, to: target.slice(LIB.href.length) });
    }
  }
  return edges;
}

const stageOf = (file: string) => file.split("/")[0];
const describe = (edge: ImportEdge) => `${edge.from} -> ${edge.to}`;

/** The import cycles among files: each strongly connected component of more than one file. */
function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of next.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfImport = (next.get(file) ?? []).includes(file);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  };
  for (const file of new Set(edges.flatMap((edge) => [edge.from, edge.to]))) {
    if (!index.has(file)) visit(file);
  }
  return cycles;
}

/** Imports of a stage at or above the importing one. */
function upwardImports(edges: readonly ImportEdge[]): string[] {
  const rank = (file: string) => (STAGE_ORDER as readonly string[]).indexOf(stageOf(file));
  return edges.filter((edge) =>
    stageOf(edge.from) !== stageOf(edge.to) && rank(edge.to) >= rank(edge.from)
  ).map(describe);
}

/** Imports of another stage's file other than its `mod.ts`. */
function bypassingImports(edges: readonly ImportEdge[]): string[] {
  return edges.filter((edge) =>
    stageOf(edge.from) !== stageOf(edge.to) && edge.to !== `${stageOf(edge.to)}/mod.ts`
  ).map(describe);
}

const edges = await importEdges();

Deno.test("architecture: every folder of lib/ is a stage in STAGE_ORDER with a mod.ts (the CLI: main.ts)", async () => {
  const stages: string[] = [];
  for await (const entry of Deno.readDir(LIB)) if (entry.isDirectory) stages.push(entry.name);
  const unplaced = stages.filter((stage) => !(STAGE_ORDER as readonly string[]).includes(stage));
  assert.deepEqual(unplaced, [], "place these folders in STAGE_ORDER (tests/architecture_test.ts)");
  const files = new Set(await libFiles());
  const withoutMod = stages.filter((stage) =>
    !files.has(stage === "cli" ? "cli/main.ts" : `${stage}/mod.ts`)
  );
  assert.deepEqual(withoutMod, [], "each stage opens with a mod.ts");
});

Deno.test("architecture: stages import only lower stages", () => {
  assert.deepEqual(upwardImports(edges), [], `stage order: ${STAGE_ORDER.join(" < ")}`);
});

Deno.test("architecture: another stage is imported through its mod.ts only", () => {
  assert.deepEqual(bypassingImports(edges), [], "import these through the stage's mod.ts");
});

Deno.test("architecture: no import loop between files of lib/", () => {
  assert.deepEqual(importCycles(edges), []);
});

Deno.test("architecture: the checks find a loop, an upward import and a bypass in made-up imports", () => {
  const made = [
    { from: "evaluate/a.ts", to: "report/mod.ts" },
    { from: "report/mod.ts", to: "report/b.ts" },
    { from: "report/b.ts", to: "evaluate/a.ts" },
    { from: "report/c.ts", to: "metrics/_counts.ts" },
  ];
  assert.deepEqual(importCycles(made), [["evaluate/a.ts", "report/b.ts", "report/mod.ts"]]);
  assert.deepEqual(upwardImports(made), ["evaluate/a.ts -> report/mod.ts"]);
  assert.deepEqual(bypassingImports(made), [
    "report/b.ts -> evaluate/a.ts",
    "report/c.ts -> metrics/_counts.ts",
  ]);
  assert.deepEqual(
    relativeSpecifiers(
      `import type { A } from "./a.ts";\nexport * from "../b/mod.ts";\n` +
        `const c = await import("./c.ts");\n// import { d } from "./d.ts";\n` +
        `import {\n  e,\n  type E,\n} from "./e.ts";\nimport "./f.ts";\n`,
    ),
    ["./a.ts", "../b/mod.ts", "./c.ts", "./e.ts", "./f.ts"],
  );
  assert.ok(edges.length > 100, `read ${edges.length} imports`);
});
