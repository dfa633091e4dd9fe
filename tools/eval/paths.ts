import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout root: the nearest directory above this file holding package.json (works from dist/ too). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Third-party data (seeds, datasets) lives outside the repository: `STORYLINE_SHARED_DIR` or `<repo>/../shared`. */
export function sharedDir(): string {
  return process.env.STORYLINE_SHARED_DIR ?? join(repoRoot(), '..', 'shared');
}
