import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

/** The single definition of a job: the web enqueues it, the worker handles it. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  queue: string;
  name: string;
  payload: Schema;
  options: JobsOptions;
}

export type JobPayload<J extends JobDefinition> = z.infer<J['payload']>;

export const defineJob = <Schema extends z.ZodType>(definition: JobDefinition<Schema>) =>
  definition;
