import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { checkTransition, type CallStatus } from '$lib/domain/call-lifecycle';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { coverageOf } from '../contracts/coverage.service';
import { db, type Db } from '../db/client';
import { CALL_STATUSES, CALL_TYPES, PRIORITIES } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { announceCallCancelled } from '../field/assignment-announce';
import { announce } from '../realtime/announce';
import { roomOfRole } from '$lib/realtime/events';
import { pageOf, pageRequest } from '../pagination';
import { dueTimesFor } from '../sla/due-times.service';
import * as queries from './calls.queries';
import { defaultSkillsFor } from '$lib/domain/category-skills';
import { SLA_FILTERS, slaWindow } from './calls-search.service';
import { dueSoonMinutes } from '../sla/due-soon.service';

const uuid = (field: string) => z.uuid({ message: `${field} must be an id` });
const optionalInstant = z
	.string()
	.datetime({ offset: true, message: 'must be an ISO date-time with offset' })
	.transform((v) => new Date(v))
	.nullish();

export const createCallInput = z
	.object({
		customerId: uuid('customerId'),
		siteId: uuid('siteId'),
		equipmentId: uuid('equipmentId').nullish(),
		priority: z.enum(PRIORITIES, { message: 'must be low, medium or high' }),
		type: z.enum(CALL_TYPES, { message: 'unknown call type' }),
		description: z.string().trim().min(3, 'describe the problem (at least 3 characters)').max(4000),
		requiredSkills: z.array(z.string().trim().min(1)).max(10).optional(),
		estimatedMinutes: z.number().int().min(15, 'at least 15 minutes').max(24 * 60, 'at most one day').default(60),
		preferredFrom: optionalInstant,
		preferredTo: optionalInstant,
		contactName: z.string().trim().max(200).nullish(),
		contactPhone: z.string().trim().max(50).nullish()
	})
	.refine((v) => !v.preferredFrom || !v.preferredTo || v.preferredFrom < v.preferredTo, { path: ['preferredTo'], message: 'must be after the start of the window' });

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

/** Who hears about call changes: every office role with a board or list open. */
const OFFICE_ROOMS = [roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')];

export type CallDraft = z.infer<typeof createCallInput>;
export type PreparedCall = Awaited<ReturnType<typeof prepareCall>>;

/**
 * What intake and generated calls (scheduled maintenance) share before writing: validates the
 * site and unit, finds the covering contract's SLA level (or the default level), computes the
 * three due times on the site's calendar and the skills the unit's category needs.
 */
export async function prepareCall(data: CallDraft, now: Date) {
	const site = await queries.findSiteOfCustomer(db(), data.customerId, data.siteId);
	if (!site) throw new ValidationError('siteId', 'the site does not belong to this customer');
	if (!site.customerActive) throw new ValidationError('customerId', 'the customer is not active');
	if (!site.active) throw new ValidationError('siteId', 'the site is not active');
	const unit = data.equipmentId ? await queries.findUnitAtSite(db(), data.equipmentId, data.siteId) : null;
	if (data.equipmentId && !unit) throw new ValidationError('equipmentId', 'the unit is not at this site');
	if (unit?.status === 'decommissioned') throw new ValidationError('equipmentId', 'the unit is decommissioned');

	const covered = unit ? await coverageOf({ serial: unit.serialNumber, brand: unit.brand, at: now.toISOString() }, now) : null;
	const slaLevelId = covered?.covered ? covered.slaLevel?.id ?? null : null;
	const due = await dueTimesFor({ slaLevelId, priority: data.priority, openedAt: now, site: { comuneIstat: site.comuneIstat, province: site.province } });
	const requiredSkills = data.requiredSkills ?? defaultSkillsFor(unit?.category);
	return { data, equipmentId: unit?.id ?? null, contractId: covered?.contract?.id ?? null, due, requiredSkills, now };
}

/** Numbers and inserts a prepared call with its first history row and audit entry, inside `tx`. */
export async function insertPreparedCall(tx: Db, p: PreparedCall, by: { userId: string | null; ip?: string | null; details?: Record<string, unknown> }) {
	const { data, due, now } = p;
	const id = uuidv7();
	const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Rome' }).format(now));
	const seq = await queries.nextCallSeq(tx, year);
	const number = `${year}/${String(seq).padStart(6, '0')}`;
	await queries.insertCall(tx, {
		id,
		number,
		year,
		seq,
		customerId: data.customerId,
		siteId: data.siteId,
		equipmentId: p.equipmentId,
		contractId: p.contractId,
		slaLevelId: due.slaLevelId,
		priority: data.priority,
		type: data.type,
		status: 'new',
		description: data.description,
		requiredSkills: p.requiredSkills,
		estimatedMinutes: data.estimatedMinutes,
		preferredFrom: data.preferredFrom ?? null,
		preferredTo: data.preferredTo ?? null,
		contactName: data.contactName ?? null,
		contactPhone: data.contactPhone ?? null,
		acknowledgeDue: due.acknowledgeDue,
		onsiteDue: due.onsiteDue,
		resolutionDue: due.resolutionDue,
		createdBy: by.userId,
		createdAt: now
	});
	await queries.insertHistory(tx, { id: uuidv7(), callId: id, fromStatus: null, toStatus: 'new', byUser: by.userId, at: now });
	await audit({ action: 'call.create', actorUserId: by.userId, subject: id, ip: by.ip ?? null, details: { number, ...by.details } }, tx);
	return { id, number };
}

/** Boards, lists and maps add the new call live; call after commit. */
export function announceCallCreated(call: { id: string; number: string }): void {
	announce(OFFICE_ROOMS, 'call:changed', { id: call.id, number: call.number, status: 'new', change: 'created' });
}

/** Intake: validates, computes the due times and numbers the call, in one transaction. */
export async function createCall(actor: Actor, input: unknown, ip: string | null = null, now = new Date()) {
	authorize(actor, 'calls.write');
	const data = parse(createCallInput, input);
	const prepared = await prepareCall(data, now);
	const call = await db().transaction((tx) => insertPreparedCall(tx, prepared, { userId: actor.id, ip }));
	announceCallCreated(call);
	return call;
}

export async function getCall(actor: Actor, id: string) {
	authorize(actor, 'calls.read');
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('call not found');
	const call = await queries.getCall(db(), id);
	if (!call) throw new NotFoundError('call not found');
	return { ...call, history: await queries.callHistory(db(), id) };
}

const listInput = z.object({
	status: z.array(z.enum(CALL_STATUSES, { message: 'unknown status' })).optional(),
	priority: z.array(z.enum(PRIORITIES, { message: 'must be low, medium or high' })).optional(),
	customerId: uuid('customerId').optional(),
	skill: z.string().trim().min(1).optional(),
	date: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
		.optional(),
	q: z.string().trim().min(1).max(100).optional(),
	// Same names and meaning as the calls page's filters (calls-search.service).
	sla: z.enum(SLA_FILTERS, { message: 'must be overdue or due-soon' }).optional(),
	province: z
		.string()
		.trim()
		.regex(/^[A-Za-z]{2}$/, 'must be a province code (MI)')
		.transform((v) => v.toUpperCase())
		.optional()
});

/** Lists calls; `params` are the query string of GET /api/calls. */
export async function listCalls(actor: Actor, params: URLSearchParams, now = new Date()) {
	authorize(actor, 'calls.read');
	const multi = (k: string) => (params.get(k) ? params.get(k)!.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
	const f = parse(listInput, {
		status: multi('status'),
		priority: multi('priority'),
		customerId: params.get('customerId') ?? undefined,
		skill: params.get('skill') ?? undefined,
		date: params.get('date') ?? undefined,
		q: params.get('q') ?? undefined,
		sla: params.get('sla') ?? undefined,
		province: params.get('province') ?? undefined
	});
	const page = pageRequest(params);
	let createdFrom: Date | undefined;
	let createdTo: Date | undefined;
	if (f.date) {
		const day = Temporal.PlainDate.from(f.date);
		createdFrom = new Date(day.toZonedDateTime({ timeZone: 'Europe/Rome' }).epochMilliseconds);
		createdTo = new Date(day.add({ days: 1 }).toZonedDateTime({ timeZone: 'Europe/Rome' }).epochMilliseconds);
	}
	const { sla, ...rest } = f;
	const { items, total } = await queries.listCalls(db(), { ...rest, status: f.status as CallStatus[] | undefined, createdFrom, createdTo, ...(sla ? slaWindow(sla, now, await dueSoonMinutes()) : {}) }, page);
	return pageOf(items, total, page);
}

const statusInput = z.object({
	status: z.enum(CALL_STATUSES, { message: 'unknown status' }),
	reason: z.string().trim().max(1000).nullish(),
	deviceAt: optionalInstant
});

const PROBLEM_TEXT = {
	'same-status': 'the call already has this status',
	'not-allowed': 'this change of status is not possible',
	'not-yours': 'your role cannot make this change',
	'reason-required': 'a reason is required for this change'
} as const;

/** A person moves a call (the board's own moves go through the projection). Timestamped history. */
/**
 * The office's status change. Technicians change their own calls through the field service,
 * which checks that the call is assigned to them; here only calls.write may act.
 */
export async function changeStatus(actor: Actor, id: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'calls.write');
	const data = parse(statusInput, input);
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('call not found');
	const result = await db().transaction(async (tx) => {
		const call = await queries.findCallForUpdate(tx, id);
		if (!call) throw new NotFoundError('call not found');
		const check = checkTransition(call.status, data.status, 'dispatcher', data.reason);
		if (!check.ok) {
			if (check.problem === 'reason-required') throw new ValidationError('reason', PROBLEM_TEXT[check.problem]);
			throw new ConflictError('status', `${PROBLEM_TEXT[check.problem]} (${call.status} -> ${data.status})`);
		}
		const now = new Date();
		await queries.updateCall(tx, id, {
			status: data.status,
			statusReason: data.reason ?? null
		});
		await queries.insertHistory(tx, { id: uuidv7(), callId: id, fromStatus: call.status, toStatus: data.status, byUser: actor.id, at: now, deviceAt: data.deviceAt ?? null, reason: data.reason ?? null });
		await audit({ action: 'call.status', actorUserId: actor.id, subject: id, ip, details: { from: call.status, to: data.status, reason: data.reason ?? null } }, tx);
		return { id, number: call.number, status: data.status as CallStatus };
	});
	announce(OFFICE_ROOMS, 'call:changed', { ...result, change: 'status' });
	if (result.status === 'cancelled') announceCallCancelled(result.id);
	return { id: result.id, status: result.status };
}

/**
 * Presa in carico by the office: the first time takes effect, later calls change nothing.
 * Technicians take charge when they accept or start their own job (the field service).
 */
export async function acknowledge(actor: Actor, id: string) {
	authorize(actor, 'calls.write');
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('call not found');
	const result = await db().transaction(async (tx) => {
		const call = await queries.findCallForUpdate(tx, id);
		if (!call) throw new NotFoundError('call not found');
		if (call.acknowledgedAt) return { acknowledgedAt: call.acknowledgedAt, first: false, number: call.number, status: call.status };
		const at = new Date();
		await queries.updateCall(tx, id, { acknowledgedAt: at, acknowledgedBy: actor.id });
		await audit({ action: 'call.acknowledge', actorUserId: actor.id, subject: id }, tx);
		return { acknowledgedAt: at, first: true, number: call.number, status: call.status };
	});
	// The status stays, but the acknowledge due time is met: maps and lists recolour the call.
	if (result.first) announce(OFFICE_ROOMS, 'call:changed', { id, number: result.number, status: result.status, change: 'status' });
	return { acknowledgedAt: result.acknowledgedAt, first: result.first };
}

/** The shape of GET /api/calls items (docs/realtime.md, issue 4's contract). */
export function callJson(c: Awaited<ReturnType<typeof queries.getCall>> & object) {
	return {
		id: c.id,
		number: c.number,
		priority: c.priority,
		status: c.status,
		type: c.type,
		description: c.description,
		customer: { id: c.customerId, name: c.customerName },
		site: { id: c.siteId, name: c.siteName, address: c.siteAddress, comune: c.siteComune, province: c.siteProvince, lat: c.siteLocation.lat, lng: c.siteLocation.lng },
		equipment: c.equipmentId ? { id: c.equipmentId, serial: c.equipmentSerial } : null,
		requiredSkills: c.requiredSkills,
		estimatedMinutes: c.estimatedMinutes,
		preferredWindow: c.preferredFrom || c.preferredTo ? { from: c.preferredFrom, to: c.preferredTo } : null,
		contact: c.contactName || c.contactPhone ? { name: c.contactName, phone: c.contactPhone } : null,
		sla: { responseDue: c.acknowledgeDue, onsiteDue: c.onsiteDue, resolutionDue: c.resolutionDue },
		acknowledgedAt: c.acknowledgedAt,
		createdAt: c.createdAt
	};
}
