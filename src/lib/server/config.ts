import { z } from 'zod';

const schema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
		.default('postgres://postgres@127.0.0.1:5432/quadro'),
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\//, 'must start with redis://')
		.default('redis://127.0.0.1:6379'),
	/** Comma-separated extra origins allowed to open sockets (the page's own origin always is). */
	ALLOWED_ORIGINS: z
		.string()
		.default('')
		.transform((s) =>
			s
				.split(',')
				.map((o) => o.trim().replace(/\/$/, ''))
				.filter(Boolean)
		)
		.pipe(z.array(z.url())),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	/** Prefix for Redis keys and queues, so tests and several installs can share one Redis. */
	REDIS_PREFIX: z.string().regex(/^[a-z0-9_:-]+$/i).default('quadro'),
	SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
	LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
	LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
	LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
	/** How often open sockets are checked against their sessions (and kept alive by edits). */
	SESSION_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
	/** An OSRM-compatible routing service (http://host:5000); travel times use its /table when set. */
	OSRM_URL: z.url().optional(),
	// Read by the SvelteKit Node adapter itself; validated here so a typo stops the start.
	ORIGIN: z.url().optional(),
	PROTOCOL_HEADER: z.string().regex(/^[a-z0-9-]+$/i, 'must be a header name').optional(),
	HOST_HEADER: z.string().regex(/^[a-z0-9-]+$/i, 'must be a header name').optional(),
	ADDRESS_HEADER: z.string().regex(/^[a-z0-9-]+$/i, 'must be a header name').optional(),
	XFF_DEPTH: z.coerce.number().int().min(1).optional()
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses the environment; the error names every bad variable so a failed start says what to fix. */
export function parseConfig(env: Record<string, string | undefined>): Config {
	const result = schema.safeParse(env);
	if (result.success) return result.data;
	const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
	throw new ConfigError(`Invalid configuration: ${problems}`);
}

let cached: Config | undefined;

/** Origins allowed to open sockets besides the request's own: ALLOWED_ORIGINS plus ORIGIN. */
export function socketOrigins(c: Config): string[] {
	return c.ORIGIN ? [...c.ALLOWED_ORIGINS, new URL(c.ORIGIN).origin] : c.ALLOWED_ORIGINS;
}

export function config(): Config {
	cached ??= parseConfig(process.env);
	return cached;
}

/** Forget the parsed config so the next call re-reads the environment (tests and tools only). */
export function resetConfig(): void {
	cached = undefined;
}
