import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILD_INFO, NOT_BUILT, SOURCE_ROOTS, staleInput } from './build-when-stale.cjs';

describe('what build-when-stale watches', () => {
  const buildConfig = JSON.parse(readFileSync(join(__dirname, '..', '..', 'tsconfig.build.json'), 'utf8'));

  it('is what tsconfig.build.json compiles, and where it records the build', () => {
    expect(buildConfig.include).toEqual(SOURCE_ROOTS.map((root) => `${root}/**/*.ts`));
    expect(buildConfig.exclude.filter((pattern: string) => pattern.startsWith('**/'))).toEqual([
      '**/*.spec.ts',
      '**/*.test.ts',
    ]);
    expect(['a.spec.ts', 'a.test.ts', 'a.ts'].filter((name) => NOT_BUILT.test(name))).toEqual([
      'a.spec.ts',
      'a.test.ts',
    ]);
    expect(join(buildConfig.compilerOptions.tsBuildInfoFile)).toBe(BUILD_INFO);
  });
});

describe('staleInput', () => {
  let root: string;
  // Dates in the past: deleting a file dates its directory now.
  const before = new Date('2021-03-01T11:00:00Z');
  const built = new Date('2021-03-01T12:00:00Z');
  const after = new Date('2021-03-01T13:00:00Z');

  const date = (path: string, at: Date) => utimesSync(join(root, path), at, at);
  const write = (file: string, at: Date) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
    date(file, at);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-when-stale-'));
    const sources = [
      'apps/ingest/src/main.ts',
      'libs/text/src/index.ts',
      'libs/text/src/index.spec.ts',
      'tools/cli/main.ts',
    ];
    for (const file of ['tsconfig.json', 'tsconfig.build.json', ...sources]) write(file, before);
    // Creating the files dated their directories now.
    const dirs = ['apps/ingest/src', 'apps/ingest', 'apps', 'libs/text/src', 'libs/text', 'libs', 'tools/cli', 'tools'];
    for (const dir of dirs) date(dir, before);
    write(BUILD_INFO, built);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is null when nothing changed since the build', () => {
    expect(staleInput(root)).toBeNull();
  });

  it('names the build info when there was no build', () => {
    unlinkSync(join(root, BUILD_INFO));
    expect(staleInput(root)).toBe(BUILD_INFO);
  });

  it('names a source saved after the build', () => {
    date('libs/text/src/index.ts', after);
    expect(staleInput(root)).toBe(join('libs', 'text', 'src', 'index.ts'));
  });

  it('names the directory of a source added or deleted after the build', () => {
    unlinkSync(join(root, 'tools/cli/main.ts'));
    expect(staleInput(root)).toBe(join('tools', 'cli'));
  });

  it('names a compiler setting changed after the build', () => {
    date('tsconfig.build.json', after);
    expect(staleInput(root)).toBe('tsconfig.build.json');
  });

  it('names the installed packages when they changed after the build', () => {
    write('node_modules/.package-lock.json', after);
    expect(staleInput(root)).toBe(join('node_modules', '.package-lock.json'));
  });

  it('ignores a spec saved after the build, which the build does not compile', () => {
    date('libs/text/src/index.spec.ts', after);
    expect(staleInput(root)).toBeNull();
  });
});
