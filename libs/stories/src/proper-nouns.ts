import { STOPWORDS } from './stopwords';

// A word as written: letters/digits with inner apostrophes, periods (U.S.) or hyphens (Jean-Luc).
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;
const UPPER_START = /^\p{Lu}/u;
// Characters after which the next word starts a sentence (or a quote, heading or dateline).
const SENTENCE_BREAK = /[.!?:;"“”'‘’()[\]\n\u2013\u2014-]\s*$/;

interface Word {
  text: string;
  capitalized: boolean;
  sentenceStart: boolean;
  /** True when only spaces or tabs separate this word from the previous one (no punctuation, no line break). */
  joined: boolean;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    const gap = text.slice(last, start);
    out.push({
      text: match[0].replace(/['’]s$/u, ''),
      capitalized: UPPER_START.test(match[0]),
      sentenceStart: out.length === 0 || SENTENCE_BREAK.test(gap),
      joined: /^[ \t]*$/.test(gap),
    });
    last = start + match[0].length;
  }
  return out;
}

/** True when most longer words of a headline are capitalised ("Stocks Fall After Fed Hints"). */
export function isTitleCase(text: string): boolean {
  const long = words(text).filter((w) => w.text.length >= 4);
  if (long.length < 3) return false;
  return long.filter((w) => w.capitalized).length / long.length >= 0.6;
}

/** A name found in text. */
export interface ProperNoun {
  text: string;
  /**
   * A single capitalised word that only ever opens a sentence ("Officials said…", "Kuleba arrived…"): it may be
   * a name or just a capitalised common word; the caller decides with word statistics.
   */
  uncertain: boolean;
}

/**
 * Proper nouns as runs of capitalised words ("Vladimir Putin", "Promises Treatment Center"). A capitalised
 * word that opens a sentence is dropped when the text also uses it in lower case or it is a function word
 * ("The", "But", "Monday"), and flagged uncertain when the text never capitalises it elsewhere.
 * `lowercaseWords` are words seen in lower case anywhere in the article (pass the body's as well when
 * extracting from a headline).
 */
export function properNouns(
  text: string,
  lowercaseWords: ReadonlySet<string> = lowercaseVocabulary(text),
): ProperNoun[] {
  const all = words(text);
  const capitalizedInside = new Set(all.filter((w) => w.capitalized && !w.sentenceStart).map((w) => w.text));
  const names: ProperNoun[] = [];
  let run: Word[] = [];
  const flush = () => {
    if (run.length > 0) {
      const uncertain = run.length === 1 && run[0].sentenceStart && !capitalizedInside.has(run[0].text);
      names.push({ text: run.map((w) => w.text).join(' '), uncertain });
    }
    run = [];
  };
  for (const word of all) {
    const lower = word.text.toLowerCase().replace(/’/g, "'");
    const isName =
      word.capitalized &&
      !STOPWORDS.has(lower) &&
      !/^\p{N}/u.test(word.text) &&
      (!word.sentenceStart || !lowercaseWords.has(lower));
    if (!isName || !word.joined || word.sentenceStart) flush();
    if (isName) run.push(word);
  }
  flush();
  return names;
}

/** Words the text uses in lower case. */
export function lowercaseVocabulary(text: string): Set<string> {
  const seen = new Set<string>();
  for (const word of words(text)) if (!word.capitalized) seen.add(word.text.toLowerCase());
  return seen;
}
