import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, type Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** How long ending the sessions may take to connect: a shutdown past its grace has little time left. */
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The connections this process has checked out of its pool, and a way to end their Postgres sessions — for a
 * shutdown whose grace has run out while jobs or requests are still using them. Cancelling their statements would
 * not do: a transaction between two statements (its worker computing, or waiting on Redis) has none running and
 * would keep its locks; an ended session's transaction rolls back and every lock it held is freed at once. Each
 * decision, filing or settlement is one transaction, so none is left half-written. The pool's idle connections
 * are left for it to close. Behind PgBouncer the process ids are the bouncer's, and nothing is ended: the
 * process then exits as its shutdown deadline says, and Postgres ends the sessions when it notices.
 */
@Injectable()
export class ConnectionsInUse implements OnModuleInit {
  private readonly inUse = new Set<PoolClient>();
  private ending = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    const pool = (this.db.driver as PostgresDriver).master as Pool;
    pool.on('acquire', (client) => {
      this.inUse.add(client);
      // Work still running takes another connection (a batch's next article): its session is ended too, or it could
      // wait on a lock past the process's exit, holding the locks it took.
      if (this.ending) this.endSessions([client]).catch(() => undefined);
    });
    pool.on('release', (_error, client) => this.inUse.delete(client));
    pool.on('remove', (client) => this.inUse.delete(client));
  }

  /**
   * Ends the Postgres sessions of the connections checked out now (pg_terminate_backend, from a connection of its
   * own: the pool may have none to spare). Their statements fail, their transactions roll back, and the pool drops
   * them, so that closing it does not wait for work nobody will finish. Resolves with how many were ended.
   */
  terminate(): Promise<number> {
    this.ending = true;
    return this.endSessions([...this.inUse]);
  }

  private async endSessions(clients: PoolClient[]): Promise<number> {
    // The backend's process id, from the server's BackendKeyData (pg keeps it; its typings omit it).
    const pids = clients.map((client) => (client as PoolClient & { processID: number | null }).processID);
    const backends = pids.filter((pid): pid is number => typeof pid === 'number');
    if (!backends.length) return 0;
    const options = this.db.options as { url?: string; extra?: { application_name?: string } };
    const client = new Client({
      connectionString: options.url,
      application_name: `${options.extra?.application_name ?? 'storyline'}-shutdown`,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ ended: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended FROM unnest($1::int[]) AS pid`,
        [backends],
      );
      return rows[0].ended;
    } finally {
      await client.end();
    }
  }
}
