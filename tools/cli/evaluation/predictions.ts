import { DataSource } from 'typeorm';
import { Groups } from './groups';

/** What the pipeline decided for the input's articles, keyed like the gold labels. */
export interface Predictions {
  /** Article key → story id, merges followed (articles stored but not assigned to a story are absent). */
  stories: Map<string, string>;
  /** Versions of one text according to the stored syndication links. */
  copies: Groups;
  /** Keys of the input that are not stored at all (not ingested, or under another source). */
  missing: string[];
}

const CHUNK = 1000;

/** Reads story ids and syndication links for the given article keys, a chunk at a time. */
export async function readPredictions(db: DataSource, keys: readonly string[]): Promise<Predictions> {
  const stories = new Map<string, string>();
  const copies = new Groups();
  const keyOfId = new Map<string, string>();
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows: { id: string; external_key: string; story_id: string | null }[] = await db.query(
      `SELECT id, external_key, story_id FROM article WHERE external_key = ANY($1)`,
      [keys.slice(i, i + CHUNK)],
    );
    for (const r of rows) {
      found.add(r.external_key);
      keyOfId.set(r.id, r.external_key);
      copies.add(r.external_key);
      if (r.story_id) stories.set(r.external_key, r.story_id);
    }
  }
  const merged = await mergedStories(db);
  for (const [key, story] of stories) stories.set(key, finalStory(story, merged));
  const ids = [...keyOfId.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const links: { copy_id: string; canonical_id: string }[] = await db.query(
      `SELECT copy_id, canonical_id FROM syndication_link WHERE copy_id = ANY($1)`,
      [ids.slice(i, i + CHUNK)],
    );
    for (const l of links) {
      // A canonical article outside the input still joins its copies: two copies of it are one group.
      copies.link(keyOfId.get(l.copy_id) as string, keyOfId.get(l.canonical_id) ?? `article:${l.canonical_id}`);
    }
  }
  return { stories, copies, missing: keys.filter((k) => !found.has(k)) };
}

/** Every merged story and the story it went into: few rows, read once. */
async function mergedStories(db: DataSource): Promise<Map<string, string>> {
  const rows: { id: string; merged_into_id: string }[] = await db.query(
    `SELECT id, merged_into_id FROM story WHERE merged_into_id IS NOT NULL`,
  );
  return new Map(rows.map((r) => [r.id, r.merged_into_id]));
}

/** A story merged into another is that other story (merges can chain; a cycle would be a bug, so stop). */
function finalStory(id: string, merged: ReadonlyMap<string, string>): string {
  const seen = new Set<string>();
  let current = id;
  while (merged.has(current) && !seen.has(current)) {
    seen.add(current);
    current = merged.get(current) as string;
  }
  return current;
}
