import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A republished copy and the canonical article it copies, with the evidence that decided it. */
@Entity('syndication_link')
export class SyndicationLink {
  @PrimaryColumn('uuid', { name: 'copy_id' })
  copyId!: string;

  @Index('ix_syndication_link_canonical')
  @Column('uuid', { name: 'canonical_id' })
  canonicalId!: string;

  /** 'exact' (same content hash) or 'near' (MinHash candidates verified on shingles). */
  @Column('text')
  kind!: 'exact' | 'near';

  @Column('real')
  jaccard!: number;

  @Column('real')
  containment!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
