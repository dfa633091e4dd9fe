import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Document frequencies counted once over a reference corpus, the cold-start part of {@link TermStatistics}. */
export interface BackgroundFrequencies {
  /** Reference corpus and how the counts were made. */
  source: string;
  docCount: number;
  /** Term (or '@' + entity key) → number of documents containing it. Terms seen in one document are left out. */
  df: Record<string, number>;
}

export const BACKGROUND_MODEL_FILE = 'background-df-v1.json.gz';

export function parseBackgroundFrequencies(gzipped: Buffer): BackgroundFrequencies {
  const data = JSON.parse(gunzipSync(gzipped).toString('utf8')) as Partial<BackgroundFrequencies>;
  if (typeof data.docCount !== 'number' || typeof data.df !== 'object' || data.df === null) {
    throw new Error('background frequencies: expected { docCount: number, df: object }');
  }
  return { source: String(data.source ?? ''), docCount: data.docCount, df: data.df };
}

/**
 * Finds `models/background-df-v1.json.gz` by walking up from this file, so the same code works from the
 * sources (ts-jest, ts-node) and from the compiled `dist/` tree.
 */
export function defaultBackgroundModelPath(from = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'models', BACKGROUND_MODEL_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`models/${BACKGROUND_MODEL_FILE} not found above ${from}`);
    dir = parent;
  }
}

export function loadBackgroundFrequencies(path = defaultBackgroundModelPath()): BackgroundFrequencies {
  return parseBackgroundFrequencies(readFileSync(path));
}
