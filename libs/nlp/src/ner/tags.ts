// BIO tag set (CoNLL-2003 IOB2) and span conversion. MISC is learned because CoNLL annotates it (and it keeps
// nationalities and events from being forced into LOC/ORG), but it is never emitted as an entity.

export const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC'] as const;
export type Tag = (typeof TAGS)[number];
export type EntityType = 'PER' | 'LOC' | 'ORG' | 'MISC';

export const TAG_INDEX = new Map<string, number>(TAGS.map((t, i) => [t, i]));

export function tagType(tag: string): EntityType | null {
  return tag === 'O' ? null : (tag.slice(2) as EntityType);
}

/** Whether tag `next` may follow tag `prev` (prev undefined = sentence start): I-X only continues X. */
export function transitionAllowed(prev: string | undefined, next: string): boolean {
  if (!next.startsWith('I-')) return true;
  return prev !== undefined && prev !== 'O' && prev.slice(2) === next.slice(2);
}

export interface TagSpan {
  start: number;
  end: number;
  type: EntityType;
}

/** Entity spans `[start, end)` of a tag sequence, read like conlleval (an I- after O or another type opens a span). */
export function tagSpans(tags: readonly string[]): TagSpan[] {
  const spans: TagSpan[] = [];
  let open: TagSpan | null = null;
  tags.forEach((tag, i) => {
    const type = tagType(tag);
    const continues = open !== null && tag.startsWith('I-') && open.type === type;
    if (open && !continues) {
      spans.push(open);
      open = null;
    }
    if (type && !continues) open = { start: i, end: i + 1, type };
    else if (open) open.end = i + 1;
  });
  if (open) spans.push(open);
  return spans;
}
