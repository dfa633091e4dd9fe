import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Third-party data lives beside the checkout, never in it: `../shared`, or STORYLINE_SHARED_DIR. */
export const SHARED_DIR = process.env.STORYLINE_SHARED_DIR ?? resolve(__dirname, '..', '..', '..', 'shared');

export interface Seed {
  name: string;
  text: string;
}

export function loadSeeds(): Seed[] {
  const dir = join(SHARED_DIR, 'seeds');
  if (!existsSync(dir)) throw new Error(`seed articles not found in ${dir} (set STORYLINE_SHARED_DIR)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f.replace(/\.txt$/, ''), text: readFileSync(join(dir, f), 'utf8') }));
}
