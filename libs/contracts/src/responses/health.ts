import { z } from 'zod';

export const Liveness = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness', description: 'the process runs' });

/** @nestjs/terminus' report: each dependency (postgres, redis) and its status. */
const checks = z.record(z.string(), z.looseObject({ status: z.enum(['up', 'down']) }));

export const Readiness = z
  .object({
    status: z.literal('ok'),
    info: checks.optional(),
    error: checks.optional(),
    details: checks,
  })
  .meta({ id: 'Readiness', description: 'Postgres and Redis answer' });
