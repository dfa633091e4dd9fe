import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Third-party data lives beside the checkout, never in it: `../shared`, or STORYLINE_SHARED_DIR. */
export function sharedDir(): string {
  return process.env.STORYLINE_SHARED_DIR ?? resolve(__dirname, '..', '..', '..', 'shared');
}

/**
 * Whether the shared data at `relativePath` is there. A spec that needs it must not pass unnoticed without it:
 * in CI (CI set, as .ci/run does) a missing path throws, so the spec file fails naming it; elsewhere a banner
 * names it and the spec, and the caller skips what needs it. The banner goes straight to stderr: Jest drops the
 * console output of a file whose tests were all skipped.
 */
export function sharedDataFound(relativePath: string): boolean {
  const path = join(sharedDir(), relativePath);
  if (existsSync(path)) return true;
  if (process.env.CI && process.env.CI !== 'false') {
    throw new Error(
      `shared data missing: ${path} (in CI its specs fail instead of skipping; see STORYLINE_SHARED_DIR)`,
    );
  }
  const spec = relative(process.cwd(), expect.getState().testPath ?? '');
  const line = '!'.repeat(100);
  process.stderr.write(
    `${line}\n!! SKIPPED in ${spec}: what needs ${path}, which is missing.\n` +
      `!! Put the shared data in ../shared or set STORYLINE_SHARED_DIR; in CI these specs fail instead.\n${line}\n`,
  );
  return false;
}

/**
 * `describe` for suites that read the shared data at `relativePath` (see sharedDataFound). Without it, the suite
 * is replaced by one skipped test naming the path: jest runs the body of a skipped `describe` to collect its
 * tests, and the body would read the missing data.
 */
export function describeWithSharedData(relativePath: string): (name: string, suite: () => void) => void {
  if (sharedDataFound(relativePath)) return describe;
  const path = join(sharedDir(), relativePath);
  return (name) => it.skip(`${name} (needs ${path})`, () => undefined);
}

export interface Seed {
  name: string;
  text: string;
}

export function loadSeeds(): Seed[] {
  const dir = join(sharedDir(), 'seeds');
  if (!existsSync(dir)) throw new Error(`seed articles not found in ${dir} (set STORYLINE_SHARED_DIR)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f.replace(/\.txt$/, ''), text: readFileSync(join(dir, f), 'utf8') }));
}

/** What posting the seeds needs of a stack (test/support/stack.ts). */
interface SeedPoster {
  postArticle(body: unknown): Promise<{ status: number; body: any }>;
  waitForArticles(ids: string[]): Promise<any[]>;
}

/**
 * Posts the seeds through ingest (source "seeds", externalId the file name) and waits until each is final: their
 * ids and final article views by seed number ("000" … "004").
 */
export async function postSeeds(
  stack: SeedPoster,
): Promise<{ ids: Record<string, string>; views: Record<string, any> }> {
  const ids: Record<string, string> = {};
  for (const seed of loadSeeds()) {
    const res = await stack.postArticle({ source: 'seeds', externalId: seed.name, body: seed.text });
    if (res.status !== 202) throw new Error(`seed ${seed.name} answered ${res.status}`);
    ids[seed.name.slice(0, 3)] = res.body.id;
  }
  const final = await stack.waitForArticles(Object.values(ids));
  return { ids, views: Object.fromEntries(Object.keys(ids).map((k, i) => [k, final[i]])) };
}
