import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';

// Two dependencies cannot be loaded through an ordinary `import` in every runtime this code runs in:
// - eld is ESM-only, behind an `import`-only exports map;
// - linkedom's CommonJS build requires ESM-only packages (css-select 7, htmlparser2 10, entities 8).
// Node >= 20.19 (this repo's engine) loads ES modules from require(), so plain Node is fine. Jest's own module
// registry cannot (before Node 24.9) and fails with "Must use import to load ES Module". Loading these files with
// Node's loader (Module._load, the function behind every require()) works in both, so the library behaves the same
// under test as in production. The proper test-runner fix is a Jest transform for those packages (jest.config.js).

type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

/** Finds an installed package the way Node does: node_modules of this file's ancestors, then of the cwd's. */
export function packageDir(name: string): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`normalize: package "${name}" is not installed (looked from ${__dirname} and ${process.cwd()})`);
}

/** Loads `file` (inside package `name`) with Node's native loader. */
export function nativeRequire<T>(name: string, file: string): T {
  const loader = ((nodeModule as unknown as { Module?: Loader }).Module ?? nodeModule) as unknown as Loader;
  return loader._load(path.join(packageDir(name), file), null, false) as T;
}
