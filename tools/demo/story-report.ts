import { ArticleView, StoryView } from './query-client';

/** What the demo knows about one posted file. */
export interface PostedFile {
  file: string;
  id: string;
}

const fixed = (x: number) => x.toFixed(2);
/** Titles derived from a lead sentence can be long; one line per article keeps the printout scannable. */
const TITLE_WIDTH = 90;
const clip = (text: string | null) =>
  text === null ? '(untitled)' : text.length > TITLE_WIDTH ? `${text.slice(0, TITLE_WIDTH - 1).trimEnd()}…` : text;

/**
 * The demo's printout: each story with its articles (source/file), copies marked with the article they copy,
 * and its top entities; then any article that failed. Stories come in the order of their first file.
 */
export function storyReport(
  files: readonly PostedFile[],
  articles: ReadonlyMap<string, ArticleView>,
  stories: readonly StoryView[],
): string {
  const fileOf = new Map(files.map((f) => [f.id, f.file]));
  const order = new Map(files.map((f, i) => [f.id, i]));
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const firstFile = (s: StoryView) => Math.min(...s.articles.map((a) => rank(a.id)));
  const lines: string[] = [];
  const sorted = [...stories].sort((a, b) => firstFile(a) - firstFile(b));
  lines.push(`${sorted.length} ${sorted.length === 1 ? 'story' : 'stories'}`);
  sorted.forEach((story, i) => {
    lines.push('');
    const sources = story.sources.length ? `, sources: ${story.sources.join(', ')}` : '';
    lines.push(`Story ${i + 1}: ${clip(story.title)}`);
    lines.push(`  ${story.articleCount} article(s)${sources}  [${story.id}]`);
    const members = [...story.articles].sort((a, b) => rank(a.id) - rank(b.id));
    const width = Math.max(...members.map((a) => name(a, fileOf).length));
    for (const a of members) {
      lines.push(`  • ${name(a, fileOf).padEnd(width)}  ${clip(a.title)}`);
      if (a.syndication) {
        const of = fileOf.get(a.syndication.canonicalId) ?? a.syndication.canonicalId;
        lines.push(
          `      ↳ copy of ${of} (${a.syndication.kind}: containment ${fixed(a.syndication.containment)}, ` +
            `Jaccard ${fixed(a.syndication.jaccard)})`,
        );
      }
    }
    const entities = story.entities.slice(0, 8).map((e) => `${e.name} (${e.type.toLowerCase()})`);
    lines.push(`  Entities: ${entities.length ? entities.join(', ') : '(none)'}`);
  });
  const failed = files.filter((f) => articles.get(f.id)?.status === 'failed');
  if (failed.length) {
    lines.push('', `${failed.length} failed:`);
    for (const f of failed) {
      const a = articles.get(f.id) as ArticleView;
      lines.push(`  ✗ ${f.file}: ${a.failedStage ?? 'unknown stage'}: ${a.error ?? 'no error recorded'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function name(a: { id: string; source: string | null }, fileOf: ReadonlyMap<string, string>): string {
  const file = fileOf.get(a.id);
  return `${a.source ?? '(no source)'}/${file ?? a.id}`;
}
