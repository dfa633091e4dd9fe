import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Document frequencies observed in the stream, added to the background frequencies shipped with the project;
 * the row with term '' holds the number of documents.
 */
@Entity('term_statistic')
export class TermStatistic {
  @PrimaryColumn('text')
  term!: string;

  @Column('int', { default: 0 })
  df!: number;
}
