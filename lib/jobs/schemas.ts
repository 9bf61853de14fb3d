import { z } from 'zod';

export const JOB_NOT_FOUND = 'We could not find that failed job.';

export const retryJobSchema = z.object({
  jobId: z
    .string({ error: JOB_NOT_FOUND })
    .regex(/^[1-9]\d{0,14}$/, JOB_NOT_FOUND)
    .transform(Number),
});
