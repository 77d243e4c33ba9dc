import 'server-only';
import { z } from 'zod';

const count = z.coerce.number().int().positive();

const envSchema = z.object({
  DATABASE_URL: z.url({ message: 'DATABASE_URL must be a postgres:// URL for the web role' }),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('medrank'),
  BLOB_ROOT: z.string().min(1).default('./.medrank/blobs'),
  APP_URL: z.url().default('http://localhost:3000'),
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters'),
  /** Largest accepted upload. Bigger files are refused before anything is stored. */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /**
   * An upload whose body sends nothing for this long is cancelled with a 408, and its partial
   * file deleted: a stalled client cannot hold a descriptor or disk space.
   */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sign-in and sign-up requests one client address may make per window (every environment). */
  AUTH_RATE_LIMIT_MAX: count.default(10),
  AUTH_RATE_LIMIT_WINDOW_SECONDS: count.default(60),
  /** Any other auth endpoint, per client address and endpoint. */
  AUTH_OTHER_RATE_LIMIT_MAX: count.default(100),
  /**
   * Login lockout: this many sign-in attempts for one e-mail address that do not end in a
   * success within AUTH_LOCKOUT_WINDOW_SECONDS lock its sign-in for AUTH_LOCKOUT_SECONDS, from
   * any address. Counted for unknown e-mails too, so a lock says nothing about an account.
   */
  AUTH_LOCKOUT_ATTEMPTS: count.default(5),
  AUTH_LOCKOUT_WINDOW_SECONDS: count.default(15 * 60),
  AUTH_LOCKOUT_SECONDS: count.default(15 * 60),
  /** Custom-subset and compare questions one account may ask (both kinds together). */
  BOARD_QUERY_LIMIT_PER_MINUTE: count.default(30),
  BOARD_QUERY_LIMIT_PER_DAY: count.default(500),
  /**
   * Endpoint submissions (docs/endpoint-submissions.md): hosts their URLs may name (comma list,
   * `*.example.com` wildcards; empty: the site takes no endpoint submissions), private address
   * ranges they may nevertheless resolve to (CIDRs; empty: none), and the X25519 public key
   * (base64) API keys are sealed with — only the workers hold its private half.
   */
  ENDPOINT_ALLOWED_HOSTS: z.string().default(''),
  ENDPOINT_ALLOWED_PRIVATE_RANGES: z.string().default(''),
  ENDPOINT_KEY_PUBLIC: z
    .string()
    .optional()
    .transform((v) => v || undefined),
});

export type WebEnv = z.infer<typeof envSchema>;

let parsed: WebEnv | undefined;

/** The web app's configuration, parsed once; an invalid environment fails loudly with every problem. */
export function env(): WebEnv {
  if (parsed) return parsed;
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`invalid web configuration:\n${problems}`);
  }
  parsed = result.data;
  return parsed;
}
