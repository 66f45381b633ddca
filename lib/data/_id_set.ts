/**
 * Private: the ids seen in one file and the line of each, in 12 bytes an id (two 32-bit hashes and the
 * line), so that a file of millions of rows can be checked for repeated ids without keeping every id
 * string. Two different ids share both hashes with a chance of about n² / 2⁶⁵ (3 in 100 million for a
 * million ids).
 */

import { fmix32, fnv1a32, FNV1A32_BASIS } from "../core/mod.ts";

const EMPTY = 0;

/** FNV-1a with a given offset basis, then MurmurHash3's fmix32 so that near-equal ids spread over the table. */
function _hash(text: string, basis: number): number {
  return fmix32(fnv1a32(text, basis));
}

/** A set of ids with the line where each was first seen. */
export class _IdSet {
  #capacity = 1 << 12;
  #size = 0;
  #first = new Uint32Array(this.#capacity);
  #second = new Uint32Array(this.#capacity);
  #lines = new Int32Array(this.#capacity);

  /**
   * Adds `id` seen on `line`.
   * @param id the id
   * @param line its 1-based line
   * @returns the line where the id was seen before, or undefined when it is new
   */
  add(id: string, line: number): number | undefined {
    const first = _hash(id, FNV1A32_BASIS);
    const second = _hash(id, 0x9747b28c) || 1;
    const mask = this.#capacity - 1;
    let slot = first & mask;
    while (this.#second[slot] !== EMPTY) {
      if (this.#first[slot] === first && this.#second[slot] === second) return this.#lines[slot];
      slot = (slot + 1) & mask;
    }
    this.#first[slot] = first;
    this.#second[slot] = second;
    this.#lines[slot] = line;
    if (++this.#size * 2 > this.#capacity) this.#grow();
    return undefined;
  }

  #grow(): void {
    const [first, second, lines] = [this.#first, this.#second, this.#lines];
    this.#capacity *= 2;
    this.#first = new Uint32Array(this.#capacity);
    this.#second = new Uint32Array(this.#capacity);
    this.#lines = new Int32Array(this.#capacity);
    const mask = this.#capacity - 1;
    for (let i = 0; i < first.length; i++) {
      if (second[i] === EMPTY) continue;
      let slot = first[i] & mask;
      while (this.#second[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.#first[slot] = first[i];
      this.#second[slot] = second[i];
      this.#lines[slot] = lines[i];
    }
  }
}
