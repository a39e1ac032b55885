import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import * as queries from './comuni.queries';

/** `GET /api/comuni?q=mil&limit=10`: as-you-type search for the comune fields. */
export async function searchComuni(actor: Actor, q: string | null, limitParam: string | null): Promise<queries.ComuneRow[]> {
	authorize(actor, 'customers.read');
	const limit = limitParam === null || limitParam === '' ? 10 : Number(limitParam);
	if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new ValidationError('limit', 'must be between 1 and 50');
	const query = (q ?? '').trim();
	if (query.length > 80) throw new ValidationError('q', 'at most 80 characters');
	if (query === '') return [];
	return queries.searchComuni(db(), query, limit);
}

export async function getComune(actor: Actor, istat: string): Promise<queries.ComuneRow> {
	authorize(actor, 'customers.read');
	const comune = /^\d{6}$/.test(istat) ? await queries.findComune(db(), istat) : null;
	if (!comune) throw new NotFoundError('comune not found');
	return comune;
}

export async function listProvinces(actor: Actor) {
	authorize(actor, 'customers.read');
	return queries.listProvinces(db());
}
