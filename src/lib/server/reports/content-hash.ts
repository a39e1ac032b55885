import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted at every level, no whitespace, undefined members dropped,
 * dates as ISO strings. Two reports with the same content give the same text (and hash)
 * whatever order the fields were built or stored in (jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
	return JSON.stringify(value);
}

export function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The hash printed in the PDF footer: SHA-256 over the canonical JSON of the report's content. */
export function contentHash(content: unknown): string {
	return sha256Hex(canonicalJson(content));
}
