import type { MentionType } from '../ner/recognize';
import type { ResolvedMention } from './resolve-entities';

/** An entity the store holds for a name: its key (`TYPE:name`) and how many mentions it has gathered. */
export interface StoredNameEntity {
  key: string;
  type: MentionType;
  mentions: number;
}

const nameOf = (entityKey: string) => entityKey.slice(entityKey.indexOf(':') + 1);
const isMultiWord = (name: string) => name.includes(' ');

/** The multi-word names among an article's mentions: the ones {@link settleNameTypes} may re-type. */
export function multiWordNames(mentions: ResolvedMention[]): string[] {
  return [...new Set(mentions.map((m) => nameOf(m.entityKey)).filter(isMultiWord))];
}

/**
 * Files every mention of a multi-word name under the one type the evidence favours: the tagger types a name by its
 * sentence, and an entity key includes the type, so one person came out as a PERSON and, from a few sentences, an
 * ORGANIZATION of the same name. The evidence is the store's mentions of the name under each type plus this
 * article's own, so a type tagged first by mistake does not hold the name forever: it is outvoted as articles
 * come. A tie keeps the type this article uses most (the store has not shown it wrong), then the alphabetical
 * first, so that every worker decides alike. One-word names keep their own type: there the type is what tells
 * Jordan the country from a Jordan.
 */
export function settleNameTypes(mentions: ResolvedMention[], stored: StoredNameEntity[]): ResolvedMention[] {
  const evidence = new Map<string, Map<MentionType, { total: number; own: number }>>();
  const tally = (name: string, type: MentionType, total: number, own: number) => {
    const byType = evidence.get(name) ?? new Map<MentionType, { total: number; own: number }>();
    const count = byType.get(type) ?? { total: 0, own: 0 };
    byType.set(type, { total: count.total + total, own: count.own + own });
    evidence.set(name, byType);
  };
  for (const m of mentions) if (isMultiWord(nameOf(m.entityKey))) tally(nameOf(m.entityKey), m.type, 1, 1);
  for (const entity of stored) {
    if (evidence.has(nameOf(entity.key))) tally(nameOf(entity.key), entity.type, entity.mentions, 0);
  }

  const settled = new Map<string, MentionType>();
  for (const [name, byType] of evidence) {
    const [winner] = [...byType].sort(
      ([typeA, a], [typeB, b]) => b.total - a.total || b.own - a.own || typeA.localeCompare(typeB),
    );
    settled.set(name, winner[0]);
  }
  return mentions.map((m) => {
    const name = nameOf(m.entityKey);
    const type = settled.get(name);
    return type && type !== m.type ? { ...m, type, entityKey: `${type}:${name}` } : m;
  });
}
