// Runs `npm run build` only when dist/ is older than the sources, so the npm scripts that run something from dist/
// start at once when nothing changed: tsc takes ~4 s to find that out (and tsc-alias ~1 s more), comparing the
// modification times of ~500 files and ~80 directories here ~20 ms. Plain CommonJS: it runs before anything is
// compiled.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// What tsconfig.build.json compiles, and where it records a build (its spec checks that the two agree).
const SOURCE_ROOTS = ['apps', 'libs', 'tools'];
const NOT_BUILT = /\.(spec|test)\.ts$/;
const BUILD_INFO = 'dist/.tsbuildinfo.build';
// The compiler options, and the installed packages: their types shape the emitted decorator metadata.
const BUILD_SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'node_modules/.package-lock.json'];

/**
 * The first input of the build changed since it last ran, or null when dist/ is current. Directories count:
 * adding, deleting or renaming a source changes its directory's modification time, not any remaining file's.
 */
function staleInput(root) {
  const builtAt = modifiedAt(path.join(root, BUILD_INFO));
  if (builtAt === undefined) return BUILD_INFO;
  const newer = (file) => (modifiedAt(file) ?? 0) > builtAt;
  const setting = BUILD_SETTINGS.map((file) => path.join(root, file)).find(newer);
  if (setting) return path.relative(root, setting);
  for (const sourceRoot of SOURCE_ROOTS) {
    const source = newerSource(path.join(root, sourceRoot), builtAt);
    if (source) return path.relative(root, source);
  }
  return null;
}

function newerSource(dir, builtAt) {
  if (fs.statSync(dir).mtimeMs > builtAt) return dir;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const source = newerSource(entryPath, builtAt);
      if (source) return source;
    } else if (entry.name.endsWith('.ts') && !NOT_BUILT.test(entry.name) && fs.statSync(entryPath).mtimeMs > builtAt) {
      return entryPath;
    }
  }
  return undefined;
}

function modifiedAt(file) {
  return fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * Builds when stale. tsc leaves its build info untouched when nothing it compiles changed (a file saved again
 * unchanged), so the build info is dated here, to when the build started: a source saved during the build is
 * still newer, and built next time.
 */
function buildWhenStale(root) {
  const stale = staleInput(root);
  if (stale === null) return 0;
  console.error(`build: ${stale} changed since the last build`);
  const startedAt = new Date();
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  fs.utimesSync(path.join(root, BUILD_INFO), startedAt, startedAt);
  return 0;
}

module.exports = { SOURCE_ROOTS, NOT_BUILT, BUILD_INFO, staleInput };

if (require.main === module) process.exitCode = buildWhenStale(path.resolve(__dirname, '..', '..'));
