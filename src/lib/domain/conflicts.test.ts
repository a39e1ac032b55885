import { describe, expect, it } from 'vitest';
import { findConflicts, weeklyShiftsFromRows, type BoardFacts, type CallFacts, type PlanAssignment, type PlanBlock, type TechnicianFacts } from './conflicts';

const TZ = 'Europe/Rome';
const office = { '1': [['08:00', '12:30'], ['13:30', '17:30']], '2': [['08:00', '17:30']], '3': [['08:00', '17:30']], '4': [['08:00', '17:30']], '5': [['08:00', '17:30']], '7': [['00:00', '24:00']] } as TechnicianFacts['shifts'];

function tech(over: Partial<TechnicianFacts> = {}): TechnicianFacts {
	return { id: 't1', name: 'Mario', skills: { hvac: 2, copier_mono: 1 }, shifts: office, areaIds: null, ...over };
}
function call(over: Partial<CallFacts> = {}): CallFacts {
	return { id: 'c1', number: '2026/000001', requiredSkills: [], onsiteDue: null, siteAreaIds: null, partsAvailable: null, ...over };
}
function facts(techs: TechnicianFacts[], calls: CallFacts[]): BoardFacts {
	return { timeZone: TZ, technicians: new Map(techs.map((t) => [t.id, t])), calls: new Map(calls.map((c) => [c.id, c])) };
}
// Tuesday 1 December 2026 (winter time, +01:00)
const a = (id: string, start: string, end: string, over: Partial<PlanAssignment> = {}): PlanAssignment => ({
	id,
	callId: 'c1',
	technicianId: 't1',
	startsAt: new Date(`2026-12-01T${start}:00+01:00`).toISOString(),
	endsAt: new Date(`2026-12-01T${end}:00+01:00`).toISOString(),
	...over
});

describe('findConflicts', () => {
	it('no conflicts for a clean plan', () => {
		expect(findConflicts([a('a1', '09:00', '10:00'), a('a2', '10:00', '11:00')], [], facts([tech()], [call()]))).toEqual([]);
	});

	it('overlap: both assignments are flagged, naming the other call', () => {
		const f = facts([tech()], [call(), call({ id: 'c2', number: '2026/000002' })]);
		const result = findConflicts([a('a1', '09:00', '10:30'), a('a2', '10:00', '11:00', { callId: 'c2' })], [], f);
		expect(result).toEqual([
			{ assignmentId: 'a1', kind: 'overlap', otherAssignmentId: 'a2', otherCallNumber: '2026/000002' },
			{ assignmentId: 'a2', kind: 'overlap', otherAssignmentId: 'a1', otherCallNumber: '2026/000001' }
		]);
	});

	it('overlap: three at once pairwise; touching ends do not overlap; other technicians do not count', () => {
		const list = [a('a1', '09:00', '12:00'), a('a2', '10:00', '11:00'), a('a3', '10:30', '11:30'), a('a4', '12:00', '13:00'), a('b1', '09:00', '12:00', { technicianId: 't2' })];
		const kinds = findConflicts(list, [], facts([tech(), tech({ id: 't2' })], [call()])).filter((c) => c.kind === 'overlap');
		expect(kinds.map((c) => `${c.assignmentId}>${(c as { otherAssignmentId: string }).otherAssignmentId}`)).toEqual(['a1>a2', 'a1>a3', 'a2>a1', 'a2>a3', 'a3>a1', 'a3>a2']);
	});

	it.each([
		['skill missing entirely', [{ code: 'lift', level: 1 }], [{ skill: 'lift', required: 1, actual: 0 }]],
		['level too low', [{ code: 'hvac', level: 3 }], [{ skill: 'hvac', required: 3, actual: 2 }]],
		['level enough', [{ code: 'hvac', level: 2 }], []],
		['two missing', [{ code: 'lift', level: 1 }, { code: 'copier_mono', level: 2 }], [{ skill: 'lift', required: 1, actual: 0 }, { skill: 'copier_mono', required: 2, actual: 1 }]]
	])('missing skill: %s', (_n, required, expected) => {
		const result = findConflicts([a('a1', '09:00', '10:00')], [], facts([tech()], [call({ requiredSkills: required })]));
		expect(result.filter((c) => c.kind === 'missing-skill').map(({ assignmentId: _, kind: __, ...rest }) => rest)).toEqual(expected);
	});

	it.each([
		['inside the morning', '09:00', '12:30', false],
		['across the Monday lunch break', '2026-11-30T12:00', '2026-11-30T14:00', true],
		['Monday afternoon inside', '2026-11-30T13:30', '2026-11-30T17:30', false],
		['starts before the shift', '07:30', '09:00', true],
		['ends after the shift', '17:00', '18:00', true],
		['Saturday (no shift)', '2026-12-05T09:00', '2026-12-05T10:00', true],
		['Sunday 24h shift until midnight', '2026-12-06T22:00', '2026-12-07T00:00', false],
		['crosses midnight', '2026-12-06T23:00', '2026-12-07T01:00', true]
	])('outside shift: %s -> %s', (_n, start, end, expected) => {
		const iso = (v: string) => new Date(v.includes('T') ? `${v}:00+01:00` : `2026-12-01T${v}:00+01:00`).toISOString();
		const plan: PlanAssignment = { id: 'a1', callId: 'c1', technicianId: 't1', startsAt: iso(start), endsAt: iso(end) };
		const result = findConflicts([plan], [], facts([tech()], [call()]));
		expect(result.some((c) => c.kind === 'outside-shift')).toBe(expected);
	});

	it('outside shift uses local time on the DST change day (29 March 2026, +02:00 after 03:00)', () => {
		const plan: PlanAssignment = { id: 'a1', callId: 'c1', technicianId: 't1', startsAt: '2026-03-29T06:00:00Z', endsAt: '2026-03-29T07:00:00Z' };
		// 08:00-09:00 local on a Sunday: inside the 24h Sunday shift
		expect(findConflicts([plan], [], facts([tech()], [call()]))).toEqual([]);
		const weekday: PlanAssignment = { id: 'a2', callId: 'c1', technicianId: 't1', startsAt: '2026-03-30T05:30:00Z', endsAt: '2026-03-30T06:30:00Z' };
		// 07:30 local on Monday 30 March (summer time): before the 08:00 start
		expect(findConflicts([weekday], [], facts([tech()], [call()])).map((c) => c.kind)).toEqual(['outside-shift']);
	});

	it('unknown shifts report nothing', () => {
		expect(findConflicts([a('a1', '05:00', '06:00')], [], facts([tech({ shifts: null })], [call()]))).toEqual([]);
	});

	it('during an absence block of the same technician only', () => {
		const blocks: PlanBlock[] = [
			{ id: 'b1', technicianId: 't1', startsAt: a('x', '13:00', '17:30').startsAt, endsAt: a('x', '13:00', '17:30').endsAt, reason: 'training' },
			{ id: 'b2', technicianId: 't2', startsAt: a('x', '09:00', '10:00').startsAt, endsAt: a('x', '09:00', '10:00').endsAt, reason: 'sick' }
		];
		const result = findConflicts([a('a1', '09:00', '10:00'), a('a2', '12:30', '13:30')], blocks, facts([tech()], [call()]));
		expect(result).toEqual([{ assignmentId: 'a2', kind: 'during-absence', blockId: 'b1', reason: 'training' }]);
	});

	it.each([
		['areas match', ['lomb'], ['lomb', 'mi'], false],
		['no common area', ['ven'], ['lomb'], true],
		['technician works anywhere', null, ['lomb'], false],
		['site areas unknown', ['ven'], null, false]
	])('outside area: %s', (_n, techAreas, siteAreas, expected) => {
		const result = findConflicts([a('a1', '09:00', '10:00')], [], facts([tech({ areaIds: techAreas })], [call({ siteAreaIds: siteAreas })]));
		expect(result.some((c) => c.kind === 'outside-area')).toBe(expected);
	});

	it.each([
		['starts before the due time', '2026-12-01T10:00:00+01:00', null],
		['starts exactly at the due time', '2026-12-01T09:00:00+01:00', null],
		['starts 30 min late', '2026-12-01T08:30:00+01:00', 30]
	])('after SLA: %s', (_n, due, late) => {
		const result = findConflicts([a('a1', '09:00', '10:00')], [], facts([tech()], [call({ onsiteDue: new Date(due).toISOString() })]));
		const found = result.find((c) => c.kind === 'after-sla') as { lateMinutes: number } | undefined;
		expect(found?.lateMinutes ?? null).toBe(late);
	});

	it('parts unavailable only when known to be missing', () => {
		expect(findConflicts([a('a1', '09:00', '10:00')], [], facts([tech()], [call({ partsAvailable: false })])).map((c) => c.kind)).toEqual(['parts-unavailable']);
		expect(findConflicts([a('a1', '09:00', '10:00')], [], facts([tech()], [call({ partsAvailable: null })]))).toEqual([]);
	});

	it('is deterministic and sorted whatever the input order', () => {
		const list = [a('a2', '10:00', '11:00'), a('a1', '09:00', '10:30')];
		const f = facts([tech()], [call({ partsAvailable: false })]);
		expect(findConflicts(list, [], f)).toEqual(findConflicts([...list].reverse(), [], f));
	});
});

describe('weeklyShiftsFromRows (technician_shifts segments -> weekly pattern)', () => {
	it.each([
		['no rows: unknown, not "never works"', [], null],
		['seconds dropped, segments sorted, breaks kept as gaps', [
			{ weekday: 1, startsAt: '13:30:00', endsAt: '17:30:00' },
			{ weekday: 1, startsAt: '08:00:00', endsAt: '12:30:00' }
		], { '1': [['08:00', '12:30'], ['13:30', '17:30']] }],
		['touching segments merge (no zero-minute break)', [
			{ weekday: 2, startsAt: '08:00:00', endsAt: '12:00:00' },
			{ weekday: 2, startsAt: '12:00:00', endsAt: '16:00:00' }
		], { '2': [['08:00', '16:00']] }],
		['overlapping segments merge', [
			{ weekday: 3, startsAt: '08:00:00', endsAt: '13:00:00' },
			{ weekday: 3, startsAt: '12:00:00', endsAt: '12:30:00' },
			{ weekday: 3, startsAt: '14:00:00', endsAt: '18:00:00' }
		], { '3': [['08:00', '13:00'], ['14:00', '18:00']] }],
		['until midnight', [{ weekday: 6, startsAt: '20:00:00', endsAt: '24:00:00' }], { '6': [['20:00', '24:00']] }],
		['a weekday out of range is ignored', [{ weekday: 8, startsAt: '08:00:00', endsAt: '12:00:00' }, { weekday: 5, startsAt: '08:00', endsAt: '12:00' }], { '5': [['08:00', '12:00']] }]
	])('%s', (_n, rows, expected) => {
		expect(weeklyShiftsFromRows(rows)).toEqual(expected);
	});
});

describe('outside shift with stored segments (Mon-Sat 08:00-12:30 + 13:30-17:00, no Sunday)', () => {
	const rows = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
		{ weekday, startsAt: '08:00:00', endsAt: '12:30:00' },
		{ weekday, startsAt: '13:30:00', endsAt: '17:00:00' }
	]);
	const shifts = weeklyShiftsFromRows(rows);
	const run = (startsAt: string, endsAt: string) =>
		findConflicts([{ id: 'a1', callId: 'c1', technicianId: 't1', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() }], [], facts([tech({ shifts })], [call()])).some(
			(c) => c.kind === 'outside-shift'
		);
	it.each([
		['Tuesday morning inside', '2026-12-01T08:00:00+01:00', '2026-12-01T12:30:00+01:00', false],
		['Tuesday inside the break', '2026-12-01T12:45:00+01:00', '2026-12-01T13:15:00+01:00', true],
		['Tuesday across the break', '2026-12-01T12:00:00+01:00', '2026-12-01T14:00:00+01:00', true],
		['Tuesday afternoon, ends exactly at 17:00', '2026-12-01T16:00:00+01:00', '2026-12-01T17:00:00+01:00', false],
		['Tuesday one minute past the end', '2026-12-01T16:01:00+01:00', '2026-12-01T17:01:00+01:00', true],
		['Saturday morning (works Saturdays)', '2026-12-05T09:00:00+01:00', '2026-12-05T10:00:00+01:00', false],
		['Sunday: no shift at all', '2026-12-06T09:00:00+01:00', '2026-12-06T10:00:00+01:00', true],
		// 29 March 2026: DST starts on a Sunday; Monday 30 March 08:00 local is 06:00Z.
		['DST start Sunday 29 March: no shift', '2026-03-29T09:00:00+02:00', '2026-03-29T10:00:00+02:00', true],
		['Monday after DST start, 08:00 local (+02:00)', '2026-03-30T06:00:00Z', '2026-03-30T07:00:00Z', false],
		['Monday after DST start, 07:00 local is 05:00Z: before the shift', '2026-03-30T05:00:00Z', '2026-03-30T06:00:00Z', true],
		// Saturday 24 October 2026 is still summer time; Monday 26 October is winter time.
		['Saturday before DST end, 08:00 local is 06:00Z', '2026-10-24T06:00:00Z', '2026-10-24T07:00:00Z', false],
		['Monday after DST end, 08:00 local is 07:00Z', '2026-10-26T07:00:00Z', '2026-10-26T08:00:00Z', false],
		['Monday after DST end, 06:00Z is 07:00 local', '2026-10-26T06:00:00Z', '2026-10-26T07:00:00Z', true]
	])('%s -> %s', (_n, start, end, expected) => {
		expect(run(start, end)).toBe(expected);
	});

	it('on the DST end Sunday a night shift 00:00-04:00 holds the repeated hour (wall clock, 5 real hours)', () => {
		const night = weeklyShiftsFromRows([{ weekday: 7, startsAt: '00:00:00', endsAt: '04:00:00' }]);
		const check = (s: string, e: string) =>
			findConflicts([{ id: 'a1', callId: 'c1', technicianId: 't1', startsAt: s, endsAt: e }], [], facts([tech({ shifts: night })], [call()])).some((c) => c.kind === 'outside-shift');
		// 02:30+02:00 (first pass) to 02:30+01:00 (second pass): both inside the 00:00-04:00 wall clock.
		expect(check('2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z')).toBe(false);
		// 03:30+01:00 to 04:30+01:00 ends after the shift.
		expect(check('2026-10-25T02:30:00Z', '2026-10-25T03:30:00Z')).toBe(true);
	});
});
