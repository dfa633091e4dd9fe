import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { PinoLogger } from 'nestjs-pino';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import { JobName, StoryEventType, WEBHOOK_EVENT_SCHEMA_VERSION } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';
import { loadStorySnapshot } from './story-snapshot';

/**
 * Pending relay jobs collapse into one (the relay drains every due event each time it runs): one id for
 * "relay now", another for the relay that follows a coalescing window, so neither delays the other.
 */
const RELAY_NOW = { deduplication: { id: 'relay-outbox-now' } };
const relayAfter = (delay: number) => ({ delay, deduplication: { id: 'relay-outbox-after-window' } });

const INSERT_EVENT = `INSERT INTO story_event (id, type, story_id, story_version, payload) VALUES ($1, $2, $3, $4, $5)`;

/**
 * Writes story events into the outbox table, always inside the caller's transaction: the event exists if and
 * only if the change it describes committed. `nudge()` after the commit tells the relay to look now; if Redis
 * is down the relay's own poll finds the event later.
 */
@Injectable()
export class StoryEvents {
  /** When the relay this process last asked for after a coalescing window runs (epoch ms). */
  private windowRelayDue = 0;

  constructor(
    private readonly queue: PipelineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(StoryEvents.name);
  }

  /** Bumps the story's version and records its snapshot as story.created (first event) or story.updated. */
  async storyChanged(tx: EntityManager, storyId: string): Promise<{ type: StoryEventType; version: number }> {
    const [[row]]: [[{ version: number }]] = await tx.query(
      `UPDATE story SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
      [storyId],
    );
    return this.versionTaken(tx, storyId, row.version);
  }

  /**
   * Records the snapshot of a story whose version the caller has just taken in this transaction (as storyChanged
   * does) as story.created (version 1) or story.updated.
   */
  async versionTaken(
    tx: EntityManager,
    storyId: string,
    version: number,
  ): Promise<{ type: StoryEventType; version: number }> {
    const type = version === 1 ? StoryEventType.Created : StoryEventType.Updated;
    const snapshot = await loadStorySnapshot(tx, storyId);
    await this.append(tx, type, { storyId, version }, snapshot);
    return { type, version };
  }

  /**
   * Records that `mergedStoryIds` were folded into `storyId` (whose version is bumped). A story never announced
   * before — one decision founded it and merged others into it at once — gets its story.created first: a
   * subscriber to story.created alone would otherwise never hear of it.
   */
  async storiesMerged(tx: EntityManager, storyId: string, mergedStoryIds: string[]): Promise<void> {
    const bump = async (): Promise<number> => {
      const [[row]]: [[{ version: number }]] = await tx.query(
        `UPDATE story SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
        [storyId],
      );
      return row.version;
    };
    let version = await bump();
    const story = await loadStorySnapshot(tx, storyId);
    if (version === 1) {
      await this.append(tx, StoryEventType.Created, { storyId, version }, story);
      version = await bump();
    }
    await this.append(
      tx,
      StoryEventType.Merged,
      { storyId, version },
      { story: { ...story, version }, mergedStoryIds },
    );
  }

  async append(
    tx: EntityManager,
    type: StoryEventType,
    story: { storyId: string; version: number } | null,
    data: unknown,
  ): Promise<string> {
    const id = randomUUID();
    const payload = {
      id,
      type,
      schemaVersion: WEBHOOK_EVENT_SCHEMA_VERSION,
      timestamp: new Date().toISOString(),
      data,
    };
    await preparedQuery(tx, INSERT_EVENT, [id, type, story?.storyId ?? null, story?.version ?? null, payload]);
    return id;
  }

  /**
   * Tells the relay to look now, and — for updates, which wait out the coalescing window — once more after it. The
   * relay after the window is not asked for again while the one this process asked for last is still delayed: BullMQ
   * would drop the request (its deduplication id is taken until that job has run), so it is not sent.
   */
  async nudge(type?: StoryEventType): Promise<void> {
    try {
      await this.queue.enqueue(JobName.RelayOutbox, { reason: 'story-event' }, RELAY_NOW);
      const delay = this.config.WEBHOOK_COALESCE_MS + 50;
      if (type === StoryEventType.Updated && this.config.WEBHOOK_COALESCE_MS > 0 && Date.now() >= this.windowRelayDue) {
        this.windowRelayDue = Date.now() + delay;
        await this.queue
          .enqueue(JobName.RelayOutbox, { reason: 'coalescing-window' }, relayAfter(delay))
          .catch((error: unknown) => {
            this.windowRelayDue = 0;
            throw error;
          });
      }
    } catch (error) {
      // The event is committed; the relay's poll delivers it once Redis answers again.
      this.logger.warn({ err: error }, 'could not nudge the outbox relay; its poll will pick the event up');
    }
  }
}
