import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One event owed to one subscription; its attempts are in webhook_attempt. */
@Entity('webhook_delivery')
@Index('uq_webhook_delivery_subscription_event', ['subscriptionId', 'eventId'], { unique: true })
@Index('ix_webhook_delivery_due', ['nextAttemptAt'], { where: "status = 'pending'" })
// An event's first attempts are claimed by event id.
@Index('ix_webhook_delivery_event', ['eventId'])
// Version order per subscription and story: whether an earlier version is still pending, and which one is next.
@Index('ix_webhook_delivery_story_pending', ['subscriptionId', 'storyId', 'storyVersion'], {
  where: "status = 'pending'",
})
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'subscription_id' })
  subscriptionId!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'story_id', nullable: true })
  storyId!: string | null;

  @Column('int', { name: 'story_version', nullable: true })
  storyVersion!: number | null;

  @Column('text', { default: 'pending' })
  status!: DeliveryStatus;

  @Column('int', { name: 'attempt_count', default: 0 })
  attemptCount!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
