import { createHash } from 'node:crypto';

// 32-bit hashing with Math.imul only: exact in JavaScript numbers, identical on every platform, and fast enough
// to run over every shingle of every article.

/** Murmur3's finalizer: a bijection on 32-bit integers with full avalanche. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalized with {@link mix32}. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Order-dependent combination of two 32-bit hashes. */
export function combineHash(seed: number, value: number): number {
  return mix32(Math.imul(seed ^ value, 0x9e3779b1) + 0x7f4a7c15);
}

/**
 * Exact-duplicate key: SHA-256 of the matching tokens, so two articles that differ only in whitespace, case,
 * punctuation or UK/US spelling share it.
 */
export function contentHash(tokens: readonly string[]): string {
  return createHash('sha256').update(tokens.join(' ')).digest('hex');
}
