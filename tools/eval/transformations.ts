// Edits a republisher makes to a wire story, applied to build the syndication test set. Each takes the text
// and a seeded random source and returns the republished text.

export type Transformation = (text: string, random: () => number) => string;

function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
}

function sentences(paragraph: string): string[] {
  return paragraph.match(/[^.!?]+[.!?]+["”']?\s*|[^.!?]+$/g) ?? [paragraph];
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** Keeps the first 40–80% of the text's sentences (at least two), as sites that run only the top of a story. */
export const truncate: Transformation = (text, random) => {
  const paras = paragraphs(text).map(sentences);
  const total = paras.reduce((n, ss) => n + ss.length, 0);
  let keep = Math.max(2, Math.round(total * (0.4 + 0.4 * random())));
  const out: string[] = [];
  for (const ss of paras) {
    if (keep <= 0) break;
    out.push(ss.slice(0, keep).join('').trim());
    keep -= ss.length;
  }
  return out.join('\n\n');
};

/** Hard line breaks at 60–80 columns, as in print-derived or e-mailed copy. */
export const rewrap: Transformation = (text, random) => {
  const width = 60 + Math.floor(random() * 20);
  return paragraphs(text)
    .map((p) => {
      const lines: string[] = [];
      let line = '';
      for (const word of p.split(/\s+/)) {
        if (line.length + word.length + 1 > width && line !== '') {
          lines.push(line);
          line = word;
        } else line = line === '' ? word : `${line} ${word}`;
      }
      if (line !== '') lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n');
};

// American → British spellings as a British desk would re-spell a US wire story.
const US_TO_UK: Array<[RegExp, string]> = [
  [
    /\b(col|fav|hon|harb|lab|neighb|behavi|arm|rum|vap|hum|vig|od|endeav|sav)or(s|ed|ing|ite|ites|able|hood|ers?)?\b/g,
    '$1our$2',
  ],
  [
    /\b(real|organ|recogn|apolog|critic|emphas|author|characteri|final|minim|maxim|mobil|prior|util|stabil|legal|penal|hospital|central|modern|normal|civil|subsid|summar|special|standard|symbol|sympath|util)iz(e|es|ed|ing|ation|ations)\b/g,
    '$1is$2',
  ],
  [/\b(cen|thea|me|li|fib|calib|somb)ter(s)?\b/g, '$1tre$2'],
  [/\bdefense\b/g, 'defence'],
  [/\boffense\b/g, 'offence'],
  [/\b(travel|cancel|model|label|fuel|signal|total|counsel)(ed|ing|er|ers)\b/g, '$1l$2'],
  [/\bcatalog(s)?\b/g, 'catalogue$1'],
  [/\bprogram(s)?\b/g, 'programme$1'],
  [/\bgray\b/g, 'grey'],
  [/\btire(s)?\b/g, 'tyre$1'],
];

/** A US text in British spelling. */
export const respell: Transformation = (text) => {
  let out = text;
  for (const [pattern, replacement] of US_TO_UK) out = out.replace(pattern, replacement);
  return out;
};

const CAPTIONS = [
  'A view of the scene on the day of the events described below. Photo: Staff photographer / Wire',
  'File picture. Image courtesy of the agency; all rights reserved.',
  'People gather near the site. (Photo by a staff photographer for the wire service)',
];

/** A photo caption above the text. */
export const addCaption: Transformation = (text, random) => `${pick(CAPTIONS, random)}\n\n${text}`;

const DATELINES = ['LONDON (Wire) -', 'NEW YORK, (Wire Service) --', 'PARIS, Dec 12 (Agency) -', 'SYDNEY (AAP):'];

/** A wire dateline before the first word. */
export const addDateline: Transformation = (text, random) => `${pick(DATELINES, random)} ${text}`;

const FOOTERS = [
  'Reporting by the wire service staff; Editing by the news desk.',
  'Copyright the agency. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
  'Follow our live coverage of this story on our website and sign up for the daily newsletter for more.',
];

/** A footer after the last paragraph. */
export const addFooter: Transformation = (text, random) => `${text}\n\n${pick(FOOTERS, random)}`;

/** One sentence (not the first) removed. */
export const dropSentence: Transformation = (text, random) => {
  const paras = paragraphs(text).map((p) => sentences(p));
  const positions = paras.flatMap((ss, i) => ss.map((_, j) => [i, j] as const)).slice(1);
  if (positions.length < 3) return text;
  const [pi, si] = pick(positions, random);
  paras[pi].splice(si, 1);
  return paras
    .filter((ss) => ss.length > 0)
    .map((ss) => ss.join('').trim())
    .join('\n\n');
};

const EDITS: Array<[RegExp, string]> = [
  [/\bsaid\b/, 'told reporters'],
  [/\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/, 'earlier this week'],
  [/\bhas been\b/, 'was'],
  [/\bpolice\b/, 'officers'],
  [/\bThe\b/, 'This'],
];

/** A few words of one sentence rewritten by an editor. */
export const editSentence: Transformation = (text, random) => {
  const paras = paragraphs(text).map((p) => sentences(p));
  const flat = paras.flatMap((ss, i) => ss.map((s, j) => ({ s, i, j })));
  if (flat.length === 0) return text;
  const target = pick(flat, random);
  let edited = target.s;
  for (const [pattern, replacement] of EDITS) edited = edited.replace(pattern, replacement);
  if (edited === target.s) edited = target.s.replace(/(\w+)(\W*)$/, 'indeed $1$2');
  paras[target.i][target.j] = edited;
  return paras.map((ss) => ss.join('').trim()).join('\n\n');
};

export const TRANSFORMATIONS: Record<string, Transformation> = {
  truncate,
  rewrap,
  respell,
  addCaption,
  addDateline,
  addFooter,
  dropSentence,
  editSentence,
};
