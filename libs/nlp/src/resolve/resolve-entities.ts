import { aliasTarget, DEFAULT_GAZETTEER } from '../gazetteer';
import type { Mention, MentionType } from '../ner/recognize';
import { variantKey } from '../variant-key';
import { cleanSurface, initials, isAcronym } from './surface';

/** A mention resolved to an entity: `entityKey` is stable across articles, `canonical` is its display name. */
export interface ResolvedMention extends Mention {
  entityKey: string;
  canonical: string;
}

interface Working {
  mention: Mention;
  surface: string;
  /** The surface the entity is keyed by: the full name, the long form, or the surface itself. */
  keySurface: string;
  /** Whether `surface` is a short form of `keySurface` (surname, acronym), not a candidate canonical name. */
  short: boolean;
  type: MentionType;
  /** A dateline place: a place by what the dateline is, never resolved to another name. */
  dateline: boolean;
}

// Resolution within one article, in this order:
//   1. surfaces are cleaned (titles, possessives, articles; see surface.ts);
//   2. a one-word person mention is resolved to the full name in the article that ends with the same word
//      (compared by variant key: "Kuleba" → "Dmytro Kuleba"); with several such full names, the most
//      frequent. A one-word mention the tagger typed LOC/ORG is resolved too unless the gazetteer knows the
//      word as a place or organisation — the tagger is less reliable on lone surnames than on full names;
//   3. an acronym is resolved to a long form in the article whose initials it spells (EU / European Union,
//      U.S. / United States), and otherwise through the shared alias table, which also gives the long form
//      for articles that never spell it out;
//   4. a short form (surname, acronym) keyed to a name gets the type most mentions of that name have, so a
//      mis-typed surname or acronym joins its entity; so does a name in the title, tagged with little context. A
//      full name in the body gets it only when the gazetteer knows the name by that type (a stray ORG "Donbas"
//      joins the place); otherwise it keeps the type the tagger gave it in its own sentence, because one article
//      can name a city and the team named after it ("New York" LOC in a dateline, ORG on a results line):
//      voting those into one type cost 0.7 F1 on CoNLL dev, mostly LOC;
//      a name the dateline gives (the first `datelinePlaces` mentions) is a place wherever the article names it;
//   5. entityKey = TYPE:variantKey(key surface) — spelling variants fold across articles; canonical = the
//      most frequent full surface form of the entity in the article (body before title), longest on ties.
export function resolveEntities(
  mentions: Mention[],
  text: string,
  title?: string,
  datelinePlaces = 0,
): ResolvedMention[] {
  const titleEnd = title ? title.length : 0;
  const items: Working[] = mentions
    .map((m, i) => {
      const surface = cleanSurface(m.text, m.type);
      const keySurface = aliasTarget(surface) ?? surface;
      return { mention: m, surface, keySurface, short: false, type: m.type, dateline: i < datelinePlaces };
    })
    .filter((item) => keyable(item.surface));
  dropBareHeads(items);
  const places = new Set(items.filter((item) => item.dateline).map((item) => variantKey(item.keySurface)));
  resolveShortNames(items);
  resolveAcronyms(items, text);
  const typeOf = majorityTypes(items);
  const groups = new Map<string, Working[]>();
  for (const item of items) {
    const voted = typeOf.get(variantKey(item.keySurface)) ?? item.type;
    if (places.has(variantKey(item.keySurface))) item.type = 'LOCATION';
    else if (item.short || item.mention.start < titleEnd || voted === gazetteerType(item.keySurface)) item.type = voted;
    const key = `${item.type}:${variantKey(item.keySurface)}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const canonicalOf = new Map<string, string>();
  for (const [key, group] of groups) canonicalOf.set(key, chooseCanonical(group, titleEnd));
  return items.map((item) => {
    const entityKey = `${item.type}:${variantKey(item.keySurface)}`;
    return { ...item.mention, type: item.type, entityKey, canonical: canonicalOf.get(entityKey) ?? item.surface };
  });
}

/**
 * Longest name: a longer mention is a tagging accident (a token of thousands of letters, a title-case run), and
 * names and keys are indexed in Postgres, which refuses entries over ~2.7 KB.
 */
const MAX_NAME_LENGTH = 200;

/** A mention with nothing to key it by (punctuation alone) or too long to be a name is left out. */
function keyable(surface: string): boolean {
  return surface.length <= MAX_NAME_LENGTH && variantKey(surface) !== '';
}

// A bare organisation head noun ("Union", "Trust") stands for the full name the article gives ("Food and Allied
// Workers Union", "Ridgemont Heritage Trust"), but which one is not sure: an article can name several unions.
// It is not an entity of its own, so it is left out instead of becoming an organisation called "Union".
function dropBareHeads(items: Working[]): void {
  const heads = new Set<string>();
  for (const item of items) {
    if (item.type !== 'ORGANIZATION' || !item.surface.includes(' ')) continue;
    heads.add(item.surface.slice(item.surface.lastIndexOf(' ') + 1).toLowerCase());
  }
  if (heads.size === 0) return;
  for (let i = items.length - 1; i >= 0; i--) {
    const surface = items[i].surface;
    if (surface.includes(' ') || !heads.has(surface.toLowerCase())) continue;
    if (DEFAULT_GAZETTEER.has(surface, 'ORGW')) items.splice(i, 1);
  }
}

function resolveShortNames(items: Working[]): void {
  const fullNames = new Map<string, { surface: string; count: number }>();
  for (const item of items) {
    if (item.type !== 'PERSON' || !item.surface.includes(' ')) continue;
    const key = variantKey(item.surface);
    const entry = fullNames.get(key);
    if (entry) entry.count++;
    else fullNames.set(key, { surface: item.surface, count: 1 });
  }
  if (fullNames.size === 0) return;
  for (const item of items) {
    if (item.dateline || item.surface.includes(' ') || isAcronym(item.surface)) continue;
    if (item.type !== 'PERSON' && knownNonPerson(item.surface)) continue;
    const last = variantKey(item.surface);
    let best: { surface: string; count: number } | undefined;
    for (const [key, entry] of fullNames) {
      if (key.slice(key.lastIndexOf(' ') + 1) !== last) continue;
      if (!best || entry.count > best.count) best = entry;
    }
    if (best) {
      item.keySurface = best.surface;
      item.short = true;
    }
  }
}

function knownNonPerson(word: string): boolean {
  return DEFAULT_GAZETTEER.has(word, 'LOC') || DEFAULT_GAZETTEER.has(word, 'ORG');
}

// Long forms spelled out in the text with the acronym in parentheses ("Armed Forces of Ukraine (AFU)"),
// whether or not the tagger reported the long form as a mention.
const DEFINITION_RE = /(\p{Lu}[\p{L}-]*(?:\s+(?:of|the|and|for|\p{Lu}[\p{L}-]*))+)\s*\((\p{Lu}{2,})\)/gu;

function resolveAcronyms(items: Working[], text: string): void {
  const longForms = new Map<string, string>();
  for (const m of text.matchAll(DEFINITION_RE)) {
    const words = m[1].split(/\s+/);
    // Keep only as many trailing words as the acronym needs ("In Kyiv, the Armed Forces of Ukraine (AFU)").
    for (let k = words.length - 1; k >= 0; k--) {
      const candidate = words.slice(k).join(' ');
      if (initials(candidate) === m[2]) {
        longForms.set(m[2], aliasTarget(candidate) ?? candidate);
        break;
      }
    }
  }
  for (const item of items) {
    if (item.type === 'PERSON' || !item.surface.includes(' ')) continue;
    const abbreviation = initials(item.surface);
    if (abbreviation.length >= 2 && !longForms.has(abbreviation)) longForms.set(abbreviation, item.keySurface);
  }
  for (const item of items) {
    if (!isAcronym(item.surface)) continue;
    const long = longForms.get(item.surface.replace(/\./g, ''));
    if (long) item.keySurface = long;
    if (item.keySurface !== item.surface) item.short = true;
  }
}

/** The type the gazetteer knows a whole name by (a place or an organisation), if any. */
function gazetteerType(surface: string): MentionType | undefined {
  const lower = surface.toLowerCase().split(' ');
  const whole = DEFAULT_GAZETTEER.match(lower).filter((m) => m.start === 0 && m.end === lower.length);
  if (whole.some((m) => m.category === 'LOC')) return 'LOCATION';
  if (whole.some((m) => m.category === 'ORG')) return 'ORGANIZATION';
  return undefined;
}

function majorityTypes(items: Working[]): Map<string, MentionType> {
  const votes = new Map<string, Map<MentionType, number>>();
  for (const item of items) {
    const key = variantKey(item.keySurface);
    let v = votes.get(key);
    if (!v) votes.set(key, (v = new Map()));
    // Full forms vote more than short ones: the tagger types "Dmytro Kuleba" more reliably than "Kuleba".
    v.set(item.type, (v.get(item.type) ?? 0) + (item.short ? 1 : 2));
  }
  const out = new Map<string, MentionType>();
  for (const [key, v] of votes) out.set(key, [...v].sort((a, b) => b[1] - a[1])[0][0]);
  return out;
}

function chooseCanonical(group: Working[], titleEnd: number): string {
  const full = group.filter((g) => !g.short);
  const pool = full.length > 0 ? full : group;
  const body = pool.filter((g) => g.mention.start >= titleEnd);
  const candidates = body.length > 0 ? body : pool;
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.surface, (counts.get(c.surface) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0][0];
}
