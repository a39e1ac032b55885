import { Temporal } from 'temporal-polyfill';
import { BOARD_TIME_ZONE } from '$lib/domain/board-projection';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { ForbiddenError } from '../errors';
import { technicianOfUser } from './field.queries';

export type FieldTechnician = NonNullable<Awaited<ReturnType<typeof technicianOfUser>>>;

/** A technician login that no active technician record points to: the admin has to link one. */
export class NotLinkedToTechnicianError extends ForbiddenError {
	constructor() {
		super('this login has no active technician');
	}
}

/** Every field service starts here: the permission, then the technician record behind the login. */
export async function requireTechnician(actor: Actor): Promise<FieldTechnician> {
	authorize(actor, 'field.own');
	const tech = await technicianOfUser(db(), actor.id);
	if (!tech || !tech.active) throw new NotLinkedToTechnicianError();
	return tech;
}

/** Today in the company time zone (YYYY-MM-DD). */
export function todayInRome(now = new Date()): string {
	return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(BOARD_TIME_ZONE).toPlainDate().toString();
}

export function addDays(day: string, days: number): string {
	return Temporal.PlainDate.from(day).add({ days }).toString();
}

/** The instant of a wall-clock time on a day in the company time zone. */
export function instantAt(day: string, time: string): Date {
	return new Date(Temporal.PlainDateTime.from(`${day}T${time}`).toZonedDateTime(BOARD_TIME_ZONE).epochMilliseconds);
}

/** ISO with the Rome offset, as the board doc stores times. */
export function boardIso(at: Date): string {
	return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(BOARD_TIME_ZONE).toString({ timeZoneName: 'never', smallestUnit: 'second' });
}
