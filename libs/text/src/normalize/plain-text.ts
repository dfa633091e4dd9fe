/**
 * What ends a line of a text/plain article: LF, CRLF, CR alone (old Mac files), U+2028 and U+2029, and the vertical
 * tab, form feed and NEL that the normalizer reads as line breaks too (see the unicode rule).
 */
// eslint-disable-next-line no-control-regex -- vertical tab, form feed and NEL are line breaks
const LINE_END = /\r\n?|[\n\u000B\u000C\u0085\u2028\u2029]/;

/**
 * A text/plain article's parts: its first line is the title (trimmed; empty when the text starts with a line end),
 * the rest after that line end is the body. The one reading of such a text, for intake (which stores the text whole
 * and the title beside it) and for every normalization of what was stored, so the two cannot disagree on where the
 * body starts.
 */
export function splitPlainTextArticle(text: string): { title: string; body: string } {
  const end = LINE_END.exec(text);
  if (!end) return { title: text.trim(), body: '' };
  return { title: text.slice(0, end.index).trim(), body: text.slice(end.index + end[0].length) };
}
