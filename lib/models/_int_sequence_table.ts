/**
 * An exact hash table from short integer sequences (character codes of a character n-gram, or word ids of a
 * word n-gram) to dense entry numbers 0, 1, 2, … in insertion order. Keys are stored in one Int32Array pool
 * and compared element by element, so there are no collisions and no per-key string allocation.
 */

const EMPTY = -1;

/** Mixes one 32-bit value into a running 32-bit hash (multiply-xorshift). */
export function mixHash(hash: number, value: number): number {
  let h = Math.imul(hash ^ value, 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca77);
}

/** Seed of every sequence hash. */
export const HASH_SEED = 0x2545f491;

/** Slot layout: [hash, entry (-1 = empty), start in pool, length]: one cache line per probe. */
const STRIDE = 4;

/** Exact table of integer sequences → entry numbers. */
export class IntSequenceTable {
  private slots: Int32Array;
  /** Number of slots minus one (a power of two minus one). */
  private mask: number;
  /** Entry → its slot, for rehashing and key lookup. */
  private entrySlots: Int32Array;
  private pool: Int32Array;
  private poolSize = 0;
  /** Number of entries. */
  size = 0;

  /** @param expected rough number of entries, to size the table */
  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = _emptySlots(capacity);
    this.mask = capacity - 1;
    this.entrySlots = new Int32Array(Math.max(16, expected));
    this.pool = new Int32Array(Math.max(64, expected * 4));
  }

  /**
   * Finds the entry whose key equals `source[start .. start+length)` (hash precomputed with
   * {@link mixHash} from {@link HASH_SEED}); -1 when absent.
   */
  find(hash: number, source: Int32Array, start: number, length: number): number {
    const slots = this.slots, mask = this.mask, pool = this.pool;
    let slot = (hash ^ (hash >>> 16)) & mask;
    for (;;) {
      const base = slot * STRIDE;
      const entry = slots[base + 1];
      if (entry === EMPTY) return -1;
      if (slots[base] === hash && slots[base + 3] === length) {
        let at = slots[base + 2];
        let k = 0;
        while (k < length && pool[at] === source[start + k]) {
          at++;
          k++;
        }
        if (k === length) return entry;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Like {@link find}, but inserts the key as a new entry when absent. Returns the entry number. */
  findOrInsert(hash: number, source: Int32Array, start: number, length: number): number {
    const slots = this.slots, mask = this.mask, pool = this.pool;
    let slot = (hash ^ (hash >>> 16)) & mask;
    for (;;) {
      const base = slot * STRIDE;
      const entry = slots[base + 1];
      if (entry === EMPTY) break;
      if (slots[base] === hash && slots[base + 3] === length) {
        let at = slots[base + 2];
        let k = 0;
        while (k < length && pool[at] === source[start + k]) {
          at++;
          k++;
        }
        if (k === length) return entry;
      }
      slot = (slot + 1) & mask;
    }
    const entry = this.size++;
    if (entry >= this.entrySlots.length) {
      const grown = new Int32Array(this.entrySlots.length * 2);
      grown.set(this.entrySlots);
      this.entrySlots = grown;
    }
    if (this.poolSize + length > this.pool.length) {
      const grown = new Int32Array(Math.max(this.pool.length * 2, this.poolSize + length));
      grown.set(this.pool.subarray(0, this.poolSize));
      this.pool = grown;
    }
    const base = slot * STRIDE;
    slots[base] = hash;
    slots[base + 1] = entry;
    slots[base + 2] = this.poolSize;
    slots[base + 3] = length;
    this.entrySlots[entry] = slot;
    for (let k = 0; k < length; k++) this.pool[this.poolSize++] = source[start + k];
    if (this.size * 2 > this.mask + 1) this.rehash();
    return entry;
  }

  /**
   * A new table holding only the entries with `keep[entry]` true, renumbered 0, 1, 2, … in their current
   * order (keys and hashes unchanged).
   */
  compact(keep: (entry: number) => boolean, expected: number): IntSequenceTable {
    const table = new IntSequenceTable(expected);
    for (let entry = 0; entry < this.size; entry++) {
      if (!keep(entry)) continue;
      const base = this.entrySlots[entry] * STRIDE;
      table.findOrInsert(this.slots[base], this.pool, this.slots[base + 2], this.slots[base + 3]);
    }
    return table;
  }

  /** The key of an entry, as a fresh array. */
  key(entry: number): Int32Array {
    const base = this.entrySlots[entry] * STRIDE;
    const start = this.slots[base + 2];
    return this.pool.slice(start, start + this.slots[base + 3]);
  }

  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = _emptySlots(capacity);
    const mask = capacity - 1;
    for (let entry = 0; entry < this.size; entry++) {
      const from = this.entrySlots[entry] * STRIDE;
      const hash = this.slots[from];
      let slot = (hash ^ (hash >>> 16)) & mask;
      while (slots[slot * STRIDE + 1] !== EMPTY) slot = (slot + 1) & mask;
      slots.set(this.slots.subarray(from, from + STRIDE), slot * STRIDE);
      this.entrySlots[entry] = slot;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function _emptySlots(capacity: number): Int32Array {
  const slots = new Int32Array(capacity * STRIDE);
  for (let slot = 0; slot < capacity; slot++) slots[slot * STRIDE + 1] = EMPTY;
  return slots;
}
