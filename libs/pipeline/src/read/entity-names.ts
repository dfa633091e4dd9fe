import { DataSource } from 'typeorm';
import { StoryEntityV1 } from '@storyline/contracts';
import { variantKey } from '@storyline/nlp';

/**
 * The entity keys a name would have as each entity type: a spelling variant (Kiev) has the key of the entity
 * articles call otherwise (Kyiv), so it finds the entity even when no article spelled it that way.
 */
export function variantKeysOf(name: string): string[] {
  const variant = variantKey(name);
  return variant ? StoryEntityV1.shape.type.options.map((t) => `${t}:${variant}`) : [];
}

/**
 * Every entity known by `name` — an alias seen in articles, matched whole and case-insensitively (the trigram
 * index on lower(alias) answers equality), or a spelling variant of its key — for filters that take an entity by
 * name. Exact, not fuzzy as entity search is: a filter that quietly widened to similar names would list stories
 * about someone else. Ordered by id, so a statement built from them is the same each time.
 */
export async function entityIdsNamed(db: DataSource, name: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(
    `SELECT entity_id AS id FROM entity_alias WHERE lower(alias) = lower($1)
     UNION
     SELECT id FROM entity WHERE key = ANY($2::text[])
     ORDER BY id`,
    [name, variantKeysOf(name)],
  );
  return rows.map((r) => r.id);
}
