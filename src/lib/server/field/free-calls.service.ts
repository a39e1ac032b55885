import { z } from 'zod';
import { putEntry } from '$lib/realtime/board-doc';
import { roomOfRole } from '$lib/realtime/events';
import type { Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import * as callQueries from '../calls/calls.queries';
import { db } from '../db/client';
import { ConflictError, NotFoundError } from '../errors';
import { uuidv7 } from '../ids';
import { logger } from '../logger';
import { announce } from '../realtime/announce';
import { editBoardDay } from '../realtime/board-edits';
import * as queries from './field.queries';
import { nextFreeSlot } from './next-slot';
import { addDays, boardIso, instantAt, requireTechnician, todayInRome } from './technician';

const OFFICE_ROOMS = [roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')];
/** A phone position older than this no longer says where the technician is; the home base does. */
const POSITION_FRESH_MINUTES = 15;
/** Taken calls are planned from here on, not at dawn. */
const WORKDAY_START = '08:00';

/** Unassigned calls the technician can do, nearest first from where they are (or their home base). */
export async function freeCallsNearMe(actor: Actor, now = new Date()) {
	const tech = await requireTechnician(actor);
	const fresh = await queries.originOfTechnician(db(), tech.id, new Date(now.getTime() - POSITION_FRESH_MINUTES * 60_000));
	const origin = fresh ? { ...fresh.location, source: 'position' as const } : { ...tech.homeBase, source: 'home_base' as const };
	const rows = await queries.freeCallsNear(db(), { skills: tech.skills.map((s) => s.code), lng: origin.lng, lat: origin.lat, limit: 30 });
	return {
		origin,
		calls: rows.map((r) => ({
			callId: r.callId,
			number: r.number,
			priority: r.priority,
			type: r.type,
			description: r.description,
			onsiteDue: r.onsiteDue?.toISOString() ?? null,
			estimatedMinutes: r.estimatedMinutes,
			customerName: r.customerName,
			address: r.address,
			comune: r.comune,
			province: r.province,
			lat: r.location.lat,
			lng: r.location.lng,
			serial: r.serial,
			distanceMeters: Math.round(r.distanceMeters)
		}))
	};
}

/**
 * Takes a free call for today. The claim is one conditional update on the call (new and
 * unplanned -> assigned) in a transaction, so of two technicians racing exactly one wins and the
 * other is refused at once; the winner's assignment is then added to today's board at the next
 * free slot through the same path as a dispatcher's edit, so every board shows it live.
 */
export async function takeFreeCall(actor: Actor, callId: string, deviceAt: Date | null, now = new Date()) {
	const tech = await requireTechnician(actor);
	if (!z.uuid().safeParse(callId).success) throw new NotFoundError('call not found');
	const day = todayInRome(now);
	const from = new Date(Math.max(now.getTime(), instantAt(day, WORKDAY_START).getTime()));
	const until = instantAt(addDays(day, 1), '00:00');

	const claimed = await db().transaction(async (tx) => {
		const call = await queries.claimFreeCall(tx, callId);
		if (!call) {
			const existing = await queries.callStatusOf(tx, callId);
			if (!existing) throw new NotFoundError('call not found');
			if (existing.status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
			throw new ConflictError('call.taken', 'another technician or the office took this call a moment ago');
		}
		const mine = new Set(tech.skills.map((s) => s.code));
		const missing = call.requiredSkills.filter((s) => !mine.has(s));
		if (missing.length) throw new ConflictError('skills', `missing skills: ${missing.join(', ')}`);
		const slot = nextFreeSlot({ busy: await queries.busyIntervals(tx, tech.id, day), from, minutes: call.estimatedMinutes, until });
		if (!slot) throw new ConflictError('day.full', 'no free time left in your day for this call');
		await callQueries.insertHistory(tx, { id: uuidv7(), callId, fromStatus: 'new', toStatus: 'assigned', byUser: actor.id, at: new Date(), deviceAt, reason: 'taken by the technician' });
		await audit({ action: 'field.take', actorUserId: actor.id, subject: callId, details: { technicianId: tech.id } }, tx);
		return { ...call, slot };
	});

	const assignmentId = uuidv7();
	try {
		await editBoardDay(
			day,
			(doc) => putEntry(doc, 'assignment', assignmentId, { callId, technicianId: tech.id, start: boardIso(claimed.slot.start), end: boardIso(claimed.slot.end), status: 'confirmed' }),
			actor.id
		);
	} catch (error) {
		// The board refused (or could not store) the entry: give the call back to the queue.
		logger().warn({ err: error, callId }, 'taking a free call: board edit failed, releasing the call');
		await db().transaction(async (tx) => {
			const call = await callQueries.findCallForUpdate(tx, callId);
			if (call?.status !== 'assigned' || (await queries.countOtherAssignments(tx, callId, assignmentId)) > 0) return;
			await callQueries.updateCall(tx, callId, { status: 'new' });
			await callQueries.insertHistory(tx, { id: uuidv7(), callId, fromStatus: 'assigned', toStatus: 'new', byUser: actor.id, at: new Date(), reason: 'the board refused the assignment' });
		});
		throw new ConflictError('call.taken', 'the call could not be added to your day');
	}

	await db().transaction(async (tx) => {
		const call = await callQueries.findCallForUpdate(tx, callId);
		if (call?.status !== 'assigned') return;
		const at = new Date();
		await callQueries.updateCall(tx, callId, { status: 'confirmed', ...(call.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedBy: actor.id }) });
		await callQueries.insertHistory(tx, { id: uuidv7(), callId, fromStatus: 'assigned', toStatus: 'confirmed', byUser: actor.id, at, deviceAt });
	});
	announce(OFFICE_ROOMS, 'call:changed', { id: callId, number: claimed.number, status: 'confirmed', change: 'status' });
	return { callId, number: claimed.number, assignmentId, day, start: claimed.slot.start.toISOString(), end: claimed.slot.end.toISOString() };
}
