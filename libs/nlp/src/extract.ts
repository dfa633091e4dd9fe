import { NerModel } from './ner/model';
import { recognize } from './ner/recognize';
import { resolveEntities, ResolvedMention } from './resolve/resolve-entities';

export interface ArticleInput {
  title?: string;
  text: string;
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
  return { mentions: resolveEntities(recognize(model, combined), combined, article.title || undefined) };
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
