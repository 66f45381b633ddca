/**
 * Beyond the training domain: split a labelled sample from another text source into an adaptation
 * pool and a held-out part, so that no measurement reuses the labels it adapted on.
 *
 * @example
 * ```ts
 * import { readRows } from "../data/mod.ts";
 * import { splitHeldOut } from "./mod.ts";
 * const rows = await readRows("tests/fixtures/lay_language/lay_language.jsonl");
 * const { pool, heldOut } = splitHeldOut(rows, { by: "source", heldOutShare: 0.4, seed: 42 });
 * console.log(pool.length, heldOut.length);
 * ```
 * @module
 */
export * from "./split_held_out.ts";
export * from "./read_labelled_sample.ts";
export * from "./choose_operating_point.ts";
export * from "./cross_validate_operating_point.ts";
export * from "./select_for_labelling.ts";
export * from "./select_file.ts";
export * from "./adapt_shift_reference.ts";
export * from "./adapt_model.ts";
export * from "./measure_outside_sources.ts";
