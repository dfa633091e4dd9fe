import * as fs from 'node:fs';
import * as path from 'node:path';

// The seed articles are third-party text: they live outside the repository (../shared/seeds) and are read at test
// time, never copied in. STORYLINE_SHARED_DIR overrides the location.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

export function sharedDir(): string {
  return process.env.STORYLINE_SHARED_DIR ?? path.resolve(REPO_ROOT, '..', 'shared');
}

/** Seed text by file-name prefix ('000' … '004'). */
export function readSeed(prefix: string): string {
  const dir = path.join(sharedDir(), 'seeds');
  const file = fs.readdirSync(dir).find((f) => f.startsWith(`${prefix}_`));
  if (!file) throw new Error(`seed ${prefix} not found in ${dir}`);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}
