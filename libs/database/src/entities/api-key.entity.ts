import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A key made with `cli keys create`. Only the SHA-256 digest of the key is stored: the key itself is shown once,
 * at creation. A revoked key keeps its row, so that an operator can see what was revoked and when, and so that
 * revoking the last key never turns authentication off (see ApiKeyAuthenticator).
 */
@Entity('api_key')
export class ApiKey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Index('ux_api_key_hash', { unique: true })
  @Column('bytea', { name: 'key_hash' })
  keyHash!: Buffer;

  /** The key's first characters, enough to tell which row a key in a configuration file is. */
  @Column('text', { name: 'key_prefix' })
  keyPrefix!: string;

  @Column('text', { array: true })
  scopes!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
