import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A surface form seen for an entity, with how often; searched fuzzily (pg_trgm index made in the migration). */
@Entity('entity_alias')
// A GIN trigram index TypeORM cannot describe; created by the migration, left alone by the drift check.
@Index('ix_entity_alias_trgm', { synchronize: false })
export class EntityAlias {
  @PrimaryColumn('uuid', { name: 'entity_id' })
  entityId!: string;

  @PrimaryColumn('text')
  alias!: string;

  @Column('int', { default: 0 })
  count!: number;
}
