import { delta, parsePrometheus, sumBy } from './prometheus';

const TEXT = `# HELP storyline_job_duration_seconds Time a job ran
# TYPE storyline_job_duration_seconds histogram
storyline_job_duration_seconds_bucket{le="0.005",service="dedupe",queue="dedupe",job="dedupe",outcome="completed"} 3
storyline_job_duration_seconds_sum{service="dedupe",queue="dedupe",job="dedupe",outcome="completed"} 1.25
storyline_job_duration_seconds_sum{service="dedupe",queue="dedupe",job="dedupe",outcome="retrying"} 0.75
storyline_job_duration_seconds_count{service="dedupe",queue="dedupe",job="dedupe",outcome="completed"} 10
storyline_jobs_total{service="dedupe",queue="dedupe",job="dedupe \\"again\\"",outcome="completed"} 10
process_cpu_seconds_total 12.5
`;

describe('bench pipeline: Prometheus text', () => {
  const samples = parsePrometheus(TEXT);

  it('reads names, labels (escapes included) and values, skipping comments', () => {
    expect(samples).toHaveLength(6);
    expect(samples[5]).toEqual({ name: 'process_cpu_seconds_total', labels: {}, value: 12.5 });
    expect(samples[4].labels.job).toBe('dedupe "again"');
  });

  it('sums by a label and takes deltas', () => {
    expect(sumBy(samples, 'storyline_job_duration_seconds_sum', 'queue')).toEqual({ dedupe: 2 });
    expect(sumBy(samples, 'storyline_job_duration_seconds_count', 'outcome')).toEqual({ completed: 10 });
    expect(delta({ a: 1 }, { a: 3, b: 2 })).toEqual({ a: 2, b: 2 });
  });
});
