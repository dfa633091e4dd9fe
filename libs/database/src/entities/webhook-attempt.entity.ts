import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One HTTP call to a subscriber: what the delivery log shows. */
@Entity('webhook_attempt')
export class WebhookAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Index('ix_webhook_attempt_delivery')
  @Column('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt!: Date;

  @Column('int', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column('int', { name: 'latency_ms' })
  latencyMs!: number;

  @Column('text', { name: 'response_excerpt', nullable: true })
  responseExcerpt!: string | null;

  @Column('text', { nullable: true })
  error!: string | null;
}
