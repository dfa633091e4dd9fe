import type { NormalizationReport, RemovedLine } from './types';

/**
 * Collects what each rule did during one normalization. Rules never drop text on their own: they hand removed
 * lines to the report, which is what makes "a removed line is never silently lost" checkable.
 */
export class ReportBuilder {
  private readonly counts = new Map<string, number>();
  private readonly removedLines: RemovedLine[] = [];

  count(rule: string, n = 1): void {
    if (n <= 0) return;
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + n);
  }

  remove(rule: string, text: string): void {
    this.count(rule);
    this.removedLines.push({ rule, text });
  }

  build(): NormalizationReport {
    // Map keeps insertion order, i.e. the order in which rules first fired along the pipeline.
    return {
      rules: [...this.counts].map(([name, count]) => ({ name, count })),
      removed: [...this.removedLines],
    };
  }
}
