import { italianNationalHolidays } from '$lib/domain/italian-holidays';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, type Page, type PageRequest } from '../pagination';
import * as queries from './calendars.queries';
import {
	calendarCreateInput,
	calendarUpdateInput,
	closureInput,
	isForeignKeyViolation,
	isIsoDay,
	isUniqueViolation,
	MSG,
	parse,
	patronDayInput,
	requireId,
	shortClock
} from './sla-input';

export type CalendarView = {
	id: string;
	name: string;
	timeZone: string;
	weeklyHours: queries.CalendarRow['weeklyHours'];
	cutoffTime: string | null;
	nationalHolidays: boolean;
	patronScope: queries.CalendarRow['patronScope'];
	createdAt: Date;
};

export type CalendarDetail = CalendarView & {
	closures: Array<{ id: string; day: string; name: string }>;
	/** National holidays of this year and the next, when the calendar observes them. */
	nationalHolidayDays: Array<{ date: string; name: string }>;
};

function view(row: queries.CalendarRow): CalendarView {
	return {
		id: row.id,
		name: row.name,
		timeZone: row.timeZone,
		weeklyHours: row.weeklyHours,
		cutoffTime: shortClock(row.cutoffTime),
		nationalHolidays: row.nationalHolidays,
		patronScope: row.patronScope,
		createdAt: row.createdAt
	};
}

export async function listCalendars(actor: Actor, page: PageRequest): Promise<Page<CalendarView & { levels: number }>> {
	authorize(actor, 'contracts.read');
	const [rows, total] = await Promise.all([queries.listCalendars(db(), page.pageSize, page.offset), queries.countCalendars(db())]);
	return pageOf(
		rows.map((r) => ({ ...view(r.calendar), levels: r.levels })),
		total,
		page
	);
}

export async function getCalendar(actor: Actor, calendarId: string, today = new Date()): Promise<CalendarDetail> {
	authorize(actor, 'contracts.read');
	const id = requireId(calendarId, 'calendar');
	const row = await queries.findCalendar(db(), id);
	if (!row) throw new NotFoundError('calendar not found');
	const closures = await queries.closuresOf(db(), id);
	const year = today.getUTCFullYear();
	return {
		...view(row),
		closures: closures.map((c) => ({ id: c.id, day: c.day, name: c.name })),
		nationalHolidayDays: row.nationalHolidays ? [...italianNationalHolidays(year), ...italianNationalHolidays(year + 1)].map((h) => ({ date: h.date, name: h.name })) : []
	};
}

export async function createCalendar(actor: Actor, input: unknown, ip: string | null = null): Promise<CalendarView> {
	authorize(actor, 'sla.manage');
	const data = parse(calendarCreateInput, input);
	const id = uuidv7();
	try {
		await db().transaction(async (tx) => {
			if (await queries.findCalendarByName(tx, data.name)) throw new ConflictError('name', 'name already in use');
			await queries.insertCalendar(tx, { id, ...data });
			await audit({ action: 'calendar.create', actorUserId: actor.id, subject: id, ip, details: { name: data.name } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('name', 'name already in use');
		throw error;
	}
	return view((await queries.findCalendar(db(), id))!);
}

export async function updateCalendar(actor: Actor, calendarId: string, input: unknown, ip: string | null = null): Promise<CalendarView> {
	authorize(actor, 'sla.manage');
	const id = requireId(calendarId, 'calendar');
	const data = parse(calendarUpdateInput, input);
	const changes = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
	try {
		await db().transaction(async (tx) => {
			if (!(await queries.findCalendar(tx, id))) throw new NotFoundError('calendar not found');
			if (data.name) {
				const same = await queries.findCalendarByName(tx, data.name);
				if (same && same.id !== id) throw new ConflictError('name', 'name already in use');
			}
			await queries.updateCalendar(tx, id, changes);
			await audit({ action: 'calendar.update', actorUserId: actor.id, subject: id, ip, details: { fields: Object.keys(changes) } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('name', 'name already in use');
		throw error;
	}
	return view((await queries.findCalendar(db(), id))!);
}

/** Deletes a calendar no SLA level uses (its closures go with it). */
export async function deleteCalendar(actor: Actor, calendarId: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'sla.manage');
	const id = requireId(calendarId, 'calendar');
	try {
		await db().transaction(async (tx) => {
			const row = await queries.findCalendar(tx, id);
			if (!row) throw new NotFoundError('calendar not found');
			if ((await queries.levelsUsingCalendar(tx, id)) > 0) throw new ConflictError('calendar', MSG.calendarInUse);
			await queries.deleteCalendar(tx, id);
			await audit({ action: 'calendar.delete', actorUserId: actor.id, subject: id, ip, details: { name: row.name } }, tx);
		});
	} catch (error) {
		if (isForeignKeyViolation(error)) throw new ConflictError('calendar', MSG.calendarInUse);
		throw error;
	}
}

export async function addClosure(actor: Actor, calendarId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'sla.manage');
	const id = requireId(calendarId, 'calendar');
	const data = parse(closureInput, input);
	const closureId = uuidv7();
	try {
		await db().transaction(async (tx) => {
			if (!(await queries.findCalendar(tx, id))) throw new NotFoundError('calendar not found');
			if (await queries.findClosure(tx, id, data.day)) throw new ConflictError('day', 'already closed on that day');
			await queries.insertClosure(tx, { id: closureId, calendarId: id, day: data.day, name: data.name });
			await audit({ action: 'calendar.closure.add', actorUserId: actor.id, subject: id, ip, details: { day: data.day, name: data.name } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('day', 'already closed on that day');
		throw error;
	}
	return { id: closureId, day: data.day, name: data.name };
}

export async function removeClosure(actor: Actor, calendarId: string, day: unknown, ip: string | null = null): Promise<void> {
	authorize(actor, 'sla.manage');
	const id = requireId(calendarId, 'calendar');
	if (typeof day !== 'string' || !isIsoDay(day)) throw new ValidationError('day', MSG.badDate);
	await db().transaction(async (tx) => {
		if (!(await queries.findCalendar(tx, id))) throw new NotFoundError('calendar not found');
		if ((await queries.deleteClosure(tx, id, day)) === 0) throw new NotFoundError('no closure on that day');
		await audit({ action: 'calendar.closure.remove', actorUserId: actor.id, subject: id, ip, details: { day } }, tx);
	});
}

export type PatronDayView = {
	id: string;
	comuneIstat: string | null;
	comuneName: string | null;
	province: string | null;
	month: number;
	day: number;
	name: string;
};

export async function listPatronDays(actor: Actor, filter: { comuneIstat?: string | null; province?: string | null } = {}): Promise<PatronDayView[]> {
	authorize(actor, 'contracts.read');
	const comuneIstat = filter.comuneIstat?.trim() || undefined;
	const province = filter.province?.trim().toUpperCase() || undefined;
	if (comuneIstat && !/^\d{6}$/.test(comuneIstat)) throw new ValidationError('comuneIstat', MSG.unknownComune);
	if (province && !/^[A-Z]{2}$/.test(province)) throw new ValidationError('province', MSG.unknownProvince);
	const rows = await queries.listPatronDays(db(), { comuneIstat, province });
	return rows.map((r) => ({
		id: r.id,
		comuneIstat: r.comuneIstat,
		comuneName: r.comuneName,
		province: r.province ?? r.comuneProvince,
		month: r.month,
		day: r.day,
		name: r.name
	}));
}

/** Adds a patron day for one comune (ISTAT code) or for a whole province (sigla). */
export async function addPatronDay(actor: Actor, input: unknown, ip: string | null = null): Promise<PatronDayView> {
	authorize(actor, 'sla.manage');
	const data = parse(patronDayInput, input);
	const id = uuidv7();
	const comuneIstat = data.comuneIstat ?? null;
	const province = data.province ?? null;
	let comuneName: string | null = null;
	let shownProvince = province;
	await db().transaction(async (tx) => {
		if (comuneIstat) {
			const comune = await queries.findComune(tx, comuneIstat);
			if (!comune) throw new ValidationError('comuneIstat', MSG.unknownComune);
			comuneName = comune.name;
			shownProvince = comune.province;
		} else if (province && !(await queries.provinceExists(tx, province))) {
			throw new ValidationError('province', MSG.unknownProvince);
		}
		if (await queries.findSamePatronDay(tx, { comuneIstat, province, month: data.month, day: data.day })) {
			throw new ConflictError('day', 'already a patron day on that date');
		}
		await queries.insertPatronDay(tx, { id, comuneIstat, province, month: data.month, day: data.day, name: data.name });
		await audit({ action: 'patron-day.add', actorUserId: actor.id, subject: id, ip, details: { comuneIstat, province, month: data.month, day: data.day } }, tx);
	});
	return { id, comuneIstat, comuneName, province: shownProvince, month: data.month, day: data.day, name: data.name };
}

export async function removePatronDay(actor: Actor, patronDayId: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'sla.manage');
	const id = requireId(patronDayId, 'patron day');
	await db().transaction(async (tx) => {
		const row = await queries.findPatronDay(tx, id);
		if (!row) throw new NotFoundError('patron day not found');
		await queries.deletePatronDay(tx, id);
		await audit({ action: 'patron-day.remove', actorUserId: actor.id, subject: id, ip, details: { comuneIstat: row.comuneIstat, province: row.province, month: row.month, day: row.day } }, tx);
	});
}
