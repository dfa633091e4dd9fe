import { TaggerSentence } from './tagger-sentence';

// Document-level evidence, the main lever beyond a sentence-local tagger on news text:
//   - casing elsewhere in the document: a word capitalised at the start of a sentence or in an all-caps
//     headline is a name if the same document writes it capitalised mid-sentence, and a common word if it
//     writes it in lower case ("JAPAN GET LUCKY WIN" vs "Japan" in the body; "Abandon" vs "abandon");
//   - the tagger's own earlier decisions for the same word in the document ("Kuleba" after "Dmytro Kuleba"
//     was tagged PER), filled in sentence by sentence while decoding.

export type CaseClass = 'C' | 'L' | 'M';

export class DocumentContext {
  private readonly capitalised = new Map<string, number>();
  private readonly lowercase = new Map<string, number>();
  private readonly history = new Map<string, string>();

  constructor(sentences: TaggerSentence[]) {
    for (const s of sentences) {
      if (s.headline) continue;
      for (let i = 0; i < s.words.length; i++) {
        if (s.initial[i]) continue;
        const c = s.words[i].charCodeAt(0);
        const counts = isUpperCode(c, s.words[i])
          ? this.capitalised
          : isLowerCode(c, s.words[i])
            ? this.lowercase
            : null;
        if (counts) counts.set(s.lower[i], (counts.get(s.lower[i]) ?? 0) + 1);
      }
    }
  }

  /** How the document writes this (lower-cased) word where casing is informative; undefined if never. */
  caseClass(lower: string): CaseClass | undefined {
    const cap = this.capitalised.get(lower) ?? 0;
    const low = this.lowercase.get(lower) ?? 0;
    if (cap === 0 && low === 0) return undefined;
    return low === 0 ? 'C' : cap === 0 ? 'L' : 'M';
  }

  /** The entity type (or 'O') last assigned to this capitalised word earlier in the document. */
  previousTag(lower: string): string | undefined {
    return this.history.get(lower);
  }

  /** Records the decoded tags of a sentence; only capitalised words, where a name decision was made. */
  remember(sentence: TaggerSentence, types: (string | null)[]): void {
    for (let i = 0; i < sentence.words.length; i++) {
      if (!startsUpper(sentence.words[i])) continue;
      this.history.set(sentence.lower[i], types[i] ?? 'O');
    }
  }
}

export function startsUpper(word: string): boolean {
  return isUpperCode(word.charCodeAt(0), word);
}

function isUpperCode(c: number, word: string): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const first = word[0];
  return first !== first.toLowerCase();
}

function isLowerCode(c: number, word: string): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 128) return false;
  const first = word[0];
  return first !== first.toUpperCase();
}
