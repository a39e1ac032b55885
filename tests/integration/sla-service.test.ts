import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { auditLog, contracts, customers, slaLevels } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import {
	addClosure,
	addPatronDay,
	createCalendar,
	deleteCalendar,
	getCalendar,
	listCalendars,
	listPatronDays,
	removeClosure,
	removePatronDay,
	updateCalendar
} from '../../src/lib/server/sla/calendars.service';
import { businessCalendarFor, dueTimesFor, previewDueTimes } from '../../src/lib/server/sla/due-times.service';
import { createSlaLevel, deleteSlaLevel, getSlaLevel, listSlaLevels, updateSlaLevel } from '../../src/lib/server/sla/sla-levels.service';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;

const OFFICE_DAY = [
	['08:30', '12:30'],
	['14:00', '18:00']
];
const OFFICE = { '1': OFFICE_DAY, '2': OFFICE_DAY, '3': OFFICE_DAY, '4': OFFICE_DAY, '5': OFFICE_DAY };
const TARGETS = {
	low: { acknowledgeMinutes: 480, onsiteMinutes: 1440, resolutionMinutes: 2880 },
	medium: { acknowledgeMinutes: 120, onsiteMinutes: 480, resolutionMinutes: 960 },
	high: { acknowledgeMinutes: 60, onsiteMinutes: 240, resolutionMinutes: 480 }
};
const PAGE = { page: 1, pageSize: 50, offset: 0 };

/** The error a promise rejects with, for asserting on its class and field. */
async function failure(promise: Promise<unknown>): Promise<Error & { field?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { field?: string };
	}
	throw new Error('expected a rejection');
}

function rome(iso: string): string {
	return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Rome' }).slice(0, 16).replace(' ', 'T');
}

let officeId: string;

beforeAll(async () => {
	fresh = await freshDatabase();
	const make = async (role: 'admin' | 'dispatcher' | 'supervisor' | 'technician') => ({ id: (await createTestUser(fresh.db, role)).id, role });
	admin = await make('admin');
	dispatcher = await make('dispatcher');
	supervisor = await make('supervisor');
	technician = await make('technician');
	officeId = (await createCalendar(admin, { name: 'Ufficio', weeklyHours: OFFICE, cutoffTime: '17:00' })).id;
});
afterAll(async () => {
	await fresh?.close();
});

describe('calendars', () => {
	it('creates a calendar with defaults, normalised hours and HH:MM cut-off', async () => {
		const created = await createCalendar(admin, {
			name: '  Sabato mattina  ',
			weeklyHours: { '6': [['08:30', '12:30']], '1': [['14:00', '18:00'], ['08:30', '12:30']] }
		});
		expect(created).toMatchObject({
			name: 'Sabato mattina',
			timeZone: 'Europe/Rome',
			cutoffTime: null,
			nationalHolidays: true,
			patronScope: 'comune'
		});
		expect(created.weeklyHours).toEqual({
			'1': [['08:30', '12:30'], ['14:00', '18:00']],
			'2': [],
			'3': [],
			'4': [],
			'5': [],
			'6': [['08:30', '12:30']],
			'7': []
		});
		const office = await getCalendar(admin, officeId, new Date('2026-06-01T00:00:00Z'));
		expect(office.cutoffTime).toBe('17:00');
		expect(office.nationalHolidayDays.map((h) => h.date)).toContain('2026-10-04');
		expect(office.nationalHolidayDays.map((h) => h.date)).toContain('2027-03-29');
	});

	it.each([
		['no name', { weeklyHours: OFFICE }, 'name', 'required'],
		['blank name', { name: '   ', weeklyHours: OFFICE }, 'name', 'required'],
		['no hours', { name: 'X1' }, 'weeklyHours', 'must be an object of weekdays 1-7'],
		['empty week', { name: 'X2', weeklyHours: {} }, 'weeklyHours', 'the week has no working hours'],
		['overlap', { name: 'X3', weeklyHours: { '1': [['08:30', '12:30'], ['12:00', '18:00']] } }, 'weeklyHours.1.1', 'intervals overlap'],
		['start after end', { name: 'X4', weeklyHours: { '2': [['18:00', '08:00']] } }, 'weeklyHours.2.0', 'start must be before end'],
		['bad clock', { name: 'X5', weeklyHours: { '3': [['8.30', '12:30']] } }, 'weeklyHours.3.0', 'invalid time (HH:MM)'],
		['bad weekday', { name: 'X6', weeklyHours: { '8': [['08:30', '12:30']] } }, 'weeklyHours.8', 'unknown weekday (use 1-7, 1 = Monday)'],
		['bad cut-off', { name: 'X7', weeklyHours: OFFICE, cutoffTime: '25:00' }, 'cutoffTime', 'invalid time (HH:MM)'],
		['cut-off as a number', { name: 'X8', weeklyHours: OFFICE, cutoffTime: 17 }, 'cutoffTime', 'invalid time (HH:MM)'],
		['bad zone', { name: 'X9', weeklyHours: OFFICE, timeZone: 'Europe/Milano' }, 'timeZone', 'unknown time zone'],
		['bad scope', { name: 'X10', weeklyHours: OFFICE, patronScope: 'region' }, 'patronScope', 'invalid patron scope'],
		['holidays not boolean', { name: 'X11', weeklyHours: OFFICE, nationalHolidays: 'yes' }, 'nationalHolidays', 'must be true or false']
	])('refuses %s with the field at fault', async (_name, input, field, message) => {
		const error = await failure(createCalendar(admin, input));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.field).toBe(field);
		expect(error.message).toBe(message);
	});

	it('refuses a body that is not an object', async () => {
		expect((await failure(createCalendar(admin, null))).field).toBe('body');
		expect((await failure(createCalendar(admin, []))).field).toBe('body');
	});

	it('refuses a duplicate name (case-insensitive) with 409 on name', async () => {
		const error = await failure(createCalendar(admin, { name: 'UFFICIO', weeklyHours: OFFICE }));
		expect(error).toBeInstanceOf(ConflictError);
		expect(error.field).toBe('name');
	});

	it('updates only the fields sent; clears the cut-off with null or an empty string', async () => {
		const cal = await createCalendar(admin, { name: 'Da modificare', weeklyHours: OFFICE, cutoffTime: '16:00' });
		const updated = await updateCalendar(admin, cal.id, { cutoffTime: '', patronScope: 'province' });
		expect(updated).toMatchObject({ name: 'Da modificare', cutoffTime: null, patronScope: 'province' });
		expect(updated.weeklyHours['1']).toEqual(OFFICE_DAY);
		const again = await updateCalendar(admin, cal.id, { weeklyHours: { '7': [['00:00', '24:00']] }, cutoffTime: '18:30', nationalHolidays: false });
		expect(again.weeklyHours['1']).toEqual([]);
		expect(again.weeklyHours['7']).toEqual([['00:00', '24:00']]);
		expect(again.cutoffTime).toBe('18:30');
		expect((await failure(updateCalendar(admin, cal.id, { name: 'ufficio' }))).field).toBe('name');
		expect((await failure(updateCalendar(admin, cal.id, { weeklyHours: { '1': [['09:00', '08:00']] } }))).field).toBe('weeklyHours.1.0');
		await expect(updateCalendar(admin, cal.id, { name: 'Da modificare' })).resolves.toMatchObject({ name: 'Da modificare' });
	});

	it('unknown and malformed ids are not found', async () => {
		expect(await failure(getCalendar(admin, '0190a3c0-0000-7000-8000-000000000000'))).toBeInstanceOf(NotFoundError);
		expect(await failure(getCalendar(admin, 'not-a-uuid'))).toBeInstanceOf(NotFoundError);
		expect(await failure(updateCalendar(admin, 'not-a-uuid', { name: 'x' }))).toBeInstanceOf(NotFoundError);
	});

	it('adds and removes closures; duplicates are 409, unknown days 404', async () => {
		const cal = await createCalendar(admin, { name: 'Con chiusure', weeklyHours: OFFICE });
		await addClosure(admin, cal.id, { day: '2026-12-24', name: 'Vigilia' });
		await addClosure(admin, cal.id, { day: '2026-08-14', name: 'Ponte di Ferragosto' });
		expect((await getCalendar(admin, cal.id)).closures.map((c) => c.day)).toEqual(['2026-08-14', '2026-12-24']);
		const dup = await failure(addClosure(admin, cal.id, { day: '2026-12-24', name: 'Ancora' }));
		expect(dup).toBeInstanceOf(ConflictError);
		expect(dup.field).toBe('day');
		expect((await failure(addClosure(admin, cal.id, { day: '2026-02-30', name: 'No' }))).field).toBe('day');
		expect((await failure(addClosure(admin, cal.id, { day: '24/12/2026', name: 'No' }))).field).toBe('day');
		expect((await failure(addClosure(admin, cal.id, { day: '2026-12-31' }))).field).toBe('name');
		await removeClosure(admin, cal.id, '2026-12-24');
		expect((await getCalendar(admin, cal.id)).closures.map((c) => c.day)).toEqual(['2026-08-14']);
		expect(await failure(removeClosure(admin, cal.id, '2026-12-24'))).toBeInstanceOf(NotFoundError);
		expect((await failure(removeClosure(admin, cal.id, 'tomorrow'))).field).toBe('day');
	});

	it('lists calendars with the number of levels using each', async () => {
		const list = await listCalendars(dispatcher, PAGE);
		expect(list.total).toBeGreaterThanOrEqual(3);
		expect(list.items.map((c) => c.name)).toContain('Ufficio');
		expect(list).toMatchObject({ page: 1, pageSize: 50 });
	});

	it('audits calendar writes', async () => {
		const [row] = await fresh.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'calendar.create'));
		expect(row.n).toBeGreaterThanOrEqual(3);
	});
});

describe('patron days', () => {
	it('ships Milano with Sant’Ambrogio', async () => {
		const milano = await listPatronDays(dispatcher, { comuneIstat: '015146' });
		expect(milano).toEqual([expect.objectContaining({ comuneName: 'Milano', province: 'MI', month: 12, day: 7 })]);
		const mi = await listPatronDays(dispatcher, { province: 'mi' });
		expect(mi.map((p) => p.comuneIstat)).toContain('015146');
	});

	it('adds a day for a comune and for a province, refusing bad input', async () => {
		const legnano = await addPatronDay(admin, { comuneIstat: '015118', month: 5, day: 29, name: 'Palio di Legnano' });
		expect(legnano).toMatchObject({ comuneName: 'Legnano', province: 'MI' });
		const pv = await addPatronDay(admin, { province: 'pv', month: 11, day: 30, name: 'Festa provinciale di prova' });
		expect(pv).toMatchObject({ comuneIstat: null, province: 'PV' });
		expect((await listPatronDays(admin, { province: 'PV' })).map((p) => p.name)).toEqual(
			expect.arrayContaining(['Festa provinciale di prova', 'San Siro (Pavia)'])
		);
		const cases: Array<[unknown, string]> = [
			[{ month: 5, day: 1, name: 'x' }, 'comuneIstat'],
			[{ comuneIstat: '015118', province: 'MI', month: 5, day: 1, name: 'x' }, 'province'],
			[{ comuneIstat: '999999', month: 5, day: 1, name: 'x' }, 'comuneIstat'],
			[{ comuneIstat: '15146', month: 5, day: 1, name: 'x' }, 'comuneIstat'],
			[{ province: 'ZZ', month: 5, day: 1, name: 'x' }, 'province'],
			[{ province: 'MI', month: 2, day: 30, name: 'x' }, 'day'],
			[{ province: 'MI', month: 4, day: 31, name: 'x' }, 'day'],
			[{ province: 'MI', month: 13, day: 1, name: 'x' }, 'month'],
			[{ province: 'MI', month: 1, day: 1 }, 'name']
		];
		for (const [input, field] of cases) {
			const error = await failure(addPatronDay(admin, input));
			expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect(error.field, JSON.stringify(input)).toBe(field);
		}
		await expect(addPatronDay(admin, { province: 'MI', month: 2, day: 29, name: 'Bisestile' })).resolves.toMatchObject({ day: 29 });
		const dup = await failure(addPatronDay(admin, { comuneIstat: '015118', month: 5, day: 29, name: 'Di nuovo' }));
		expect(dup).toBeInstanceOf(ConflictError);
		await removePatronDay(admin, legnano.id);
		expect(await failure(removePatronDay(admin, legnano.id))).toBeInstanceOf(NotFoundError);
		const bisestile = (await listPatronDays(admin, { province: 'MI' })).find((p) => p.name === 'Bisestile')!;
		await removePatronDay(admin, bisestile.id);
	});
});

describe('SLA levels', () => {
	let firstId: string;
	let secondId: string;

	it('the first level becomes the default even when not asked', async () => {
		const level = await createSlaLevel(admin, { code: 'STD', name: 'Standard', calendarId: officeId, targets: TARGETS });
		firstId = level.id;
		expect(level).toMatchObject({ code: 'STD', isDefault: true, calendarName: 'Ufficio', targets: TARGETS });
	});

	it('making another level the default unsets the previous one', async () => {
		const gold = await createSlaLevel(admin, { code: 'GOLD', name: 'Oro', calendarId: officeId, isDefault: true, targets: TARGETS });
		secondId = gold.id;
		expect(gold.isDefault).toBe(true);
		expect((await getSlaLevel(admin, firstId)).isDefault).toBe(false);
		await updateSlaLevel(admin, firstId, { isDefault: true });
		expect((await getSlaLevel(admin, secondId)).isDefault).toBe(false);
		const [row] = await fresh.db.select({ n: count() }).from(slaLevels).where(eq(slaLevels.isDefault, true));
		expect(row.n).toBe(1);
	});

	it('refuses to clear the flag on the default level', async () => {
		const error = await failure(updateSlaLevel(admin, firstId, { isDefault: false }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.field).toBe('isDefault');
		await expect(updateSlaLevel(admin, secondId, { isDefault: false })).resolves.toMatchObject({ isDefault: false });
	});

	it('concurrent default changes still leave exactly one default', async () => {
		const ids: string[] = [];
		for (const code of ['C1', 'C2', 'C3', 'C4']) ids.push((await createSlaLevel(admin, { code, name: code, calendarId: officeId, targets: TARGETS })).id);
		await Promise.all(ids.map((id) => updateSlaLevel(admin, id, { isDefault: true })));
		const defaults = await fresh.db.select({ id: slaLevels.id }).from(slaLevels).where(eq(slaLevels.isDefault, true));
		expect(defaults).toHaveLength(1);
		await updateSlaLevel(admin, firstId, { isDefault: true });
	});

	it.each([
		['no code', { name: 'n', calendarId: 'x', targets: TARGETS }, 'code'],
		['code with spaces', { code: 'A B', name: 'n', targets: TARGETS }, 'code'],
		['no name', { code: 'N1', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: TARGETS }, 'name'],
		['calendar not a uuid', { code: 'N2', name: 'n', calendarId: 'ufficio', targets: TARGETS }, 'calendarId'],
		['no targets', { code: 'N3', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000' }, 'targets'],
		['a priority missing', { code: 'N4', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { low: TARGETS.low, high: TARGETS.high } }, 'targets.medium'],
		[
			'zero minutes',
			{ code: 'N5', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { ...TARGETS, low: { ...TARGETS.low, acknowledgeMinutes: 0 } } },
			'targets.low.acknowledgeMinutes'
		],
		[
			'fractional minutes',
			{ code: 'N6', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { ...TARGETS, medium: { ...TARGETS.medium, onsiteMinutes: 60.5 } } },
			'targets.medium.onsiteMinutes'
		],
		[
			'minutes as a string',
			{ code: 'N7', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { ...TARGETS, high: { ...TARGETS.high, resolutionMinutes: '480' } } },
			'targets.high.resolutionMinutes'
		],
		[
			'on-site before acknowledgement',
			{ code: 'N8', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { ...TARGETS, high: { acknowledgeMinutes: 120, onsiteMinutes: 60, resolutionMinutes: 480 } } },
			'targets.high.onsiteMinutes'
		],
		[
			'resolution before on-site',
			{ code: 'N9', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { ...TARGETS, high: { acknowledgeMinutes: 60, onsiteMinutes: 240, resolutionMinutes: 239 } } },
			'targets.high.resolutionMinutes'
		],
		[
			'too large',
			{ code: 'N10', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: { ...TARGETS, low: { acknowledgeMinutes: 1, onsiteMinutes: 2, resolutionMinutes: 2_000_000 } } },
			'targets.low.resolutionMinutes'
		],
		['unknown calendar', { code: 'N11', name: 'n', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: TARGETS }, 'calendarId']
	])('refuses %s with the field at fault', async (_name, input, field) => {
		const error = await failure(createSlaLevel(admin, input));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.field).toBe(field);
	});

	it('equal targets are allowed (ack = on-site = resolution)', async () => {
		const same = { acknowledgeMinutes: 30, onsiteMinutes: 30, resolutionMinutes: 30 };
		await expect(createSlaLevel(admin, { code: 'FLAT', name: 'Piatto', calendarId: officeId, targets: { low: same, medium: same, high: same } })).resolves.toMatchObject({
			isDefault: false
		});
	});

	it('refuses a duplicate code (case-insensitive) with 409', async () => {
		const error = await failure(createSlaLevel(admin, { code: 'std', name: 'Copia', calendarId: officeId, targets: TARGETS }));
		expect(error).toBeInstanceOf(ConflictError);
		expect(error.field).toBe('code');
		expect((await failure(updateSlaLevel(admin, secondId, { code: 'STD' }))).field).toBe('code');
	});

	it('updates targets of one priority, keeping the others', async () => {
		const updated = await updateSlaLevel(admin, secondId, { name: 'Oro plus', targets: { high: { acknowledgeMinutes: 30, onsiteMinutes: 120, resolutionMinutes: 240 } } });
		expect(updated.name).toBe('Oro plus');
		expect(updated.targets.high).toEqual({ acknowledgeMinutes: 30, onsiteMinutes: 120, resolutionMinutes: 240 });
		expect(updated.targets.low).toEqual(TARGETS.low);
		expect((await failure(updateSlaLevel(admin, secondId, { targets: { low: { acknowledgeMinutes: 5, onsiteMinutes: 4, resolutionMinutes: 6 } } }))).field).toBe(
			'targets.low.onsiteMinutes'
		);
	});

	it('deletes an unused level; refuses the default and a level a contract uses', async () => {
		const spare = await createSlaLevel(admin, { code: 'SPARE', name: 'Di scorta', calendarId: officeId, targets: TARGETS });
		await deleteSlaLevel(admin, spare.id);
		expect(await failure(getSlaLevel(admin, spare.id))).toBeInstanceOf(NotFoundError);
		expect(await failure(deleteSlaLevel(admin, spare.id))).toBeInstanceOf(NotFoundError);

		const byDefault = await failure(deleteSlaLevel(admin, firstId));
		expect(byDefault).toBeInstanceOf(ConflictError);
		expect(byDefault.field).toBe('isDefault');

		const used = await createSlaLevel(admin, { code: 'USED', name: 'In uso', calendarId: officeId, targets: TARGETS });
		const customerId = uuidv7();
		await fresh.db.insert(customers).values({ id: customerId, code: 'CSLA1', businessName: 'Cliente SLA', address: 'Via Roma 1' });
		await fresh.db.insert(contracts).values({ id: uuidv7(), number: '2026/990001', customerId, periodicity: 'monthly', slaLevelId: used.id });
		const inUse = await failure(deleteSlaLevel(admin, used.id));
		expect(inUse).toBeInstanceOf(ConflictError);
		expect(inUse.field).toBe('level');
		expect(await failure(deleteSlaLevel(dispatcher, used.id))).toBeInstanceOf(ForbiddenError);
	});

	it('deletes an unused calendar with its closures; refuses one a level uses', async () => {
		const spare = await createCalendar(admin, { name: 'Da eliminare', weeklyHours: OFFICE });
		await addClosure(admin, spare.id, { day: '2026-12-24', name: 'Vigilia' });
		await deleteCalendar(admin, spare.id);
		expect(await failure(getCalendar(admin, spare.id))).toBeInstanceOf(NotFoundError);
		const inUse = await failure(deleteCalendar(admin, officeId));
		expect(inUse).toBeInstanceOf(ConflictError);
		expect(inUse.field).toBe('calendar');
		expect(await failure(deleteCalendar(dispatcher, officeId))).toBeInstanceOf(ForbiddenError);
		expect(await failure(deleteCalendar(admin, 'nope'))).toBeInstanceOf(NotFoundError);
	});

	it('lists levels, the default first', async () => {
		const list = await listSlaLevels(supervisor, PAGE);
		expect(list.items[0]).toMatchObject({ code: 'STD', isDefault: true });
		expect(list.total).toBe(list.items.length);
	});
});

describe('due times', () => {
	let levelId: string;
	let provinceCalendarId: string;

	beforeAll(async () => {
		const level = await createSlaLevel(admin, { code: 'MIL', name: 'Milano', calendarId: officeId, targets: TARGETS });
		levelId = level.id;
		provinceCalendarId = (await createCalendar(admin, { name: 'Provincia', weeklyHours: OFFICE, patronScope: 'province' })).id;
	});

	it("a Milano site on Sunday 6 December 2026 at 17:00, high priority: Sant'Ambrogio and the Immacolata are skipped", async () => {
		const due = await dueTimesFor({
			slaLevelId: levelId,
			priority: 'high',
			openedAt: new Date('2026-12-06T16:00:00Z'),
			site: { comuneIstat: '015146', province: 'MI' }
		});
		expect(rome(due.clockStartsAt.toISOString())).toBe('2026-12-09T08:30');
		expect(rome(due.acknowledgeDue.toISOString())).toBe('2026-12-09T09:30');
		expect(rome(due.onsiteDue.toISOString())).toBe('2026-12-09T12:30');
		expect(rome(due.resolutionDue.toISOString())).toBe('2026-12-09T18:00');
		expect(due.patronDays).toEqual([expect.objectContaining({ month: 12, day: 7 })]);
		expect(due).toMatchObject({ slaLevelCode: 'MIL', priority: 'high', targets: TARGETS.high });
	});

	it('the same call in Roma only loses the Immacolata', async () => {
		const due = await dueTimesFor({ slaLevelId: levelId, priority: 'high', openedAt: new Date('2026-12-06T16:00:00Z'), site: { comuneIstat: '058091' } });
		expect(rome(due.acknowledgeDue.toISOString())).toBe('2026-12-07T09:30');
		expect(rome(due.resolutionDue.toISOString())).toBe('2026-12-07T18:00');
	});

	it('medium priority crosses from Monday into Wednesday in Roma', async () => {
		const due = await dueTimesFor({ slaLevelId: levelId, priority: 'medium', openedAt: new Date('2026-12-06T16:00:00Z'), site: { comuneIstat: '058091', province: 'RM' } });
		expect(rome(due.onsiteDue.toISOString())).toBe('2026-12-07T18:00');
		expect(rome(due.resolutionDue.toISOString())).toBe('2026-12-09T18:00');
	});

	it("patron scope 'comune': Sesto San Giovanni keeps working on Sant'Ambrogio; 'province': it closes", async () => {
		const site = { comuneIstat: '015209', province: 'MI' };
		const byComune = await businessCalendarFor(officeId, site);
		expect(byComune.calendar.patronDays).toEqual([]);
		const byProvince = await businessCalendarFor(provinceCalendarId, site);
		expect(byProvince.calendar.patronDays).toEqual([{ month: 12, day: 7 }]);
		const none = await businessCalendarFor(provinceCalendarId, { comuneIstat: '015209' });
		expect(none.calendar.patronDays).toEqual([{ month: 12, day: 7 }]);
	});

	it('a province-wide day applies to every comune of the province under both scopes', async () => {
		// 'Festa provinciale di prova' (PV, 30 November) was added in the patron days tests.
		const vigevano = { comuneIstat: '018177', province: 'PV' };
		expect((await businessCalendarFor(officeId, vigevano)).calendar.patronDays).toEqual([{ month: 11, day: 30 }]);
		const pavia = await businessCalendarFor(officeId, { comuneIstat: '018110', province: 'PV' });
		expect(pavia.calendar.patronDays).toEqual(expect.arrayContaining([{ month: 11, day: 30 }, { month: 12, day: 9 }]));
		// With province-wide rows, the province scope uses them instead of the chief town's day.
		expect((await businessCalendarFor(provinceCalendarId, vigevano)).calendar.patronDays).toEqual([{ month: 11, day: 30 }]);
		const due = await dueTimesFor({ slaLevelId: levelId, priority: 'high', openedAt: new Date('2026-11-27T16:30:00Z'), site: vigevano });
		expect(rome(due.acknowledgeDue.toISOString())).toBe('2026-12-01T09:30');
	});

	it("patron scope 'none' ignores the site", async () => {
		const cal = await createCalendar(admin, { name: 'Senza patroni', weeklyHours: OFFICE, patronScope: 'none' });
		expect((await businessCalendarFor(cal.id, { comuneIstat: '015146', province: 'MI' })).calendar.patronDays).toEqual([]);
	});

	it('closures and the cut-off move the due times', async () => {
		const cal = await createCalendar(admin, { name: 'Chiusura 9 dicembre', weeklyHours: OFFICE, cutoffTime: '16:00' });
		const level = await createSlaLevel(admin, { code: 'CLOSE', name: 'Chiusure', calendarId: cal.id, targets: TARGETS });
		await addClosure(admin, cal.id, { day: '2026-12-09', name: 'Inventario' });
		const milano = { comuneIstat: '015146', province: 'MI' };
		const sunday = await dueTimesFor({ slaLevelId: level.id, priority: 'high', openedAt: new Date('2026-12-06T16:00:00Z'), site: milano });
		expect(rome(sunday.acknowledgeDue.toISOString())).toBe('2026-12-10T09:30');
		// Friday 4 December 16:30 is after the 16:00 cut-off: the clock starts on the next working day.
		const friday = await dueTimesFor({ slaLevelId: level.id, priority: 'high', openedAt: new Date('2026-12-04T15:30:00Z'), site: milano });
		expect(rome(friday.clockStartsAt.toISOString())).toBe('2026-12-10T08:30');
		const before = await dueTimesFor({ slaLevelId: level.id, priority: 'high', openedAt: new Date('2026-12-04T14:30:00Z'), site: milano });
		expect(rome(before.acknowledgeDue.toISOString())).toBe('2026-12-04T16:30');
	});

	it('without a level id the default level is used', async () => {
		const due = await dueTimesFor({ priority: 'low', openedAt: new Date('2026-12-01T07:00:00Z'), site: null });
		expect(due.slaLevelCode).toBe('STD');
		expect(rome(due.acknowledgeDue.toISOString())).toBe('2026-12-01T18:00');
	});

	it('an unknown level is not found; an invalid date is refused', async () => {
		expect(await failure(dueTimesFor({ slaLevelId: '0190a3c0-0000-7000-8000-000000000000', priority: 'low', openedAt: new Date() }))).toBeInstanceOf(NotFoundError);
		expect((await failure(dueTimesFor({ slaLevelId: levelId, priority: 'low', openedAt: new Date('nope') }))).field).toBe('openedAt');
	});

	it('preview reads a local date-time in the calendar zone and resolves the comune', async () => {
		const preview = await previewDueTimes(dispatcher, levelId, { priority: 'high', openedAt: '2026-12-06T17:00', comuneIstat: '015146' });
		expect(preview.comuneName).toBe('Milano');
		expect(preview.acknowledgeDue.toISOString()).toBe('2026-12-09T08:30:00.000Z');
		const same = await previewDueTimes(dispatcher, levelId, { priority: 'high', openedAt: '2026-12-06T16:00:00Z', comuneIstat: '015146' });
		expect(same.acknowledgeDue.toISOString()).toBe(preview.acknowledgeDue.toISOString());
		const offset = await previewDueTimes(dispatcher, levelId, { priority: 'high', openedAt: '2026-12-06T17:00:00+01:00' });
		expect(offset.patronDays).toEqual([]);
		expect(offset.acknowledgeDue.toISOString()).toBe('2026-12-07T08:30:00.000Z');
	});

	it.each([
		[{ priority: 'urgent', openedAt: '2026-12-06T17:00' }, 'priority'],
		[{ openedAt: '2026-12-06T17:00' }, 'priority'],
		[{ priority: 'high' }, 'openedAt'],
		[{ priority: 'high', openedAt: '06/12/2026 17:00' }, 'openedAt'],
		[{ priority: 'high', openedAt: '2026-12-32T17:00' }, 'openedAt'],
		[{ priority: 'high', openedAt: '2026-12-06T17:00', comuneIstat: '999999' }, 'comuneIstat'],
		[{ priority: 'high', openedAt: '2026-12-06T17:00', comuneIstat: 'Milano' }, 'comuneIstat']
	])('preview refuses %j on the field at fault', async (input, field) => {
		const error = await failure(previewDueTimes(admin, levelId, input));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.field).toBe(field);
	});
});

describe('permissions', () => {
	it('a dispatcher and a supervisor read but cannot write', async () => {
		for (const actor of [dispatcher, supervisor]) {
			await expect(listCalendars(actor, PAGE)).resolves.toBeTruthy();
			await expect(listSlaLevels(actor, PAGE)).resolves.toBeTruthy();
			expect(await failure(createCalendar(actor, { name: 'Nope', weeklyHours: OFFICE }))).toBeInstanceOf(ForbiddenError);
			expect(await failure(updateCalendar(actor, officeId, { name: 'Nope' }))).toBeInstanceOf(ForbiddenError);
			expect(await failure(addClosure(actor, officeId, { day: '2026-12-31', name: 'Nope' }))).toBeInstanceOf(ForbiddenError);
			expect(await failure(removeClosure(actor, officeId, '2026-12-31'))).toBeInstanceOf(ForbiddenError);
			expect(await failure(createSlaLevel(actor, { code: 'NOPE', name: 'n', calendarId: officeId, targets: TARGETS }))).toBeInstanceOf(ForbiddenError);
			expect(await failure(addPatronDay(actor, { province: 'MI', month: 1, day: 2, name: 'n' }))).toBeInstanceOf(ForbiddenError);
		}
	});

	it('a technician can do nothing here', async () => {
		expect(await failure(listCalendars(technician, PAGE))).toBeInstanceOf(ForbiddenError);
		expect(await failure(listSlaLevels(technician, PAGE))).toBeInstanceOf(ForbiddenError);
		expect(await failure(getCalendar(technician, officeId))).toBeInstanceOf(ForbiddenError);
		expect(await failure(listPatronDays(technician))).toBeInstanceOf(ForbiddenError);
		expect(await failure(previewDueTimes(technician, officeId, {}))).toBeInstanceOf(ForbiddenError);
	});
});
