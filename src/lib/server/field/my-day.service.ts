import { z } from 'zod';
import { nextStatuses } from '$lib/domain/call-lifecycle';
import type { Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import * as consentQueries from './consent.queries';
import * as queries from './field.queries';
import { addDays, requireTechnician, todayInRome } from './technician';
import { dueSoonMinutes } from '../sla/due-soon.service';

const dayInput = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
	.refine((d) => {
		const at = new Date(`${d}T12:00:00Z`);
		return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(d);
	}, 'not a calendar day');

function jobJson(r: queries.JobRow) {
	return {
		assignmentId: r.assignmentId,
		day: r.day,
		start: r.startsAt.toISOString(),
		end: r.endsAt.toISOString(),
		assignmentStatus: r.assignmentStatus,
		call: {
			id: r.callId,
			number: r.number,
			status: r.callStatus,
			statusReason: r.statusReason,
			priority: r.priority,
			type: r.type,
			description: r.description,
			onsiteDue: r.onsiteDue?.toISOString() ?? null,
			estimatedMinutes: r.estimatedMinutes
		},
		customerName: r.customerName,
		site: { name: r.siteName, address: r.address, comune: r.comune, province: r.province, lat: r.location.lat, lng: r.location.lng, accessNotes: r.accessNotes },
		unit: r.equipmentId ? { id: r.equipmentId, serial: r.serial, brand: r.brand, model: r.model } : null,
		contact: r.contactPhone || r.contactName ? { name: r.contactName, phone: r.contactPhone } : null,
		/** What the technician may do next from here (the app offers only these). */
		next: nextStatuses(r.callStatus, 'technician').filter((s) => s === 'travelling' || s === 'on_site' || s === 'on_hold')
	};
}
export type FieldJob = ReturnType<typeof jobJson>;

/** The technician's assignments of one day (default today), in time order. */
export async function myDay(actor: Actor, date: string | null, now = new Date()) {
	const tech = await requireTechnician(actor);
	const today = todayInRome(now);
	const day = date ?? today;
	const parsed = dayInput.safeParse(day);
	if (!parsed.success) throw new ValidationError('date', parsed.error.issues[0].message);
	const [rows, dueSoon] = await Promise.all([queries.dayJobs(db(), tech.id, parsed.data), dueSoonMinutes()]);
	return { day: parsed.data, today, tomorrow: addDays(today, 1), technician: { id: tech.id, name: tech.name }, jobs: rows.map(jobJson), dueSoonMinutes: dueSoon };
}

/** One of the technician's calls with its history and the unit's; anyone else's call is not found. */
export async function myJob(actor: Actor, callId: string) {
	const tech = await requireTechnician(actor);
	if (!z.uuid().safeParse(callId).success) throw new NotFoundError('call not found');
	const row = await queries.jobOfTechnician(db(), tech.id, callId);
	if (!row) throw new NotFoundError('call not found');
	const [history, unit, dueSoon] = await Promise.all([queries.callHistoryOf(db(), callId), row.equipmentId ? queries.unitHistory(db(), row.equipmentId) : null, dueSoonMinutes()]);
	return {
		job: jobJson(row),
		dueSoonMinutes: dueSoon,
		history: history.map((h) => ({ ...h, at: h.at.toISOString(), deviceAt: h.deviceAt?.toISOString() ?? null })),
		unitHistory: unit ? unitHistoryJson(unit, callId) : null
	};
}

function unitHistoryJson(unit: Awaited<ReturnType<typeof queries.unitHistory>>, exceptCallId: string | null) {
	return {
		lastCalls: unit.lastCalls.filter((c) => c.id !== exceptCallId).map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
		readings: unit.readings.map((r) => ({ ...r, readAt: r.readAt.toISOString() }))
	};
}

/** A unit's last calls and readings, for units the technician has a job on. */
export async function unitHistoryForTechnician(actor: Actor, equipmentId: string) {
	const tech = await requireTechnician(actor);
	if (!z.uuid().safeParse(equipmentId).success) throw new NotFoundError('unit not found');
	const unit = await queries.unitSummary(db(), equipmentId);
	if (!unit) throw new NotFoundError('unit not found');
	if (!(await queries.technicianWorksOnUnit(db(), tech.id, equipmentId))) throw new ForbiddenError('not one of your units');
	return { unit, ...unitHistoryJson(await queries.unitHistory(db(), equipmentId), null) };
}

const consentInput = z.object({
	deviceId: z.string({ message: 'deviceId is required' }).regex(/^[A-Za-z0-9_-]{8,100}$/, 'deviceId must be 8-100 letters, digits, - or _'),
	granted: z.boolean({ message: 'granted must be true or false' })
});

/** The technician's choice to share the position from this device; recorded in the audit log too. */
export async function setPositionConsent(actor: Actor, input: unknown) {
	await requireTechnician(actor);
	const r = consentInput.safeParse(input);
	if (!r.success) throw ValidationError.fromZod(r.error);
	await db().transaction(async (tx) => {
		await consentQueries.upsertConsent(tx, { userId: actor.id, ...r.data });
		await audit({ action: r.data.granted ? 'field.position-consent.granted' : 'field.position-consent.withdrawn', actorUserId: actor.id, subject: r.data.deviceId }, tx);
	});
	return { deviceId: r.data.deviceId, granted: r.data.granted };
}

export async function positionConsent(actor: Actor, deviceId: string) {
	await requireTechnician(actor);
	const row = /^[A-Za-z0-9_-]{8,100}$/.test(deviceId) ? await consentQueries.findConsent(db(), actor.id, deviceId) : null;
	return { deviceId, granted: row?.granted ?? false, changedAt: row?.changedAt.toISOString() ?? null };
}
