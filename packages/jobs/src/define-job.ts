import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

/** The single definition of a job: the web enqueues it, the worker handles it. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  queue: string;
  name: string;
  payload: Schema;
  options: JobsOptions;
  /**
   * BullMQ priority of a job from its payload (1 is taken first). Jobs of one queue either all
   * have a priority or none do: BullMQ takes jobs without one before every prioritized job.
   */
  priority?: (payload: z.infer<Schema>) => number;
}

export type JobPayload<J extends JobDefinition> = z.infer<J['payload']>;

export const defineJob = <Schema extends z.ZodType>(definition: JobDefinition<Schema>) =>
  definition;
