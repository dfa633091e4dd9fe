import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type SubscriptionStatus = 'active' | 'paused' | 'disabled';

export interface SubscriptionSecret {
  secret: string;
  createdAt: string;
  /** Set on the previous secret at rotation: until then both signatures are sent. */
  expiresAt: string | null;
}

/** A consumer's endpoint and what it wants to hear about. */
@Entity('webhook_subscription')
export class WebhookSubscription {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { name: 'event_types', array: true })
  eventTypes!: string[];

  @Column('jsonb')
  filters!: Record<string, unknown>;

  @Column('jsonb')
  secrets!: SubscriptionSecret[];

  @Column('text', { default: 'active' })
  status!: SubscriptionStatus;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason!: string | null;

  /** Start of the current run of failures; cleared by a success. Drives auto-disable. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
