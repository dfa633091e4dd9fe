import { delta, parsePrometheus, sumBy } from './prometheus';

/** Counters of the workers' /metrics, summed over every copy. */
export interface WorkerCounters {
  /** Seconds jobs ran, by queue (every outcome: a retried attempt cost time too). */
  jobSeconds: Record<string, number>;
  jobs: Record<string, number>;
}

export async function scrapeWorkers(urls: readonly string[]): Promise<WorkerCounters> {
  const samples = (
    await Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return parsePrometheus(await response.text());
      }),
    )
  ).flat();
  return {
    jobSeconds: sumBy(samples, 'storyline_job_duration_seconds_sum', 'queue'),
    jobs: sumBy(samples, 'storyline_job_duration_seconds_count', 'queue'),
  };
}

/** What a phase added to each counter. */
export function counterDelta(before: WorkerCounters, after: WorkerCounters): WorkerCounters {
  return {
    jobSeconds: delta(before.jobSeconds, after.jobSeconds),
    jobs: delta(before.jobs, after.jobs),
  };
}
