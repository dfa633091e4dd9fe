import { createHash } from 'node:crypto';
import { removeBoilerplate } from './boilerplate';
import { foldForMatching } from './fold';
import { findAgencyCredits, mergeAgencies } from './metadata/agencies';
import { toIsoTimestamp, inferYear, formatCalendarDate } from './metadata/dates';
import { detectLanguage, toIso6391 } from './metadata/language';
import { toParagraphs } from './paragraphs';
import { ReportBuilder } from './report';
import { DATELINE_RULE, parseDateline } from './rules/dateline.rule';
import { buildSections, HEADING_RULE, sectionsToText } from './rules/heading.rule';
import { isPublicationTimestamp, timestampDate } from './rules/timestamp.rule';
import {
  cleanTitle,
  firstSentenceTitle,
  isHeadlineShaped,
  repeatsTitle,
  TITLE_FROM_TEXT_RULE,
  TITLE_REPEAT_RULE,
} from './rules/title.rule';
import { cleanUnicode } from './rules/unicode.rule';
import { countWords } from './shape';
import type { PageMetadata } from './html/page-metadata';
import type { ArticleMetadata, NormalizedArticle, RawArticle, RemovedLine, Sourced } from './types';
import { NORMALIZER_VERSION } from './version';

/** What HTML extraction contributes besides the text: page metadata and lines it set aside. */
export interface PageInput {
  metadata: PageMetadata;
  removed: RemovedLine[];
  /** Name of the extraction path, recorded in the report. */
  method: string;
}

/**
 * eld reads at most 1,000 characters. 400 (about 65 words after the title) tell the language of news prose as
 * well, at under half the cost; detection is the largest single cost of plain-text normalization.
 */
const LANGUAGE_SAMPLE_CHARS = 400;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Normalizes article text given as plain text. `page` carries what an HTML page said about itself; for plain-text
 * input it is null. Pure and deterministic: the same input always yields the same output.
 */
export function normalizeText(raw: RawArticle, body: string, pageInput: PageInput | null): NormalizedArticle {
  const report = new ReportBuilder();
  const page = pageInput?.metadata ?? null;
  if (pageInput) {
    report.count(pageInput.method);
    for (const line of pageInput.removed) report.remove(line.rule, line.text);
  }
  const receivedAt = toIsoTimestamp(str(raw.receivedAt));

  // 1. Characters and lines → paragraphs.
  let paragraphs = toParagraphs(cleanUnicode(body, report), report);

  // 2. Agencies are read before boilerplate removal: photo credits and "-with AAP" lines credit agencies too.
  const agencies: string[] = [...(page?.agencies ?? [])];
  const creditScan = [...(pageInput?.removed.map((r) => r.text) ?? []), ...paragraphs].join('\n');
  mergeAgencies(
    agencies,
    findAgencyCredits(creditScan).map((c) => c.code),
  );

  // 3. Furniture out, each removed line recorded.
  const boilerplate = removeBoilerplate(paragraphs, report);
  paragraphs = boilerplate.kept;

  // 4. Title: input > page metadata > headline-shaped first paragraph > first sentence.
  const inputTitle = cleanTitle(cleanUnicode(str(raw.title), new ReportBuilder()));
  const pageTitle = page?.title ? cleanTitle(cleanUnicode(page.title.value, new ReportBuilder())) : '';
  let title: Sourced<string> | null = inputTitle
    ? { value: inputTitle, source: 'input' }
    : pageTitle && page?.title
      ? { value: pageTitle, source: page.title.source }
      : null;
  if (title && paragraphs.length > 0 && repeatsTitle(paragraphs[0], title.value)) {
    report.remove(TITLE_REPEAT_RULE, paragraphs[0]);
    paragraphs = paragraphs.slice(1);
  } else if (!title && paragraphs.length > 0 && isHeadlineShaped(paragraphs[0])) {
    title = { value: paragraphs[0], source: 'text' };
    report.count(TITLE_FROM_TEXT_RULE);
    paragraphs = paragraphs.slice(1);
  }

  // 5. Dateline at the start of the first paragraph.
  const publishedHint = toIsoTimestamp(str(raw.publishedAt)) ?? page?.publishedAt?.value ?? receivedAt;
  const dateline = paragraphs.length > 0 ? parseDateline(paragraphs[0], publishedHint) : null;
  if (dateline) {
    report.count(DATELINE_RULE);
    paragraphs = dateline.rest ? [dateline.rest, ...paragraphs.slice(1)] : paragraphs.slice(1);
    // Normally already found in place by the credit scan ("(AP/BBC)"); this keeps them even if the scan's
    // context windows ever miss a dateline form.
    mergeAgencies(agencies, dateline.agencies);
  }

  if (!title && paragraphs.length > 0) title = { value: firstSentenceTitle(paragraphs[0]), source: 'text' };

  // 6. Structure.
  const sections = buildSections(paragraphs);
  report.count(HEADING_RULE, sections.filter((s) => s.heading !== null).length);
  const text = sectionsToText(sections);

  // 7. Metadata with provenance.
  const metadata: ArticleMetadata = {
    dateline: dateline?.dateline ?? null,
    agencies,
    publishedAt: publishedAt(raw, page, dateline?.dateline.date ?? null, boilerplate.removed, receivedAt),
    author: page?.author ?? null,
    canonicalUrl: page?.canonicalUrl ?? inputUrl(raw.url),
    siteName: page?.siteName ?? null,
    description: page?.description ?? null,
  };

  const givenLanguage = toIso6391(raw.language);
  const pageLanguage = toIso6391(page?.language?.value);
  const language = givenLanguage
    ? { code: givenLanguage, confidence: 1, source: 'input' as const }
    : pageLanguage && page?.language
      ? { code: pageLanguage, confidence: 1, source: page.language.source }
      : detectLanguage(`${title?.value ?? ''}\n${text.slice(0, LANGUAGE_SAMPLE_CHARS)}`);

  return {
    title,
    text,
    sections,
    wordCount: countWords(text),
    language,
    contentHash: createHash('sha256')
      .update(foldForMatching(`${title?.value ?? ''}\n${text}`))
      .digest('hex'),
    metadata,
    report: report.build(),
    version: NORMALIZER_VERSION,
  };
}

function publishedAt(
  raw: RawArticle,
  page: PageMetadata | null,
  datelineDate: string | null,
  removed: { rule: string; text: string }[],
  receivedAt: string | null,
): Sourced<string> | null {
  const given = toIsoTimestamp(str(raw.publishedAt));
  if (given) return { value: given, source: 'input' };
  if (page?.publishedAt) return page.publishedAt;
  if (datelineDate && !datelineDate.startsWith('--')) return { value: datelineDate, source: 'dateline' };
  const stamps = removed.filter((r) => r.rule === 'timestamp');
  const withDate = stamps.filter((r) => timestampDate(r.text) !== null);
  const stamp = withDate.find((r) => isPublicationTimestamp(r.text)) ?? withDate[0];
  const stampDate = stamp ? timestampDate(stamp.text) : null;
  if (stampDate) {
    const dated = inferYear(stampDate, receivedAt);
    if (dated.year !== null) return { value: formatCalendarDate(dated), source: 'text' };
  }
  return receivedAt ? { value: receivedAt, source: 'received' } : null;
}

/** The address the crawler fetched, when it is an http(s) URL: the canonical URL unless the page names another. */
function inputUrl(url: unknown): Sourced<string> | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? { value: parsed.href, source: 'input' } : null;
  } catch {
    return null;
  }
}
