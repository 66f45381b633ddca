/** Private: texts as sets of word unigrams and bigrams, and their cosine similarity, for diversity. */

const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** Lower-cased word unigrams and bigrams of a text, as a set. */
export function _tokenSet(text: string): Set<string> {
  const words = text.toLowerCase().match(TOKEN) ?? [];
  const set = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) set.add(`${words[i]} ${words[i + 1]}`);
  return set;
}

/** Cosine similarity of two sets as binary vectors (0 when either is empty). */
export function _setCosine(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}
