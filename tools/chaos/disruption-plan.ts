import { ReceiverFailure } from '../bench/pipeline/receiver';

export type DisruptionKind =
  'worker-sigkill' | 'worker-sigterm' | 'redis-restart' | 'postgres-terminate' | 'receiver-failure';

/**
 * How often each kind is drawn. Redis restarts are the rarest: each one loses every queued job, which the sweepers
 * take up to a SWEEP_INTERVAL_MS to re-queue, so more of them would leave the stack mostly waiting.
 */
export const DISRUPTION_WEIGHTS: Record<DisruptionKind, number> = {
  'worker-sigkill': 3,
  'worker-sigterm': 2,
  'postgres-terminate': 2,
  'receiver-failure': 2,
  'redis-restart': 1,
};

export interface PlannedDisruption {
  kind: DisruptionKind;
  /** Wait before it, after the previous one: 0.5–1.5 × the mean. */
  afterMs: number;
  /** The worker process to signal. */
  worker?: string;
  /** How long Redis stays down, or the receiver fails. */
  forMs?: number;
  failure?: ReceiverFailure;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** The next disruption, drawn from a seeded random source so that a run's sequence can be replayed. */
export function planDisruption(random: () => number, meanMs: number, workers: readonly string[]): PlannedDisruption {
  const afterMs = Math.round(meanMs * (0.5 + random()));
  const total = Object.values(DISRUPTION_WEIGHTS).reduce((a, b) => a + b, 0);
  let draw = random() * total;
  const kind = (Object.keys(DISRUPTION_WEIGHTS) as DisruptionKind[]).find((k) => (draw -= DISRUPTION_WEIGHTS[k]) < 0)!;
  switch (kind) {
    case 'worker-sigkill':
    case 'worker-sigterm':
      return { kind, afterMs, worker: pick(random, workers) };
    case 'redis-restart':
      return { kind, afterMs, forMs: Math.round(1000 + random() * 4000) };
    case 'receiver-failure':
      return {
        kind,
        afterMs,
        forMs: Math.round(5000 + random() * 25_000),
        failure: random() < 0.5 ? 'status-500' : 'connection-reset',
      };
    default:
      return { kind, afterMs };
  }
}
