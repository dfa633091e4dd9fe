import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// nest-cli.json is how Nest users build and start one app (`nest build ingest`, `nest start ingest`). It must
// describe the repository as it is: every app and lib, and the same tsc build as `npm run build`, so the two
// write one dist/ and either can run what the other built. Apps are named after their directory, libs after their
// import alias (apps/webhooks and libs/webhooks would otherwise share a name).
const ROOT = join(__dirname, '..', '..');

interface NestProject {
  type: string;
  root: string;
  sourceRoot: string;
  entryFile: string;
}

const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
  monorepo: boolean;
  sourceRoot: string;
  compilerOptions: { builder: string; webpack: boolean; tsConfigPath: string };
  projects: Record<string, NestProject>;
};
const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};

const directoriesIn = (parent: string) =>
  readdirSync(join(ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
const apps = directoriesIn('apps');
const libs = directoriesIn('libs');

describe('nest-cli.json', () => {
  it('is a monorepo built by tsc with the npm build config', () => {
    expect(nestCli.monorepo).toBe(true);
    expect(nestCli.compilerOptions).toEqual({ builder: 'tsc', webpack: false, tsConfigPath: 'tsconfig.build.json' });
  });

  it('lists exactly the directories under apps/ and libs/', () => {
    expect(Object.keys(nestCli.projects).sort()).toEqual([...apps, ...libs.map((lib) => `@storyline/${lib}`)].sort());
  });

  it.each(apps)('builds app %s from apps/<app>/src/main.ts', (app) => {
    const project = nestCli.projects[app];
    expect(project).toEqual({
      type: 'application',
      root: `apps/${app}`,
      sourceRoot: `apps/${app}/src`,
      entryFile: 'main',
    });
    expect(existsSync(join(ROOT, project.sourceRoot, `${project.entryFile}.ts`))).toBe(true);
  });

  it.each(libs)('builds lib %s from libs/<lib>/src/index.ts, the target of its alias', (lib) => {
    const project = nestCli.projects[`@storyline/${lib}`];
    expect(project).toEqual({
      type: 'library',
      root: `libs/${lib}`,
      sourceRoot: `libs/${lib}/src`,
      entryFile: 'index',
    });
    expect(existsSync(join(ROOT, project.sourceRoot, `${project.entryFile}.ts`))).toBe(true);
    expect(compilerOptions.paths[`@storyline/${lib}`]).toEqual([project.sourceRoot]);
  });

  it('defaults to one of the apps', () => {
    expect(apps.map((app) => nestCli.projects[app].sourceRoot)).toContain(nestCli.sourceRoot);
  });
});
