import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { slaState, type CallStatus, type SlaState } from '$lib/domain/call-lifecycle';
import { serialKey } from '$lib/domain/serial';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { CALL_STATUSES, PRIORITIES } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import { pageOf, pageRequest } from '../pagination';
import * as queries from './calls-search.queries';
import { dueSoonMinutes } from '../sla/due-soon.service';

/**
 * What the calls pages need beyond the calls API: one search box for intake (customer, site or
 * unit), the list with an SLA-state and an area filter (shared with the CSV export), and the
 * detail page's extras (names in the history, board assignments).
 */

export type IntakeHit =
	| ({ kind: 'customer' } & queries.CustomerHit)
	| ({ kind: 'site' } & queries.SiteHit)
	| ({ kind: 'unit' } & queries.UnitHit);

const KINDS = ['customer', 'site', 'unit'] as const;

const searchInput = z.object({
	q: z.string().trim().min(2, 'type at least 2 characters').max(100, 'at most 100 characters'),
	kinds: z.array(z.enum(KINDS, { message: 'kinds are customer, site, unit' })).min(1).default([...KINDS]),
	limit: z.coerce.number().int().min(1, 'between 1 and 20').max(20, 'between 1 and 20').default(6)
});

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

/**
 * "cliente, sede, matricola o città": customers by name, code, VAT number or comune; sites by
 * name, address or comune; units by serial however it is typed. Units first when the text looks
 * like a serial (has a digit), customers first otherwise.
 */
export async function searchIntake(actor: Actor, params: URLSearchParams): Promise<IntakeHit[]> {
	authorize(actor, 'calls.read');
	const kinds = params.get('kinds');
	const f = parse(searchInput, {
		q: params.get('q') ?? '',
		kinds: kinds ? kinds.split(',').map((k) => k.trim()) : undefined,
		limit: params.get('limit') ?? undefined
	});
	const key = serialKey(f.q);
	const database = db();
	const [customers, sites, units] = await Promise.all([
		f.kinds.includes('customer') ? queries.searchCustomers(database, f.q, f.limit) : [],
		f.kinds.includes('site') ? queries.searchSites(database, f.q, f.limit) : [],
		f.kinds.includes('unit') && key.length >= 2 && /^[A-Z0-9]+$/.test(key) ? queries.searchUnits(database, key, f.limit) : []
	]);
	const c = customers.map((h) => ({ kind: 'customer' as const, ...h }));
	const s = sites.map((h) => ({ kind: 'site' as const, ...h }));
	const u = units.map((h) => ({ kind: 'unit' as const, ...h }));
	return /\d/.test(f.q) ? [...u, ...c, ...s] : [...c, ...s, ...u];
}

/** What the intake form offers (only people who may open calls get the form). */
export async function intakeOptions(actor: Actor) {
	authorize(actor, 'calls.write');
	return { skills: await queries.listSkills(db()) };
}

/** SLA states a list can be filtered by (judged on the on-site due time, as `slaState`). */
export const SLA_FILTERS = ['overdue', 'due-soon'] as const;
/** Statuses in which a call can still miss its on-site time. */
const SLA_OPEN: CallStatus[] = ['new', 'assigned', 'confirmed', 'travelling', 'on_hold'];

const listInput = z.object({
	status: z.array(z.enum(CALL_STATUSES, { message: 'unknown status' })).optional(),
	priority: z.array(z.enum(PRIORITIES, { message: 'must be low, medium or high' })).optional(),
	customerId: z.uuid({ message: 'customerId must be an id' }).optional(),
	skill: z.string().trim().min(1).max(50).optional(),
	province: z
		.string()
		.trim()
		.regex(/^[A-Za-z]{2}$/, 'must be a province code (MI)')
		.transform((v) => v.toUpperCase())
		.optional(),
	date: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
		.optional(),
	sla: z.enum(SLA_FILTERS, { message: 'must be overdue or due-soon' }).optional(),
	q: z.string().trim().min(1).max(100).optional()
});

export type CallListQuery = z.infer<typeof listInput>;

/** Reads the list's query string (the page, the CSV export and GET /api/calls share the names). */
export function parseListQuery(params: URLSearchParams): CallListQuery {
	const multi = (k: string) => {
		const values = params.getAll(k).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
		return values.length ? values : undefined;
	};
	const one = (k: string) => params.get(k)?.trim() || undefined;
	return parse(listInput, {
		status: multi('status'),
		priority: multi('priority'),
		customerId: one('customerId'),
		skill: one('skill'),
		province: one('province'),
		date: one('date'),
		sla: one('sla'),
		q: one('q')
	});
}

function dayBounds(day: string): { from: Date; to: Date } {
	let date: Temporal.PlainDate;
	try {
		date = Temporal.PlainDate.from(day, { overflow: 'reject' });
	} catch {
		throw new ValidationError('date', 'no such day');
	}
	const start = (d: Temporal.PlainDate) => new Date(d.toZonedDateTime({ timeZone: 'Europe/Rome' }).epochMilliseconds);
	return { from: start(date), to: start(date.add({ days: 1 })) };
}

/** `dueSoon`: the admin's "due soon" window in minutes (`dueSoonMinutes`). */
export function filterOf(query: CallListQuery, now: Date, dueSoon: number): queries.CallListFilter {
	const filter: queries.CallListFilter = {
		status: query.status as CallStatus[] | undefined,
		priority: query.priority,
		customerId: query.customerId,
		skill: query.skill,
		province: query.province,
		q: query.q
	};
	if (query.date) {
		const { from, to } = dayBounds(query.date);
		filter.createdFrom = from;
		filter.createdTo = to;
	}
	if (query.sla) Object.assign(filter, slaWindow(query.sla, now, dueSoon));
	return filter;
}

/**
 * The conditions of an SLA-state filter, judged on the on-site due time like `slaState`: overdue =
 * still to be reached on site and past the due time; due soon = due within the warning window
 * (both ends included). Shared by the calls page, its CSV export and GET /api/calls.
 */
export function slaWindow(sla: (typeof SLA_FILTERS)[number], now: Date, dueSoon: number): Pick<queries.CallListFilter, 'slaOpen' | 'onsiteDueBefore' | 'onsiteDueFrom' | 'onsiteDueTo'> {
	if (sla === 'overdue') return { slaOpen: SLA_OPEN, onsiteDueBefore: now };
	return { slaOpen: SLA_OPEN, onsiteDueFrom: now, onsiteDueTo: new Date(now.getTime() + dueSoon * 60_000) };
}

export type CallListItem = queries.CallListRow & { slaState: SlaState | null };

export function withSlaState(row: queries.CallListRow, now: Date, dueSoon: number): CallListItem {
	return { ...row, slaState: slaState({ status: row.status, onsiteDue: row.onsiteDue?.toISOString() ?? null, now, warningMinutes: dueSoon }) };
}

/** The calls list page: filters (status, priority, SLA state, area, skill, customer, day, text), pages. */
export async function listCallsView(actor: Actor, params: URLSearchParams, now = new Date()) {
	authorize(actor, 'calls.read');
	const query = parseListQuery(params);
	const page = pageRequest(params);
	const dueSoon = await dueSoonMinutes();
	const filter = filterOf(query, now, dueSoon);
	const database = db();
	const [rows, total] = await Promise.all([queries.listCallRows(database, filter, { limit: page.pageSize, offset: page.offset }), queries.countCallRows(database, filter)]);
	return { ...pageOf(rows.map((r) => withSlaState(r, now, dueSoon)), total, page), query };
}

/** Choices of the list's filters: skills, provinces with calls, and the filtered customer's name. */
export async function listFilterOptions(actor: Actor, customerId?: string) {
	authorize(actor, 'calls.read');
	const database = db();
	const [skills, provinces, customerName] = await Promise.all([
		queries.listSkills(database),
		queries.callProvinces(database),
		customerId && z.uuid().safeParse(customerId).success ? queries.customerName(database, customerId) : null
	]);
	return { skills, provinces, customerName };
}

/** The detail page's extras: history with names, who opened and acknowledged, board assignments, skill names. */
export async function callDetailExtras(actor: Actor, id: string) {
	authorize(actor, 'calls.read');
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('call not found');
	const database = db();
	const [people, history, plan, skills, dueSoon] = await Promise.all([
		queries.callPeople(database, id),
		queries.historyWithNames(database, id),
		queries.assignmentsOfCall(database, id),
		queries.listSkills(database),
		dueSoonMinutes()
	]);
	if (!people) throw new NotFoundError('call not found');
	return { ...people, history, assignments: plan, skills, dueSoonMinutes: dueSoon };
}
