import { NerModel } from './ner/model';
import { Mention, recognize } from './ner/recognize';
import { resolveEntities, ResolvedMention } from './resolve/resolve-entities';

export interface ArticleInput {
  title?: string;
  text: string;
  /**
   * The place of the article's dateline ("PORT ELLIS", "Kyiv, Ukraine"), which the normalizer records and cuts
   * from the text. Each of its comma-separated names is a LOCATION mention of zero width at the start of the
   * body (its `text` is the name, not a slice of the document), and the body's mentions of that name are places.
   */
  dateline?: string | null;
}

/**
 * The single entry point of the entities worker and CLI: recognition plus canonicalization of one article.
 *
 * Offset convention: title and body are tagged as one document, `combinedText({ title, text })` =
 * `title + '\n\n' + text` (just `text` when there is no title), so the headline benefits from the body's
 * evidence and vice versa. Every mention's start/end index into that combined string: a mention with
 * `start < title.length` is in the title; subtract `title.length + 2` to get an offset into `text`.
 */
export function extractEntities(model: NerModel, article: ArticleInput): { mentions: ResolvedMention[] } {
  const combined = combinedText(article);
  const bodyStart = article.title ? article.title.length + 2 : 0;
  const places = datelinePlaces(article.dateline, bodyStart);
  const mentions = [...places, ...recognize(model, combined)];
  return { mentions: resolveEntities(mentions, combined, article.title || undefined, places.length) };
}

// Dateline places are written as "CITY" or "CITY, Region/Country"; anything longer than a name is not one.
const MAX_PLACE_WORDS = 5;

function datelinePlaces(dateline: string | null | undefined, at: number): Mention[] {
  if (!dateline) return [];
  return dateline
    .split(',')
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter((name) => /\p{L}/u.test(name) && name.split(' ').length <= MAX_PLACE_WORDS)
    .map((name) => ({ start: at, end: at, text: name, type: 'LOCATION' as const, sentence: 0 }));
}

export function combinedText(article: ArticleInput): string {
  return article.title ? `${article.title}\n\n${article.text}` : article.text;
}

export interface CliMention {
  start: number;
  end: number;
  text: string;
  type: ResolvedMention['type'];
  entityKey: string;
  canonical: string;
}

/** One output line of `cli entities` for an input line `{ id, text }` (no title: offsets index `text`). */
export function entitiesCliLine(
  model: NerModel,
  input: { id: string; text: string },
): { id: string; mentions: CliMention[] } {
  const { mentions } = extractEntities(model, { text: input.text });
  return {
    id: input.id,
    mentions: mentions.map(({ start, end, text, type, entityKey, canonical }) => ({
      start,
      end,
      text,
      type,
      entityKey,
      canonical,
    })),
  };
}
