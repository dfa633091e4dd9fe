/**
 * One CSV record (RFC 4180): a field holding a comma, a quote or a line break is quoted, its quotes doubled;
 * null and undefined are empty; a list or an object is written as its JSON, so nothing an export carries is lost
 * in a spreadsheet's flat cells. Records end with CRLF, as the RFC has them.
 */
export function csvRecord(fields: unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records as the export writes them: one JSON line each, or CSV under a header of `columns`. */
export type RecordFormat = 'jsonl' | 'csv';

export const RECORD_FORMATS: readonly RecordFormat[] = ['jsonl', 'csv'];

/** The lines of records of these columns in `format`: the header (CSV only) first, then a line per record. */
export function recordWriter<T extends object>(format: RecordFormat, columns: readonly (keyof T & string)[]) {
  return {
    header: format === 'csv' ? csvRecord([...columns]) : '',
    line: (record: T) => (format === 'csv' ? csvRecord(columns.map((c) => record[c])) : `${JSON.stringify(record)}\n`),
  };
}
