import { DEFAULT_GAZETTEER } from '../gazetteer/gazetteer';
import { Token } from './token';

// Tokens follow the CoNLL-2003 (Penn Treebank-like) conventions the tagger was trained on, so that features
// computed at run time look like the training ones: punctuation and quotes are separate tokens, possessive
// 's and clitics (n't, 're, 'll) are split off, dotted abbreviations (U.S., Mr., Feb.) and numbers (1,200;
// 5.5) stay whole, hyphenated words stay whole (Nagorno-Karabakh, Jean-Michel, Mercedes-Benz). One deliberate
// difference: a hyphenated compound of places or organisations the gazetteer knows ("Ukraine-Hungary rift",
// "Russia-NATO talks") is split, because news headlines use it for two parties that are each an entity.
// Text that is already tokenized this way ("Lord 's", "they 're") keeps a detached clitic as one token.
// Every token keeps its character offsets into the original text.

const TOKEN_RE =
  /(?<![\p{L}\p{N}])['’](?:s|re|ve|ll|m|d)(?![\p{L}\p{N}])|(?:\p{L}\.){2,}|\p{N}+(?:[.,:/]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*(?:[-.&][\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*)*|\.{2,}|-{2,}|\S/gu;

const CLITIC_RE = /(?:n['’]t|['’](?:s|re|ve|ll|m|d))$/i;

// Words written with a final period that is part of the word, not the end of a sentence.
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev fr st mt ft jr sr co corp inc ltd bros vs ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec no nos approx est dept univ ave blvd'
  ).split(' '),
);

const NORMALIZE: Record<string, string> = {
  '’': "'",
  '‘': "'",
  ʼ: "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '…': '...',
};

const TYPOGRAPHIC_RE = /[’‘ʼ“”„«»–—…]/g;

export function normalizeToken(text: string): string {
  // Fast path: most tokens are plain ASCII.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) return text.replace(TYPOGRAPHIC_RE, (c) => NORMALIZE[c]);
  }
  return text;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN_RE);
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    const start = match.index;
    let raw = match[0];
    if (text[start + raw.length] === '.' && isAbbreviation(raw)) {
      raw += '.';
      re.lastIndex += 1;
    }
    if (raw.length > 2 && (raw.includes("'") || raw.includes('’') || raw.includes('-'))) {
      for (const piece of splitWord(raw, start)) {
        tokens.push({ start: piece.start, end: piece.end, text: piece.text, norm: normalizeToken(piece.text) });
      }
    } else {
      tokens.push({ start, end: start + raw.length, text: raw, norm: normalizeToken(raw) });
    }
  }
  return tokens;
}

function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word);
}

function joinsKnownEntities(compound: string): boolean {
  return compound.split('-').every((part) => DEFAULT_GAZETTEER.has(part, 'LOC') || DEFAULT_GAZETTEER.has(part, 'ORG'));
}

function splitWord(raw: string, start: number): { start: number; end: number; text: string }[] {
  const clitic = raw.length > 2 ? CLITIC_RE.exec(raw) : null;
  if (clitic && clitic.index > 0) {
    const head = raw.slice(0, clitic.index);
    return [
      ...splitWord(head, start),
      { start: start + clitic.index, end: start + raw.length, text: raw.slice(clitic.index) },
    ];
  }
  if (raw.includes('-') && /^\p{Lu}[\p{L}\p{M}]*(?:-\p{Lu}[\p{L}\p{M}]*)+$/u.test(raw) && joinsKnownEntities(raw)) {
    const out: { start: number; end: number; text: string }[] = [];
    let offset = start;
    raw.split('-').forEach((part, i) => {
      if (i > 0) {
        out.push({ start: offset, end: offset + 1, text: '-' });
        offset += 1;
      }
      out.push({ start: offset, end: offset + part.length, text: part });
      offset += part.length;
    });
    return out;
  }
  return [{ start, end: start + raw.length, text: raw }];
}
