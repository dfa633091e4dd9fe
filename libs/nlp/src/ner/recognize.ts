import { Gazetteer } from '../gazetteer';
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
  const paths = tagDocument(tagged, model, model.lexicon, model.gazetteer, undefined, model.families);
  const spans: TokenSpan[][] = tagged.map((s, si) => {
    const out: TokenSpan[] = [];
    for (const span of tagSpans(paths[si].map((t) => TAGS[t]))) {
      const type = MENTION_TYPES[span.type];
      if (!type) continue;
      const [start, end] = trimEdges(model, s, span.start, span.end);
      if (start === end || onlyCalendar(model, s, start, end)) continue;
      out.push({ start, end, type });
    }
    return out;
  });
  settlePeople(model.gazetteer, tagged, spans);
  extendToLongerNames(tagged, spans);
  return spans.flatMap((list, si) => list.map((span) => toMention(text, sentences[si], span)));
}

const ARTICLES = new Set(['the', 'a', 'an']);

// A person reading kept anywhere in the document ("Dutroux", "Marcelo Rios") holds for a name with the same
// last word where the article would drop it ("the Marc Dutroux case", "a Rios serve").
export function settlePeople(gazetteer: Gazetteer, sentences: TaggerSentence[], spans: TokenSpan[][]): void {
  const verdicts: (MentionType | null)[][] = spans.map((list, si) =>
    list.map((span) =>
      span.type === 'PERSON' ? personOrNot(gazetteer, sentences[si], span.start, span.end) : span.type,
    ),
  );
  const people = new Set<string>();
  spans.forEach((list, si) =>
    list.forEach((span, k) => {
      if (verdicts[si][k] !== 'PERSON') return;
      people.add(sentences[si].lower[span.end - 1]);
    }),
  );
  spans.forEach((list, si) => {
    const kept: TokenSpan[] = [];
    list.forEach((span, k) => {
      const verdict = verdicts[si][k];
      if (verdict === span.type || people.has(sentences[si].lower[span.end - 1])) kept.push(span);
      else if (verdict !== null) kept.push({ ...span, type: verdict });
    });
    spans[si] = kept;
  });
}

// The tagger types most runs of capitalised words in running text PER, so a vessel ("the Grey Heron"), a company
// or a newspaper with an unfamiliar name comes out a person. People's names rarely follow an article or end on an
// organisation word; when one does and its first word is not a known first name, the person reading is dropped:
// an organisation if it ends on an organisation word ("Harbour Gazette", "Lumen Foods"), otherwise no entity.
function personOrNot(gazetteer: Gazetteer, s: TaggerSentence, start: number, end: number): MentionType | null {
  const first = s.lower[start];
  if (gazetteer.has(first, 'FIRST') || gazetteer.has(first, 'TITLE')) return 'PERSON';
  const orgWord = end - start > 1 && gazetteer.has(s.lower[end - 1], 'ORGW');
  if (orgWord) return 'ORGANIZATION';
  return start > 0 && ARTICLES.has(s.words[start - 1]) ? null : 'PERSON';
}

/** A mention as token positions `[start, end)` of its sentence. */
export interface TokenSpan {
  start: number;
  end: number;
  type: MentionType;
}

// A span edge on a clitic or punctuation ("'s Militia", a closing quote) is a tagging slip, not part of a name;
// a sentence-initial common word is not its first word either (isNoise). Kept: a bracket whose partner is in the
// span ("Mladost ( BJ )", "( Jerry ) Koosman"), and a final "'s" the tagger put inside a name ("Lord 's", "Boatmen
// 's"; a plain possessive it leaves out of the span).
function trimEdges(model: NerModel, s: TaggerSentence, from: number, to: number): [number, number] {
  let start = from;
  let end = to;
  while (start < end && (isNoise(model, s, start) || !(isWordLike(s.words[start]) || opensWithin(s, start, end))))
    start++;
  while (
    end > start &&
    !(isWordLike(s.words[end - 1]) || closesWithin(s, start, end - 1) || (end - 1 > start && s.lower[end - 1] === "'s"))
  )
    end--;
  return [start, end];
}

function isLowerWord(word: string): boolean {
  return /^\p{Ll}/u.test(word);
}

function opensWithin(s: TaggerSentence, i: number, end: number): boolean {
  return s.words[i] === '(' && s.words.slice(i + 1, end).includes(')');
}

function closesWithin(s: TaggerSentence, start: number, i: number): boolean {
  return s.words[i] === ')' && s.words.slice(start, i).includes('(');
}

// Document-level consistency of spans: a name the tagger found whole in one place ("Tampa Bay", "Queen 's Park")
// and only in part elsewhere ("TAMPA" followed by "BAY") is the same name; the part is extended over the tokens
// that follow or precede it when they complete the longer name, and takes its type.
export function extendToLongerNames(sentences: TaggerSentence[], spans: TokenSpan[][]): void {
  const names = new Map<string, MentionType>();
  const byWord = new Map<string, string[][]>();
  sentences.forEach((s, si) => {
    for (const span of spans[si]) {
      if (span.end - span.start < 2) continue;
      const words = s.lower.slice(span.start, span.end);
      const key = words.join(' ');
      if (names.has(key)) continue;
      names.set(key, span.type);
      for (const w of new Set(words)) {
        const list = byWord.get(w);
        if (list) list.push(words);
        else byWord.set(w, [words]);
      }
    }
  });
  if (names.size === 0) return;
  sentences.forEach((s, si) => {
    const list = spans[si];
    list.forEach((span, k) => {
      const longer = longestCover(s, span, byWord, list[k - 1]?.end ?? 0, list[k + 1]?.start ?? s.words.length);
      if (longer) list[k] = { ...longer, type: names.get(s.lower.slice(longer.start, longer.end).join(' '))! };
    });
  });
}

/** The longest known name covering the span within [min, max) of the sentence, if longer than the span. */
function longestCover(
  s: TaggerSentence,
  span: TokenSpan,
  byWord: Map<string, string[][]>,
  min: number,
  max: number,
): TokenSpan | undefined {
  let best: TokenSpan | undefined;
  const length = span.end - span.start;
  for (const words of byWord.get(s.lower[span.start]) ?? []) {
    if (words.length <= length || (best && words.length <= best.end - best.start)) continue;
    for (let offset = 0; offset + length <= words.length; offset++) {
      const start = span.start - offset;
      const end = start + words.length;
      if (start < min || end > max) continue;
      let same = true;
      for (let k = 0; k < words.length && same; k++) {
        const added = start + k < span.start || start + k >= span.end;
        same = s.lower[start + k] === words[k] && !(added && !s.headline && isLowerWord(s.words[start + k]));
      }
      if (same && isWordLike(s.words[start]) && isWordLike(s.words[end - 1])) {
        best = { start, end, type: span.type };
        break;
      }
    }
  }
  return best;
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

function toMention(text: string, sentence: Sentence, span: TokenSpan): Mention {
  const start = sentence.tokens[span.start].start;
  const stop = sentence.tokens[span.end - 1].end;
  return { start, end: stop, text: text.slice(start, stop), type: span.type, sentence: sentence.index };
}
