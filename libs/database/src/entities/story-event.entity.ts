import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox: an event row is written in the same transaction as the story change it describes,
 * so no change is ever left without its event even when Redis or the webhooks worker is down. The relay
 * turns unrelayed rows into deliveries.
 */
@Entity('story_event')
@Index('ix_story_event_unrelayed', ['createdAt'], { where: 'relayed_at IS NULL' })
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
}
