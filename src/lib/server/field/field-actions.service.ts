import { z } from 'zod';
import { checkTransition, type CallStatus } from '$lib/domain/call-lifecycle';
import { patchEntry, removeEntry } from '$lib/realtime/board-doc';
import { roomOfRole } from '$lib/realtime/events';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import * as callQueries from '../calls/calls.queries';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { announce } from '../realtime/announce';
import { editBoardDay } from '../realtime/board-edits';
import * as queries from './field.queries';
import { runOnceInTransaction, type OnceResult, type OnceStep } from './idempotency.service';
import { NotLinkedToTechnicianError, requireTechnician } from './technician';

/** Who hears about call changes besides the technician: every office role with a board or list open. */
const OFFICE_ROOMS = [roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')];

/** Statuses the technician app sets directly; completion goes through the intervention report. */
export const FIELD_STATUSES = ['travelling', 'on_site', 'on_hold'] as const;

/**
 * Conflict fields the app turns into sentences: the office changed the call after the
 * technician acted (offline, or a moment before), so the refusal says what happened.
 */
export type FieldRefusal = 'call.cancelled' | 'call.reassigned' | 'call.taken' | 'call.started' | 'call.closed' | 'status' | 'skills' | 'day.full';

function isUuid(id: string): boolean {
	return z.uuid().safeParse(id).success;
}

/** Why a call the technician acted on is not theirs to act on any more, in one refusal. */
async function refuseNotMine(callId: string): Promise<never> {
	const call = isUuid(callId) ? await queries.callStatusOf(db(), callId) : null;
	if (!call) throw new NotFoundError('call not found');
	if (call.status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
	throw new ConflictError('call.reassigned', 'this call is no longer assigned to you');
}

async function mineAssignment(techId: string, assignmentId: string) {
	if (!isUuid(assignmentId)) throw new NotFoundError('assignment not found');
	const mine = await queries.assignmentOfTechnician(db(), techId, assignmentId);
	if (mine) return mine;
	const any = await queries.assignmentById(db(), assignmentId);
	if (any) return refuseNotMine(any.callId);
	throw new ConflictError('call.reassigned', 'this job was removed from your day by the office');
}

/**
 * The writes that move a call inside a transaction, with the device and server times in its
 * history. Started, not awaited: they travel to the database together (one round trip).
 */
function moveCallWrites(tx: Db, actor: Actor, call: { id: string; status: CallStatus; acknowledgedAt: Date | null }, to: CallStatus, deviceAt: Date | null, reason: string | null): Array<Promise<void>> {
	const now = new Date();
	const takesCharge = !call.acknowledgedAt && ['confirmed', 'travelling', 'on_site'].includes(to);
	return [
		callQueries.updateCall(tx, call.id, { status: to, statusReason: reason, ...(takesCharge ? { acknowledgedAt: now, acknowledgedBy: actor.id } : {}) }),
		callQueries.insertHistory(tx, { id: uuidv7(), callId: call.id, fromStatus: call.status, toStatus: to, byUser: actor.id, at: now, deviceAt, reason })
	];
}

async function moveCall(tx: Db, actor: Actor, call: { id: string; status: CallStatus; acknowledgedAt: Date | null }, to: CallStatus, deviceAt: Date | null, reason: string | null) {
	await Promise.all(moveCallWrites(tx, actor, call, to, deviceAt, reason));
}

/** Accepting: the assignment becomes confirmed on every board (a server Yjs edit), the call confirmed. */
export async function acceptAssignment(actor: Actor, assignmentId: string, deviceAt: Date | null) {
	const tech = await requireTechnician(actor);
	const a = await mineAssignment(tech.id, assignmentId);
	const current = await queries.callStatusOf(db(), a.callId);
	if (current?.status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
	if (a.status !== 'confirmed') {
		let found = false;
		await editBoardDay(a.day, (doc) => (found = patchEntry(doc, 'assignment', a.id, { status: 'confirmed' })), actor.id);
		if (!found) throw new ConflictError('call.reassigned', 'this job was removed from your day by the office');
	}
	const moved = await db().transaction(async (tx) => {
		const call = await callQueries.findCallForUpdate(tx, a.callId);
		if (!call || call.status !== 'assigned') return null;
		await moveCall(tx, actor, call, 'confirmed', deviceAt, null);
		await audit({ action: 'field.accept', actorUserId: actor.id, subject: call.id, details: { assignmentId } }, tx);
		return { id: call.id, number: call.number, status: 'confirmed' };
	});
	if (moved) announce(OFFICE_ROOMS, 'call:changed', { ...moved, change: 'status' });
	return { assignmentId, assignmentStatus: 'confirmed' as const, callId: a.callId, callStatus: moved?.status ?? current?.status ?? null };
}

const declineInput = z.object({ reason: z.string({ message: 'a reason is required' }).trim().min(3, 'a reason is required (at least 3 characters)').max(1000) });

/**
 * Declining: the call goes back to the dispatchers' queue with the technician's reason in its
 * history, then the assignment leaves the board (the projection sees the call already in 'new').
 */
export async function declineAssignment(actor: Actor, assignmentId: string, input: unknown, deviceAt: Date | null) {
	const tech = await requireTechnician(actor);
	const parsed = declineInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const reason = parsed.data.reason;
	const a = await mineAssignment(tech.id, assignmentId);
	const moved = await db().transaction(async (tx) => {
		const call = await callQueries.findCallForUpdate(tx, a.callId);
		if (!call) throw new NotFoundError('call not found');
		if (call.status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
		if (!['assigned', 'confirmed'].includes(call.status)) throw new ConflictError('call.started', `the job is already ${call.status}: ask the office`);
		const others = await queries.countOtherAssignments(tx, call.id, a.id);
		await audit({ action: 'field.decline', actorUserId: actor.id, subject: call.id, details: { assignmentId, reason } }, tx);
		if (others > 0) return null;
		await moveCall(tx, actor, call, 'new', deviceAt, reason);
		return { id: call.id, number: call.number, status: 'new' };
	});
	await editBoardDay(a.day, (doc) => removeEntry(doc, 'assignment', a.id), actor.id);
	if (moved) announce(OFFICE_ROOMS, 'call:changed', { ...moved, change: 'status' });
	return { assignmentId, removed: true, callId: a.callId, callStatus: moved?.status ?? null };
}

const statusInput = z.object({
	status: z.enum(FIELD_STATUSES, { message: 'must be travelling, on_site or on_hold' }),
	reason: z.string().trim().max(1000).nullish()
});

const PROBLEM_TEXT = {
	'same-status': 'the call already has this status',
	'not-allowed': 'this change of status is not possible',
	'not-yours': 'your role cannot make this change',
	'reason-required': 'a reason is required for this change'
} as const;

type LockedCall = NonNullable<Awaited<ReturnType<typeof callQueries.findCallForUpdate>>>;

/**
 * Travelling, on site, on hold, as one transaction step: the ownership check and the call's lock
 * are read together; the move, its history and audit rows are written together. Announced to the
 * office once committed. Throws a ServiceError for invalid input (before any database work).
 */
function statusStep(actor: Actor, callId: string, input: unknown): OnceStep<[Awaited<ReturnType<typeof queries.technicianAndAssignment>>, LockedCall | null]> {
	authorize(actor, 'field.own');
	const parsed = statusInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const { status, reason } = parsed.data;
	if (!isUuid(callId)) throw new NotFoundError('call not found');
	return {
		read: (tx) => Promise.all([queries.technicianAndAssignment(tx, actor.id, callId), callQueries.findCallForUpdate(tx, callId)]),
		write: (tx, [tech, call], deviceAt) => {
			if (!tech || !tech.active) throw new NotLinkedToTechnicianError();
			if (!call) throw new NotFoundError('call not found');
			if (!tech.mine) {
				if (call.status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
				throw new ConflictError('call.reassigned', 'this call is no longer assigned to you');
			}
			const check = checkTransition(call.status, status, 'technician', reason);
			if (!check.ok) {
				if (check.problem === 'reason-required') throw new ValidationError('reason', PROBLEM_TEXT[check.problem]);
				if (call.status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
				if (call.status === 'completed' || call.status === 'closed') throw new ConflictError('call.closed', `the call is already ${call.status}`);
				throw new ConflictError('status', `${PROBLEM_TEXT[check.problem]} (${call.status} -> ${status})`);
			}
			const writes = [
				...moveCallWrites(tx, actor, call, status, deviceAt, reason ?? null),
				audit({ action: 'call.status', actorUserId: actor.id, subject: callId, details: { from: call.status, to: status, reason: reason ?? null, deviceAt: deviceAt?.toISOString() ?? null } }, tx)
			];
			const moved = { id: callId, number: call.number, status };
			return { status: 200, body: { callId, status }, writes, committed: () => announce(OFFICE_ROOMS, 'call:changed', { ...moved, change: 'status' }) };
		}
	};
}

/** Travelling, on site, on hold: only on the technician's own calls, with device and server time. */
export async function changeMyCallStatus(actor: Actor, callId: string, input: unknown, deviceAt: Date | null): Promise<{ callId: string; status: (typeof FIELD_STATUSES)[number] }> {
	const step = statusStep(actor, callId, input);
	let committed: (() => void) | undefined;
	const body = await db().transaction(async (tx) => {
		const read = await step.read(tx);
		const { writes, committed: after, body } = step.write(tx, read, deviceAt);
		await Promise.all(writes);
		committed = after;
		return body as { callId: string; status: (typeof FIELD_STATUSES)[number] };
	});
	committed?.();
	return body;
}

/**
 * The outbox's status change (POST /api/field/calls/:id/status): applied exactly once per
 * clientId, the claim, change and answer in one transaction (see runOnceInTransaction).
 */
export function changeMyCallStatusOnce(actor: Actor, callId: string, input: unknown): Promise<OnceResult> {
	return runOnceInTransaction(actor, input, 'call.status', () => statusStep(actor, callId, input));
}
