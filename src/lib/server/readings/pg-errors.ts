/** True when PostgreSQL refused a write on a unique index (optionally a named one), under any driver or Drizzle wrapper. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const e = current as { code?: unknown; constraint_name?: unknown; cause?: unknown };
		if (e.code === '23505') return !constraint || e.constraint_name === constraint;
		current = e.cause;
	}
	return false;
}
