import type { Job, Queue, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobRunReport } from './isolation/job-process-pool.js';

/**
 * Prometheus metrics of one worker process (prom-client), served at `GET /metrics` next to the
 * health endpoints: jobs completed, failed and retried per queue, job durations, queue depth per
 * state (read from Redis when scraped), and the process's own memory, CPU and event-loop lag.
 * Labels are queue names, outcomes and states only — never a submission, a team or a file name,
 * so the numbers say nothing about hidden data and the series stay few.
 */
export const JOB_DURATION_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Queue states counted in `medrank_queue_jobs` (BullMQ's names). */
export const COUNTED_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

export type JobOutcome = 'completed' | 'failed' | 'retried';

export interface WorkerMetrics {
  registry: Registry;
  /** Counts the jobs a BullMQ worker finishes, with their durations. */
  observe(worker: Worker, queueName: string): void;
  /** Records one finished job (what `observe` does on each event; public for tests). */
  record(queueName: string, outcome: JobOutcome, durationSeconds: number | null): void;
  /** Records a job that ran in a job process: its peak memory, and a limit it hit. */
  recordJobProcess(queueName: string, report: JobRunReport): void;
}

export const JOB_PEAK_MEMORY_BUCKETS_BYTES = [64, 128, 256, 384, 512, 768, 1024, 1536, 2048].map(
  (mib) => mib * 1024 * 1024,
);

/**
 * What a failed job's event means: another attempt follows (`retried`) or it is final (`failed`).
 * BullMQ emits `failed` for every attempt; `attemptsMade` already counts the one that failed.
 */
export function failureOutcome(job: Pick<Job, 'attemptsMade' | 'opts'>): JobOutcome {
  const attempts = job.opts.attempts ?? 1;
  return job.attemptsMade < attempts ? 'retried' : 'failed';
}

function durationSeconds(job: Pick<Job, 'processedOn' | 'finishedOn'>): number | null {
  if (!job.processedOn || !job.finishedOn) return null;
  return Math.max(0, (job.finishedOn - job.processedOn) / 1000);
}

export function createWorkerMetrics(options: {
  workerName: string;
  /** Queues whose depth is reported; read at scrape time. */
  queues: readonly Queue[];
}): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ worker: options.workerName });
  collectDefaultMetrics({ register: registry, prefix: 'medrank_worker_' });

  const jobs = new Counter({
    name: 'medrank_worker_jobs_total',
    help: 'Jobs this worker finished, by queue and outcome (completed, failed for good, retried).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'medrank_worker_job_duration_seconds',
    help: 'Time from a job being taken to it finishing, by queue and outcome.',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  const queues = options.queues;
  new Gauge({
    name: 'medrank_queue_jobs',
    help: 'Jobs in each queue by state, read from Redis when scraped (the same for every worker).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...COUNTED_STATES);
          for (const state of COUNTED_STATES)
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });

  const peakMemory = new Histogram({
    name: 'medrank_worker_job_peak_resident_bytes',
    help: 'Highest resident memory of the job process while it ran a job, by queue.',
    labelNames: ['queue'] as const,
    buckets: JOB_PEAK_MEMORY_BUCKETS_BYTES,
    registers: [registry],
  });
  const stopped = new Counter({
    name: 'medrank_worker_job_processes_stopped_total',
    help: 'Jobs whose job process was killed over a limit or crashed, by queue and reason (memory-limit, time-limit, crashed).',
    labelNames: ['queue', 'reason'] as const,
    registers: [registry],
  });

  const record: WorkerMetrics['record'] = (queueName, outcome, seconds) => {
    jobs.inc({ queue: queueName, outcome });
    if (seconds !== null) durations.observe({ queue: queueName, outcome }, seconds);
  };
  return {
    registry,
    record,
    recordJobProcess(queueName, report) {
      if (report.peakRssBytes !== null)
        peakMemory.observe({ queue: queueName }, report.peakRssBytes);
      if (report.outcome !== 'completed' && report.outcome !== 'failed')
        stopped.inc({ queue: queueName, reason: report.outcome });
    },
    observe(worker, queueName) {
      worker.on('completed', (job) => record(queueName, 'completed', durationSeconds(job)));
      worker.on('failed', (job) => {
        // A job that failed before it was read (no job object) still counts as a failure.
        if (!job) record(queueName, 'failed', null);
        else record(queueName, failureOutcome(job), durationSeconds(job));
      });
    },
  };
}
