import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Resolves a configured path the way the services do (against the working directory) and, when nothing is
 * there, against the project the CLI was installed from — so `npx storyline` works from any directory.
 */
export function projectPath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return resolve(path);
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, path);
  }
  return resolve(path);
}
