import { Sentence, splitSentences, tokenize } from '../tokenize';
import { NerModel } from './model';
import { tagDocument } from './tag-document';
import { prepareSentence, TaggerSentence } from './tagger-sentence';
import { EntityType, TAGS, tagSpans } from './tags';

export type MentionType = 'PERSON' | 'ORGANIZATION' | 'LOCATION';

/** A recognised entity mention: `text` is exactly `input.slice(start, end)`; `sentence` is a 0-based index. */
export interface Mention {
  start: number;
  end: number;
  text: string;
  type: MentionType;
  sentence: number;
}

const MENTION_TYPES: Partial<Record<EntityType, MentionType>> = {
  PER: 'PERSON',
  ORG: 'ORGANIZATION',
  LOC: 'LOCATION',
};

/** Finds PERSON/ORGANIZATION/LOCATION mentions in a document (MISC is tagged but not reported). */
export function recognize(model: NerModel, text: string): Mention[] {
  const sentences = splitSentences(text, tokenize(text));
  const tagged = sentences.map((s) => prepareSentence(s.tokens.map((t) => t.norm)));
  const paths = tagDocument(tagged, model, model.lexicon, model.gazetteer);
  const mentions: Mention[] = [];
  sentences.forEach((sentence, si) => {
    const tags = paths[si].map((t) => TAGS[t]);
    for (const span of tagSpans(tags)) {
      const type = MENTION_TYPES[span.type];
      if (!type) continue;
      let start = span.start;
      let end = span.end;
      while (start < end && (isNoise(model, tagged[si], start) || !isWordLike(tagged[si].words[start]))) start++;
      while (end > start && !isWordLike(tagged[si].words[end - 1])) end--;
      if (start === end || onlyCalendar(model, tagged[si], start, end)) continue;
      mentions.push(toMention(text, sentence, start, end, type));
    }
  });
  return mentions;
}

// A sentence-initial capitalised word the training corpus writes in lower case ("Abandon your equipment",
// "Follow the coverage") is a verb or common noun, not the start of a name, unless the gazetteer knows it.
function isNoise(model: NerModel, s: TaggerSentence, i: number): boolean {
  if (!s.initial[i] && !s.headline) return false;
  if (model.lexicon.get(s.lower[i]) !== 'L') return false;
  return !['LOC', 'ORG', 'FIRST'].some((c) => model.gazetteer.has(s.lower[i], c as 'LOC' | 'ORG' | 'FIRST'));
}

// A span edge on a clitic or punctuation ("'s Militia", a closing quote) is a tagging slip, not part of a name.
function isWordLike(word: string): boolean {
  return /^[\p{L}\p{N}]/u.test(word);
}

// Month and weekday names are capitalised and sometimes tagged as names in unfamiliar contexts.
function onlyCalendar(model: NerModel, s: TaggerSentence, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!model.gazetteer.has(s.lower[i], 'CAL') && s.lower[i] !== '.') return false;
  return true;
}

function toMention(text: string, sentence: Sentence, first: number, end: number, type: MentionType): Mention {
  const start = sentence.tokens[first].start;
  const stop = sentence.tokens[end - 1].end;
  return { start, end: stop, text: text.slice(start, stop), type, sentence: sentence.index };
}
