import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where an entity is mentioned: character offsets into `title + "\n\n" + text` of the normalized article. */
@Entity('entity_mention')
export class EntityMention {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Index('ix_entity_mention_article')
  @Column('uuid', { name: 'article_id' })
  articleId!: string;

  @Index('ix_entity_mention_entity')
  @Column('uuid', { name: 'entity_id' })
  entityId!: string;

  @Column('int')
  start!: number;

  @Column('int')
  end!: number;

  @Column('text')
  text!: string;

  @Column('text')
  type!: string;

  @Column('int')
  sentence!: number;

  /** Title (0), lead (1) or body (2), as salience counts them (MentionZone in @storyline/nlp). */
  @Column('smallint')
  zone!: number;
}
