// Folds British and American spellings (and a few abbreviations newsrooms rewrite) onto one form, so a copy
// re-spelled for another market still produces the same shingles. Both sides of a comparison are folded, so an
// occasional over-fold ("flour" → "flor") is harmless: it only matters if it made two different words collide,
// which these suffix rules practically never do in running news text.

// Whole-word rewrites that no suffix rule can express.
const WORDS: Record<string, string> = {
  defence: 'defense',
  offence: 'offense',
  pretence: 'pretense',
  licence: 'license',
  grey: 'gray',
  tyre: 'tire',
  tyres: 'tires',
  kerb: 'curb',
  cheque: 'check',
  cheques: 'checks',
  aluminium: 'aluminum',
  plough: 'plow',
  jewellery: 'jewelry',
  mould: 'mold',
  sceptic: 'skeptic',
  sceptical: 'skeptical',
  aeroplane: 'airplane',
  aeroplanes: 'airplanes',
  pyjamas: 'pajamas',
  manoeuvre: 'maneuver',
  manoeuvres: 'maneuvers',
  storey: 'story',
  storeys: 'stories',
  whilst: 'while',
  amongst: 'among',
  // Wire copy abbreviates months and US states in datelines; rewrites spell them out.
  jan: 'january',
  feb: 'february',
  mar: 'march',
  apr: 'april',
  jun: 'june',
  jul: 'july',
  aug: 'august',
  sep: 'september',
  sept: 'september',
  oct: 'october',
  nov: 'november',
  dec: 'december',
};

// Ordered suffix rules; the first that matches wins. Minimum stem lengths keep short words ("our", "four",
// "rise", "metre" is fine) from being mangled into something that collides with another word.
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // colour/colored, honourable, neighbourhood, favourite, armoured
  [/^([a-z]{2,})our(s|ed|ing|ite|ites|able|ably|hood|hoods|er|ers|ful|less|ist|ists)?$/, '$1or$2'],
  // realise/realize, organisation/organization, demilitarised
  [/^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations)$/, '$1iz$2'],
  // analyse/analyze, paralysed
  [/^([a-z]{2,})ys(e|es|ed|ing)$/, '$1yz$2'],
  // centre/center, theatres, metre, fibre
  [/^([a-z]{2,})tre(s)?$/, '$1ter$2'],
  [/^([a-z]{2,})bre(s)?$/, '$1ber$2'],
  // travelled/traveled, cancelling, modeller, signalled ("called", "filled" have too short a stem to match)
  [/^([a-z]{2,}[aeu])ll(ed|ing|er|ers)$/, '$1l$2'],
  // catalogue/catalog, dialogues
  [/^([a-z]{2,})ogue(s)?$/, '$1og$2'],
  // programme/program
  [/^([a-z]{2,})gramme(s)?$/, '$1gram$2'],
];

// Greek-derived ae/oe digraphs that American spelling reduces to e, wherever they occur in the word.
const DIGRAPHS: ReadonlyArray<readonly [RegExp, string]> = [
  [/paed/, 'ped'],
  [/haem/, 'hem'],
  [/aemi/, 'emi'],
  [/archae/, 'arche'],
  [/^oest/, 'est'],
  [/^oesoph/, 'esoph'],
  [/^foet/, 'fet'],
  [/rhoea/, 'rhea'],
];

/**
 * Tokens already folded: every token of every article passes here, and the ~20 patterns each one is tried
 * against were the costliest step of fingerprinting. A news vocabulary repeats; the memo is dropped whole when it
 * reaches its bound rather than kept in order.
 */
const folded = new Map<string, string>();
const FOLDED_BOUND = 200_000;

/** Folds a lower-cased, diacritic-free token onto its American spelling (or leaves it unchanged). */
export function foldSpelling(token: string): string {
  const word = WORDS[token];
  if (word !== undefined) return word;
  if (token.length < 5) return token;
  let result = folded.get(token);
  if (result === undefined) {
    if (folded.size >= FOLDED_BOUND) folded.clear();
    result = foldByPattern(token);
    folded.set(token, result);
  }
  return result;
}

function foldByPattern(token: string): string {
  let word = token;
  for (const [pattern, replacement] of DIGRAPHS) word = word.replace(pattern, replacement);
  for (const [pattern, replacement] of RULES) {
    if (pattern.test(word)) return word.replace(pattern, replacement);
  }
  return word;
}
