import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox: an event row is written in the same transaction as the story change it describes,
 * so no change is ever left without its event even when Redis or the webhooks worker is down. The relay
 * turns unrelayed rows into deliveries.
 */
@Entity('story_event')
@Index('ix_story_event_unrelayed', ['createdAt'], { where: 'relayed_at IS NULL' })
@Index('ix_story_event_stream', ['xactId', 'seq'])
export class StoryEvent {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Index('ix_story_event_story')
  @Column('uuid', { name: 'story_id', nullable: true })
  storyId!: string | null;

  @Column('int', { name: 'story_version', nullable: true })
  storyVersion!: number | null;

  /** The full event as sent (envelope included): a replay sends exactly these bytes again. */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'relayed_at', nullable: true })
  relayedAt!: Date | null;

  /**
   * The id of the transaction that wrote the event (top-level, 64-bit: it never wraps). With `seq` it orders the
   * live stream (GET /v1/stream) in an order no later commit can go back on: see StoryStream. The default is
   * `pg_current_xact_id()` as a bigint (the function is made by the StoryEventStreamOrder migration).
   */
  @Column('bigint', { name: 'xact_id', default: () => 'story_event_xact_id()' })
  xactId!: string;

  /** Insert order (bigserial): orders the events one transaction wrote. Not commit order on its own. */
  @Column('bigint')
  @Generated('increment')
  seq!: string;
}
