import { splitSentences, variantKey } from '@storyline/nlp';
import { foldText, foldWord, unsegmentedPieces } from '@storyline/text';
import { isTitleCase, lowercaseVocabulary, properNouns } from './proper-nouns';
import { stem } from './stemmer';
import { STOPWORDS } from './stopwords';

/** What clustering reads from one article (before weighting by document frequency). */
export interface ArticleFeatures {
  /** Content term → count; headline and lead terms are counted {@link TITLE_BOOST} times. */
  terms: Map<string, number>;
  /** Distinct content terms of the headline. */
  titleTerms: Set<string>;
  /** Entity key (proper noun word folded by `variantKey`) → mentions. */
  entities: Map<string, number>;
  /**
   * Capitalised words that only open sentences, keyed like `entities`, with their content term: kept as
   * entities only if the statistics say the word is mostly used as a name (see `weighArticle`).
   */
  uncertainEntities: Map<string, { term: string; mentions: number }>;
}

export interface ArticleText {
  title: string | null;
  body: string;
}

/** A headline is written to say what the story is: its words count as much as three body mentions. */
export const TITLE_BOOST = 3;

/**
 * The lead — the first sentences of the body — is written to the same end (news is an inverted pyramid) and
 * counts as the headline does. It also stands in for a headline that says nothing ("It's about time, right?").
 * Two sentences at the headline's full boost: fewer or more sentences, or a smaller boost, group ECB+ dev less
 * well. A headline-only article has no lead.
 */
export const LEAD_SENTENCES = 2;

// Entity keys live in the same document-frequency table as terms, told apart by this prefix.
export const ENTITY_PREFIX = '@';

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/**
 * Longer "words" are not words — a hash, a base64 blob, a URL slug run together — and never shared by two
 * reports; keys are also indexed in Postgres, whose btree refuses entries over ~2.7 KB (one 3,000-character
 * token failed every dedupe attempt of its article). The longest German compounds in news stay under this.
 */
export const MAX_TERM_LENGTH = 64;

/**
 * Content terms of a text: folded, stop words and one-character words dropped, stemmed. Numbers stay terms: a
 * year, a death toll or a fee is often what tells two events of one kind apart.
 */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) {
    for (const piece of unsegmentedPieces(match[0])) {
      if (piece.unsegmented) {
        terms.push(...unsegmentedTerms(piece.text));
        continue;
      }
      const word = foldWord(piece.text);
      if (word.length < 2 || word.length > MAX_TERM_LENGTH || STOPWORDS.has(word)) continue;
      terms.push(stem(word));
    }
  }
  return terms;
}

// ICU's dictionary word breaker (the same Chinese–Japanese dictionary whatever the locale) finds the words of a
// run. Pairs of characters across word boundaries ("周二恢复" → "二恢") are terms no report shares, and they
// outnumber the real ones, so dictionary words bring two reports of one event closer than pairs alone do.
// Where ICU has no dictionary data it returns single characters, and the whole run is taken as pairs.
const CJK_WORDS = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Terms of a Chinese or Japanese run: its dictionary words, and character pairs of each stretch of characters
 * the dictionary does not know as words — mostly names ("东港" comes back as 东|港), kept whole that way.
 */
function unsegmentedTerms(run: string): string[] {
  const terms: string[] = [];
  let unknown = '';
  const flushUnknown = (): void => {
    if (unknown !== '') terms.push(...characterPairs(unknown));
    unknown = '';
  };
  for (const { segment } of CJK_WORDS.segment(run)) {
    if ([...segment].length === 1) {
      unknown += segment;
    } else {
      flushUnknown();
      // Dictionary words are short; the bound keeps MAX_TERM_LENGTH a guarantee rather than a property of ICU.
      if (segment.length <= MAX_TERM_LENGTH) terms.push(segment);
    }
  }
  flushUnknown();
  return terms;
}

/** Overlapping pairs of characters of a Chinese or Japanese run (the run itself when it is one character). */
function characterPairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/** Entity key of one name word, or null for a function word or number. */
export function entityKey(word: string): string | null {
  if (STOPWORDS.has(word.toLowerCase())) return null;
  const key = variantKey(word);
  return key.length >= 2 && key.length <= MAX_TERM_LENGTH && !/^\d+$/.test(key) ? key : null;
}

interface NameWord {
  key: string;
  word: string;
  uncertain: boolean;
}

/** Entity keys of the proper nouns of a text: one key per name word, so "Putin" matches "Vladimir Putin". */
function nameWords(text: string, lowercaseWords: ReadonlySet<string>): NameWord[] {
  const out: NameWord[] = [];
  for (const name of properNouns(text, lowercaseWords)) {
    for (const word of name.text.split(/[\s-]+/)) {
      const key = entityKey(word);
      if (key) out.push({ key, word, uncertain: name.uncertain });
    }
  }
  return out;
}

/** Characters of `body` its lead takes: up to the end of its {@link LEAD_SENTENCES}th sentence. */
function leadLength(body: string): number {
  const sentences = splitSentences(body);
  return sentences.length > LEAD_SENTENCES ? sentences[LEAD_SENTENCES - 1].end : body.length;
}

function count(values: Iterable<string>, into: Map<string, number>, times = 1): void {
  for (const v of values) into.set(v, (into.get(v) ?? 0) + times);
}

export function extractFeatures(article: ArticleText): ArticleFeatures {
  const title = article.title?.trim() ?? '';
  const terms = new Map<string, number>();
  const titleTerms = contentTerms(title);
  count(titleTerms, terms, TITLE_BOOST);
  const lead = leadLength(article.body);
  count(contentTerms(article.body.slice(0, lead)), terms, TITLE_BOOST);
  count(contentTerms(article.body.slice(lead)), terms);

  const lowercaseWords = lowercaseVocabulary(article.body);
  for (const w of lowercaseVocabulary(title)) lowercaseWords.add(w);
  // In a Title Case line (the headline, sub-headings, bylines, "Last Updated" stamps) capitalisation says
  // nothing: its words are names only when running text capitalises them too. A body line ending like a
  // sentence is running text however many names it holds.
  const heading = (line: string, i: number): boolean =>
    isTitleCase(line) && (i === 0 || !/[.!?]["”’']?\s*$/.test(line));
  const lines = [title, ...article.body.split('\n')];
  const prose = lines.filter((line, i) => line.trim() !== '' && !heading(line, i));
  const headings = lines.filter((line, i) => line.trim() !== '' && heading(line, i));
  const proseNames = prose.flatMap((line) => nameWords(line, lowercaseWords));
  const confirmed = new Set(proseNames.filter((n) => !n.uncertain).map((n) => n.key));
  const headingNames = headings.flatMap((line) =>
    nameWords(line, lowercaseWords).map((n) => ({ ...n, uncertain: !confirmed.has(n.key) })),
  );
  const entities = new Map<string, number>();
  const uncertainEntities = new Map<string, { term: string; mentions: number }>();
  for (const name of [...proseNames, ...headingNames]) {
    if (!name.uncertain || confirmed.has(name.key)) {
      entities.set(name.key, (entities.get(name.key) ?? 0) + 1);
    } else {
      const seen = uncertainEntities.get(name.key);
      if (seen) seen.mentions++;
      else uncertainEntities.set(name.key, { term: stem(foldWord(foldText(name.word))), mentions: 1 });
    }
  }
  for (const key of entities.keys()) uncertainEntities.delete(key);
  return { terms, titleTerms: new Set(titleTerms), entities, uncertainEntities };
}
