import { z } from 'zod';

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );
const durationMs = z.coerce.number().int().nonnegative();

/**
 * The custom Node server's own configuration (the app's is in src/env.ts, which is
 * server-only and parsed inside Next). Timeouts bound what a slow or idle client can hold:
 * headers must arrive within HEADERS_TIMEOUT_MS (slowloris), a whole request within
 * REQUEST_TIMEOUT_MS (uploads of MAX_UPLOAD_BYTES need minutes on slow links), and an idle
 * keep-alive socket closes after KEEP_ALIVE_TIMEOUT_MS (raise it above a load balancer's idle
 * timeout when there is one).
 */
const serverEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Not HOSTNAME: shells and containers set that to the machine's name. */
  LISTEN_HOST: z.string().min(1).default('0.0.0.0'),
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For we believe. */
  TRUSTED_PROXIES: list,
  HEADERS_TIMEOUT_MS: durationMs.default(20_000),
  REQUEST_TIMEOUT_MS: durationMs.default(15 * 60_000),
  KEEP_ALIVE_TIMEOUT_MS: durationMs.default(5_000),
  /**
   * When set, Prometheus metrics (http-metrics.ts) are served at GET /metrics on this port, apart
   * from the public site; METRICS_HOST is its interface (127.0.0.1; 0.0.0.0 in a container).
   */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The HTML cache of the catalog and the boards for anonymous visitors (html-cache.ts): its
   * size in bytes (0 turns it off) and how long a page is served at most without rendering it
   * again, even when nothing changed (pages say "closes in …").
   */
  HTML_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(32 * 1024 * 1024),
  HTML_CACHE_MAX_AGE_MS: durationMs.default(30_000),
  /** The web role's database URL (also the app's): the cache reads the pages' change stamps. */
  DATABASE_URL: z.string().optional(),
  /** The public address; https turns on Strict-Transport-Security. */
  APP_URL: z.url().default('http://localhost:3000'),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/** Parses the server's environment; an invalid one aborts start-up listing every problem. */
export function serverEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const result = serverEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`invalid server configuration:\n${problems}`);
  }
  if (result.data.HEADERS_TIMEOUT_MS <= result.data.KEEP_ALIVE_TIMEOUT_MS) {
    throw new Error(
      'invalid server configuration:\n  HEADERS_TIMEOUT_MS must exceed KEEP_ALIVE_TIMEOUT_MS',
    );
  }
  return result.data;
}
