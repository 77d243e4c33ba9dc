import { describe, expect, it } from 'vitest';
import { createWorkerMetrics, failureOutcome } from './metrics.js';

describe('worker metrics', () => {
  it('tells a retried attempt from a final failure', () => {
    expect(failureOutcome({ attemptsMade: 1, opts: { attempts: 4 } })).toBe('retried');
    expect(failureOutcome({ attemptsMade: 4, opts: { attempts: 4 } })).toBe('failed');
    // No retries configured: the first failure is final.
    expect(failureOutcome({ attemptsMade: 1, opts: {} })).toBe('failed');
  });

  it('counts jobs per queue and outcome and observes their durations, labelled with the worker', async () => {
    const metrics = createWorkerMetrics({ workerName: 'w1', queues: [] });
    metrics.record('scoring', 'completed', 0.3);
    metrics.record('scoring', 'completed', 4);
    metrics.record('scoring', 'retried', 0.1);
    metrics.record('curation', 'failed', null);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'medrank_worker_jobs_total{queue="scoring",outcome="completed",worker="w1"} 2',
    );
    expect(text).toContain(
      'medrank_worker_jobs_total{queue="scoring",outcome="retried",worker="w1"} 1',
    );
    expect(text).toContain(
      'medrank_worker_jobs_total{queue="curation",outcome="failed",worker="w1"} 1',
    );
    expect(text).toContain(
      'medrank_worker_job_duration_seconds_bucket{le="0.5",worker="w1",queue="scoring",outcome="completed"} 1',
    );
    expect(text).toContain(
      'medrank_worker_job_duration_seconds_count{worker="w1",queue="scoring",outcome="completed"} 2',
    );
    // A failure without a duration is counted but not observed.
    expect(text).not.toMatch(/medrank_worker_job_duration_seconds_count\{[^}]*queue="curation"/);
    // The process's own figures (prom-client's defaults), under the worker prefix.
    expect(text).toMatch(/^medrank_worker_process_resident_memory_bytes\{worker="w1"\} \d+/m);
  });
});
