/** Prompt templates: the default Falcon-instruct template, placeholder filling, and templates from files. */
import { readTextStrict, UsageError } from "../core/mod.ts";

/**
 * The default instruction template for Falcon-7B/40B-instruct (Falcon's `User:` / `Assistant:` turns).
 * Placeholders: `{{examples}}` (the numbered example sentences, verbatim), `{{shots}}` (how many examples)
 * and `{{n}}` (how many new sentences to ask for).
 */
export const DEFAULT_TEMPLATE =
  `User: Here are {{shots}} sentences from published medical case reports. Each one describes an adverse drug event: a patient had an adverse effect caused by a drug.

{{examples}}

Write {{n}} new sentences in the same style. Each must name a drug and an adverse effect it caused. Use other drugs and other effects than the examples. Write one sentence per line, numbered, and nothing else.
Assistant:
`;

/**
 * Fills `{{name}}` placeholders. Unknown placeholders are an error, so a typo in a template file is caught.
 * @param template text with placeholders
 * @param values placeholder values
 * @returns the filled text
 * @throws {UsageError} on a placeholder with no value, or a template without `{{examples}}`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(renderTemplate("{{examples}}\nWrite {{n}} new.", { n: "5", examples: "1. A." }), "1. A.\nWrite 5 new.");
 * assert.throws(() => renderTemplate("{{n}} new", { n: "5", examples: "" })); // no {{examples}}
 * ```
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  if (!template.includes("{{examples}}")) {
    throw new UsageError("the prompt template must contain {{examples}}");
  }
  return template.replace(/\{\{\s*([A-Za-z_]+)\s*\}\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new UsageError(
        `unknown placeholder {{${name}}} in the prompt template (known: ${
          Object.keys(values).map((key) => `{{${key}}}`).join(", ")
        })`,
      );
    }
    return value;
  });
}

/**
 * Reads a prompt template file and checks its placeholders.
 * @param path template file (UTF-8)
 * @returns the template text
 * @throws {DataError} missing or unreadable file; {@link UsageError} for bad placeholders
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = `${await Deno.makeTempDir()}/falcon.txt`;
 * await Deno.writeTextFile(path, "Examples:\n{{examples}}\nWrite {{n}} new sentences.\n");
 * assert.match(await readPromptTemplate(path), /\{\{examples\}\}/);
 * await Deno.writeTextFile(path, "Write {{n}} new sentences.\n");
 * await assert.rejects(readPromptTemplate(path)); // no {{examples}}
 * await Deno.remove(path);
 * ```
 */
export async function readPromptTemplate(path: string): Promise<string> {
  const template = await readTextStrict(path);
  renderTemplate(template, { examples: "", shots: "5", n: "5" });
  return template;
}
