import { EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import { chooseStoryTitle, HeadlineCandidate } from '@storyline/stories';

/** Title provenances (the normalizer's) of a headline the article was given, not one made from its text. */
const DECLARED_TITLE_SOURCES = ['input', 'html-meta', 'json-ld'];

/** A filed article's headline and the provenance of it (`metadata.title.source`). */
export interface FiledHeadline {
  title: string | null;
  titleSource: string | null;
}

/**
 * The story's title, its centroids and whether one of its articles was given that title as its headline (a
 * story founded by an untitled article is titled by that article's first sentence).
 */
const READ_TITLE = `SELECT s.title, s.profile -> 'terms' AS terms, s.profile -> 'titleTerms' AS title_terms,
          s.title_declared AS declared
     FROM story s WHERE s.id = $1`;

/**
 * Retitles the story by its most central headline when one of the articles just filed has a headline more central
 * to it than its title (see chooseStoryTitle), in the filing's transaction, so that the story's event carries it.
 * The story keeps its title otherwise: a title changes only for a better one, compared against the story's
 * centroids as they are now.
 */
export async function retitleStory(tx: EntityManager, storyId: string, filed: FiledHeadline[]): Promise<void> {
  const headlines = filed.filter((f): f is FiledHeadline & { title: string } => !!f.title?.trim());
  if (!headlines.length) return;
  const [story] = await preparedQuery<{
    title: string | null;
    terms: Array<[string, number]> | null;
    title_terms: Array<[string, number]> | null;
    declared: boolean;
  }>(tx, READ_TITLE, [storyId]);
  if (!story) return;
  const candidates: HeadlineCandidate[] = [
    ...(story.title ? [{ title: story.title, declared: story.declared }] : []),
    ...headlines.map((h) => ({ title: h.title, declared: DECLARED_TITLE_SOURCES.includes(h.titleSource ?? '') })),
  ];
  const chosen = chooseStoryTitle(candidates, { terms: story.terms ?? [], titleTerms: story.title_terms ?? [] });
  if (chosen && (chosen.title !== story.title || chosen.declared !== story.declared)) {
    await preparedQuery(tx, `UPDATE story SET title = $2, title_declared = $3 WHERE id = $1`, [
      storyId,
      chosen.title,
      chosen.declared,
    ]);
  }
}
