/** Near-duplicate search over character shingles: MinHash signatures bucketed by LSH bands. */
import { createRng, fmix32, fnv1a32 } from "../core/mod.ts";
import { normalizeText } from "../data/mod.ts";

/** Settings of a {@link MinHashIndex}. */
export interface MinHashOptions {
  /** Character n-gram length of the shingles (default 5). */
  shingleSize?: number;
  /** Number of LSH bands (default 20). */
  bands?: number;
  /** Signature rows per band (default 5); signature length is `bands * rows`. */
  rows?: number;
  /** Seed of the hash functions (default 1). */
  seed?: number;
}

/** One match found by {@link MinHashIndex.query}: the indexed entry and its exact Jaccard similarity. */
export interface NearDuplicateMatch {
  /** Position of the matched text in insertion order. */
  index: number;
  /** The caller's key for the matched text (e.g. a row id or a file name). */
  key: string;
  /** Exact character-shingle Jaccard similarity with the query. */
  similarity: number;
}

/**
 * The set of character n-grams of a sentence, after {@link normalizeText}, as 32-bit hashes. A text shorter
 * than `size` yields one shingle: the whole text (so short sentences still compare).
 * @param text the sentence
 * @param size n-gram length (default 5)
 * @returns distinct shingle hashes
 * @example charShingles("Fever after aspirin").size > 0
 */
export function charShingles(text: string, size = 5): Set<number> {
  const normalized = normalizeText(text);
  const shingles = new Set<number>();
  if (normalized.length === 0) return shingles;
  if (normalized.length <= size) {
    shingles.add(fnv1a32(normalized));
    return shingles;
  }
  for (let i = 0; i + size <= normalized.length; i++) {
    shingles.add(fnv1a32(normalized.slice(i, i + size)));
  }
  return shingles;
}

/**
 * Exact Jaccard similarity of two shingle sets (1 when both are empty).
 * @param a shingles of one text
 * @param b shingles of the other
 * @returns |a ∩ b| / |a ∪ b|
 * @example jaccardSimilarity(charShingles("abcdef"), charShingles("abcdef")) === 1
 */
export function jaccardSimilarity(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const value of small) if (large.has(value)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Probability that LSH with `bands` × `rows` makes two texts of Jaccard similarity `similarity` candidates:
 * `1 - (1 - s^rows)^bands`.
 * @param similarity Jaccard similarity in [0, 1]
 * @param bands number of bands
 * @param rows rows per band
 * @returns the candidate probability
 * @example lshCandidateProbability(0.8, 20, 5) > 0.999
 */
export function lshCandidateProbability(similarity: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(similarity, rows), bands);
}

/**
 * An index of sentences for near-duplicate queries: MinHash signatures (seeded hash functions) split into
 * LSH bands find candidates, and every candidate is verified with the exact Jaccard similarity, so a match
 * is never a false positive. With the defaults (20 bands of 5 rows) a pair at Jaccard 0.8 becomes a
 * candidate with probability 0.9996, one at 0.9 with probability > 0.999999.
 *
 * @example
 * ```ts
 * const index = new MinHashIndex();
 * index.add("test-1", "Fever and rash after amoxicillin.");
 * index.query("Fever and rash after amoxicillin!", 0.8); // [{ index: 0, key: "test-1", similarity: ... }]
 * ```
 */
export class MinHashIndex {
  /** Character n-gram length. */
  readonly shingleSize: number;
  /** Number of LSH bands. */
  readonly bands: number;
  /** Rows per band. */
  readonly rows: number;
  readonly #salts: Uint32Array;
  readonly #buckets: Array<Map<number, number[]>>;
  readonly #shingles: Array<Set<number>> = [];
  readonly #keys: string[] = [];

  /**
   * @param options shingle size, bands, rows and seed
   * @throws {RangeError} when a setting is not a positive integer
   */
  constructor(options: MinHashOptions = {}) {
    this.shingleSize = options.shingleSize ?? 5;
    this.bands = options.bands ?? 20;
    this.rows = options.rows ?? 5;
    for (
      const [name, value] of Object.entries({
        shingleSize: this.shingleSize,
        bands: this.bands,
        rows: this.rows,
      })
    ) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer`);
      }
    }
    const rng = createRng(options.seed ?? 1);
    this.#salts = new Uint32Array(this.bands * this.rows);
    for (let i = 0; i < this.#salts.length; i++) {
      this.#salts[i] = Math.floor(rng.next() * 4294967296);
    }
    this.#buckets = Array.from({ length: this.bands }, () => new Map<number, number[]>());
  }

  /** Number of indexed texts. */
  get size(): number {
    return this.#keys.length;
  }

  /**
   * Adds a text under a key.
   * @param key the caller's key, returned with matches
   * @param text the sentence
   * @returns the entry's index
   */
  add(key: string, text: string): number {
    const shingles = charShingles(text, this.shingleSize);
    const index = this.#keys.length;
    this.#keys.push(key);
    this.#shingles.push(shingles);
    const bandKeys = this.#bandKeys(shingles);
    for (let band = 0; band < this.bands; band++) {
      const bucket = this.#buckets[band];
      const members = bucket.get(bandKeys[band]);
      if (members) members.push(index);
      else bucket.set(bandKeys[band], [index]);
    }
    return index;
  }

  /**
   * Every indexed text whose exact Jaccard similarity with `text` is at least `threshold`, among the LSH
   * candidates, best first.
   * @param text the query sentence
   * @param threshold minimum Jaccard similarity (e.g. 0.8)
   * @returns verified matches, highest similarity first
   */
  query(text: string, threshold: number): NearDuplicateMatch[] {
    const shingles = charShingles(text, this.shingleSize);
    const bandKeys = this.#bandKeys(shingles);
    const seen = new Set<number>();
    const matches: NearDuplicateMatch[] = [];
    for (let band = 0; band < this.bands; band++) {
      const members = this.#buckets[band].get(bandKeys[band]);
      if (!members) continue;
      for (const index of members) {
        if (seen.has(index)) continue;
        seen.add(index);
        const similarity = jaccardSimilarity(shingles, this.#shingles[index]);
        if (similarity >= threshold) matches.push({ index, key: this.#keys[index], similarity });
      }
    }
    return matches.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  }

  /**
   * Brute-force reference: compares `text` with every indexed entry (for tests and audits; O(n)).
   * @param text the query sentence
   * @param threshold minimum Jaccard similarity
   * @returns all matches, highest similarity first
   */
  queryExhaustive(text: string, threshold: number): NearDuplicateMatch[] {
    const shingles = charShingles(text, this.shingleSize);
    const matches: NearDuplicateMatch[] = [];
    for (let index = 0; index < this.#shingles.length; index++) {
      const similarity = jaccardSimilarity(shingles, this.#shingles[index]);
      if (similarity >= threshold) matches.push({ index, key: this.#keys[index], similarity });
    }
    return matches.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  }

  #bandKeys(shingles: ReadonlySet<number>): Uint32Array {
    const length = this.#salts.length;
    const signature = new Uint32Array(length).fill(0xffffffff);
    for (const shingle of shingles) {
      for (let i = 0; i < length; i++) {
        const value = fmix32(shingle ^ this.#salts[i]);
        if (value < signature[i]) signature[i] = value;
      }
    }
    const keys = new Uint32Array(this.bands);
    for (let band = 0; band < this.bands; band++) {
      let hash = 0x811c9dc5 ^ band;
      for (let row = 0; row < this.rows; row++) {
        hash = fmix32((hash ^ signature[band * this.rows + row]) >>> 0);
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
      keys[band] = hash;
    }
    return keys;
  }
}
