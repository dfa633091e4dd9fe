/**
 * Every queue and job of the pipeline, named once. Job names carry a version suffix: a payload change that
 * old workers cannot read gets a new name, so a rolling deploy never feeds a worker a payload it misreads.
 */
export enum QueueName {
  Normalize = 'normalize',
  Dedupe = 'dedupe',
  Entities = 'entities',
  Webhooks = 'webhooks',
  Fetch = 'fetch',
}

export enum JobName {
  NormalizeArticle = 'article.normalize.v1',
  DedupeArticle = 'article.dedupe.v1',
  ExtractEntities = 'article.entities.v1',
  /** Wakes the outbox relay: turns pending story events into deliveries. Coalesced with BullMQ deduplication. */
  RelayOutbox = 'webhooks.relay-outbox.v1',
  DeliverWebhook = 'webhooks.deliver.v1',
  /** First attempts of every delivery of one event, made together (one job, one transaction, parallel calls). */
  DeliverEvent = 'webhooks.deliver-event.v1',
  /** Fetches the page of an article that came as a URL alone, and hands it to normalize. */
  FetchArticle = 'article.fetch.v1',
  /** Reads a feed once and records each item new to Storyline as an article to fetch. */
  PollFeed = 'feed.poll.v1',
}

/** Which queue carries which job: the single routing table producers and consumers share. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.NormalizeArticle]: QueueName.Normalize,
  [JobName.DedupeArticle]: QueueName.Dedupe,
  [JobName.ExtractEntities]: QueueName.Entities,
  [JobName.RelayOutbox]: QueueName.Webhooks,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.DeliverEvent]: QueueName.Webhooks,
  [JobName.FetchArticle]: QueueName.Fetch,
  [JobName.PollFeed]: QueueName.Fetch,
};
