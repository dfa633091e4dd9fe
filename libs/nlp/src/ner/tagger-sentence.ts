// A sentence as the tagger sees it: the normalized words plus the two facts about casing the features need.
//
// Casing is the strongest cue for names in running text and no cue at all in headlines. CoNLL-2003 headlines
// are ALL CAPS; news on the web writes headlines and slogans in Title Case ("Subscribe To Our Weekly
// Newsletter"). A Title Case sentence is therefore shown to the tagger upper-cased, exactly like the
// headlines it was trained on, so it falls back on word identity and document evidence instead of casing.

export interface TaggerSentence {
  /** Normalized words; upper-cased when the sentence is a Title Case headline. */
  words: string[];
  /** Lower-cased words (computed once; every feature family uses them). */
  lower: string[];
  /** Position where a capital letter says nothing: sentence start, or right after an opening quote/colon. */
  initial: boolean[];
  /** All-caps or Title Case sentence: casing carries no information. */
  headline: boolean;
}

const FUNCTION_WORDS = new Set(
  (
    'a an the of to in on at by for from with and or but our your my their his her its we you it is are be this ' +
    'that now not no too far up out about new get how what why when all'
  ).split(' '),
);

export function prepareSentence(rawWords: string[]): TaggerSentence {
  const headline = isAllCaps(rawWords) || isTitleCase(rawWords);
  const words = headline ? rawWords.map((w) => w.toUpperCase()) : rawWords;
  const initial = new Array<boolean>(words.length);
  let seenWord = false;
  for (let i = 0; i < words.length; i++) {
    const prev = i > 0 ? words[i - 1] : '';
    initial[i] = !seenWord || prev === '"' || prev === ':' || prev === "'";
    if (hasLetterOrDigit(words[i])) seenWord = true;
  }
  return { words, lower: words.map((w) => w.toLowerCase()), initial, headline };
}

function isAllCaps(words: string[]): boolean {
  let alpha = 0;
  let caps = 0;
  let longest = 0;
  for (const w of words) {
    let letters = 0;
    let lower = false;
    // Character codes rather than regexes and toUpperCase copies: this runs on every word of every sentence.
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        letters++;
        lower = true;
      } else if (c >= 65 && c <= 90) {
        letters++;
      } else if (c > 127) {
        const ch = w[i];
        if (ch !== ch.toUpperCase()) lower = true;
        if (ch !== ch.toUpperCase() || ch !== ch.toLowerCase()) letters++;
      }
    }
    if (letters < 2) continue;
    alpha++;
    if (!lower) {
      caps++;
      longest = Math.max(longest, w.length);
    }
  }
  return alpha > 0 && caps >= 0.8 * alpha && (alpha >= 2 || longest >= 4);
}

function isTitleCase(words: string[]): boolean {
  let alpha = 0;
  let capitalisedFunctionWord = false;
  for (const w of words) {
    // Clitics ("'ve", "n't") are lower case in any headline.
    if (!/^\p{L}/u.test(w) || w.length < 2) continue;
    alpha++;
    if (!/^\p{Lu}/u.test(w)) return false;
    if (FUNCTION_WORDS.has(w.toLowerCase())) capitalisedFunctionWord = true;
  }
  return alpha >= 3 && capitalisedFunctionWord;
}

function hasLetterOrDigit(w: string): boolean {
  return /[\p{L}\p{N}]/u.test(w);
}
