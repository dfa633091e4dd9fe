import { DataSource } from 'typeorm';
import { Groups } from './groups';

/** What the pipeline decided for the input's articles, keyed like the gold labels. */
export interface Predictions {
  /** Article key → story id (articles stored but not assigned to a story are absent). */
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
