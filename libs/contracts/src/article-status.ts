/** An article's place in the pipeline; `done` and `failed` are final until it is re-normalized. */
export enum ArticleStatus {
  /** Came as a URL alone: its page is being fetched; then `received`, or `failed` at stage `fetch`. */
  Fetching = 'fetching',
  Received = 'received',
  Normalized = 'normalized',
  Clustered = 'clustered',
  Done = 'done',
  Failed = 'failed',
}

export const PIPELINE_STAGES = ['normalize', 'dedupe', 'entities'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];
