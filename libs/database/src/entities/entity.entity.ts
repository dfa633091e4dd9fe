import { Column, CreateDateColumn, Entity as OrmEntity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type EntityType = 'PERSON' | 'ORGANIZATION' | 'LOCATION';

/** One real-world person, organisation or place, whatever spelling or transliteration articles use for it. */
@OrmEntity('entity')
export class NamedEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** `${type}:${variant key}` — the same for Kyiv and Kiev, different for Kharkiv and Kherson. */
  @Index('uq_entity_key', { unique: true })
  @Column('text')
  key!: string;

  @Column('text')
  type!: EntityType;

  @Column('text', { name: 'canonical_name' })
  canonicalName!: string;

  @Column('int', { name: 'mention_count', default: 0 })
  mentionCount!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
