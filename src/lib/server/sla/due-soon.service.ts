import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { ValidationError } from '../errors';
import * as queries from './due-soon.queries';

/**
 * The "due soon" window: a call turns amber this many minutes before its on-site due time. One
 * admin setting for every place that colours calls (calls list and its filter, call page, board
 * queue, map, wall screen, the technician's countdown), so they never disagree about a call.
 */
export async function dueSoonMinutes(): Promise<number> {
	return queries.dueSoonMinutes(db());
}

const minutesInput = z.coerce.number({ message: 'a number of minutes' }).int('whole minutes').min(5, 'at least 5 minutes').max(1440, 'at most 1440 minutes');

export async function setDueSoonMinutes(actor: Actor | null | undefined, value: unknown, now = new Date()): Promise<number> {
	authorize(actor, 'settings.manage');
	const parsed = minutesInput.safeParse(value);
	if (!parsed.success) throw new ValidationError('warningMinutes', parsed.error.issues[0].message);
	await queries.saveDueSoonMinutes(db(), parsed.data, now);
	return parsed.data;
}
