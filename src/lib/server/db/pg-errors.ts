/** The PostgreSQL error under a driver or Drizzle wrapper, when there is one. */
function pgError(error: unknown): { code?: string; constraint_name?: string } | null {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const e = current as { code?: unknown; constraint_name?: unknown; cause?: unknown };
		if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as { code: string; constraint_name?: string };
		current = e.cause;
	}
	return null;
}

/**
 * True when a unique constraint (optionally a named one) refused the write: a concurrent insert
 * won the race that our check in the same transaction could not see.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
	const pg = pgError(error);
	return pg?.code === '23505' && (!constraint || pg.constraint_name === constraint);
}
