import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { FLOORS, SAME_FLOOR, plugin } from './boundaries.cjs';

const ROOT = join(__dirname, '..', '..');

/** The messages the boundaries rule gives `code` as if it were the file at `file` (relative to the root). */
function boundaryErrors(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { storyline: plugin as any },
      rules: { 'storyline/boundaries': 'error' as const },
    },
  ];
  return linter.verify(code, config, { filename: join(ROOT, file) }).map((message) => message.message);
}

describe('module boundaries', () => {
  it('gives every lib in libs/ one floor', () => {
    const libs = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(FLOORS.flat().sort()).toEqual([...libs].sort());
    expect(new Set(FLOORS.flat()).size).toBe(FLOORS.flat().length);
    for (const [lib, peers] of Object.entries(SAME_FLOOR)) {
      for (const peer of peers) {
        expect(FLOORS.findIndex((floor) => floor.includes(peer))).toBe(
          FLOORS.findIndex((floor) => floor.includes(lib)),
        );
        expect(SAME_FLOOR[peer] ?? []).not.toContain(lib);
      }
    }
  });

  it('lets a lib import the floors below it, and named peers on its own', () => {
    expect(boundaryErrors('libs/pipeline/src/a.ts', "import { x } from '@storyline/stories';")).toEqual([]);
    expect(boundaryErrors('libs/stories/src/a.ts', "import { x } from '@storyline/text';")).toEqual([]);
    expect(boundaryErrors('libs/config/src/a.ts', "import { x } from '@storyline/transport';")).toEqual([]);
    expect(boundaryErrors('libs/text/src/a/b.ts', "import { x } from '../c';")).toEqual([]);
  });

  it('reports a lib importing upwards or across its floor, by alias or by path', () => {
    expect(boundaryErrors('libs/text/src/a.ts', "import { x } from '@storyline/pipeline';")).toEqual([
      "'@storyline/pipeline': libs/text (floor 1) may not import libs/pipeline (floor 3): imports go down the floors",
    ]);
    expect(boundaryErrors('libs/stories/src/a.ts', "export * from '../../http/src/problem';")).toHaveLength(1);
    expect(boundaryErrors('libs/transport/src/a.ts', "import { x } from '@storyline/config';")).toHaveLength(1);
    expect(boundaryErrors('libs/database/src/a.ts', "const x = require('@storyline/stories');")).toHaveLength(1);
  });

  it('reports libs importing apps or tools, apps importing apps or tools, and code importing test helpers', () => {
    expect(boundaryErrors('libs/pipeline/src/a.ts', "import { x } from '../../../apps/ingest/src/main';")).toEqual([
      "'../../../apps/ingest/src/main': libs never import apps (apps/ingest)",
    ]);
    expect(boundaryErrors('libs/pipeline/src/a.ts', "import { x } from '../../../tools/cli/args';")).toHaveLength(1);
    expect(boundaryErrors('apps/ingest/src/a.ts', "import { x } from '../../query/src/query-app';")).toEqual([
      "'../../query/src/query-app': an app never imports another app (apps/query); share through libs/",
    ]);
    expect(boundaryErrors('apps/ingest/src/a.ts', "const m = import('../../../tools/cli/args');")).toHaveLength(1);
    expect(boundaryErrors('libs/nlp/src/a.ts', "import { x } from '../../../test/support/shared-data';")).toHaveLength(
      1,
    );
    expect(boundaryErrors('libs/nlp/src/a.spec.ts', "import { x } from '../../../test/support/shared-data';")).toEqual(
      [],
    );
  });

  it('lets apps import libs, tools import apps, and tests import anything', () => {
    expect(boundaryErrors('apps/query/src/a.ts', "import { x } from '@storyline/pipeline';")).toEqual([]);
    expect(boundaryErrors('tools/openapi/a.ts', "import { x } from '../../apps/query/src/query-app';")).toEqual([]);
    expect(boundaryErrors('test/support/a.ts', "import { x } from '../../apps/dedupe/src/dedupe-app';")).toEqual([]);
  });

  it('is on in the repository lint', () => {
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'),
        '--stdin',
        '--stdin-filename',
        'libs/text/src/boundary-fixture.ts',
      ],
      { cwd: ROOT, input: "import { x } from '@storyline/pipeline';\nexport const y = x;\n", encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('storyline/boundaries');
  });
});
