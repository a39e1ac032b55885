import { describe, expect, it } from 'vitest';
import { callMatches, NO_FILTERS, technicianMatches } from './map-filter';
import { initials } from './map-colours';
import { isStale, mapKpis, romeDayBounds, technicianStatus, type MapCall, type MapTechnician } from './map-types';

const NOW = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

function call(over: Partial<MapCall>): MapCall {
	return {
		id: 'c', number: '2026/000001', status: 'new', priority: 'medium', type: 'breakdown', description: '', customerId: 'k', customerName: 'Rossi Ufficio Srl',
		siteName: 'Sede', comune: 'Milano', province: 'MI', lng: 9, lat: 45, equipmentSerial: 'AB-123', equipmentModel: null, requiredSkills: ['copier'],
		acknowledgeDue: null, onsiteDue: null, resolutionDue: null, acknowledgedAt: null, completedAt: null, areaIds: ['a1'], technicianId: null,
		technicianName: null, assignment: 'none', plannedStart: null, plannedDay: null, unpaid: false, ...over
	};
}
function tech(over: Partial<MapTechnician>): MapTechnician {
	return { id: 't', code: 'T1', name: 'Mario Rossi', team: 'Nord', skills: ['copier'], areaIds: ['a1'], onShift: true, position: null, status: 'free', jobs: [], ...over };
}

describe('technicianStatus', () => {
	it.each([
		[{ onShift: true, jobStatuses: [], speed: null }, 'free'],
		[{ onShift: true, jobStatuses: [], speed: 1.4 }, 'free'],
		[{ onShift: true, jobStatuses: [], speed: 1.5 }, 'travelling'],
		[{ onShift: true, jobStatuses: ['assigned', 'travelling'], speed: 0 }, 'travelling'],
		[{ onShift: true, jobStatuses: ['travelling', 'on_site'], speed: 20 }, 'onSite'],
		[{ onShift: false, jobStatuses: [], speed: 20 }, 'offDuty'],
		[{ onShift: false, jobStatuses: ['on_site'], speed: 0 }, 'onSite']
	] as const)('%j -> %s', (input, expected) => {
		expect(technicianStatus({ ...input, jobStatuses: [...input.jobStatuses] })).toBe(expected);
	});
});

describe('isStale', () => {
	const p = (minutesAgo: number) => ({ lng: 0, lat: 0, accuracy: null, heading: null, speed: null, recordedAt: at(-minutesAgo), source: 'phone' as const });
	it.each([
		[null, true],
		[p(14), false],
		[p(15), false],
		[p(16), true]
	])('%j -> %s', (position, expected) => {
		expect(isStale(position, NOW, 15)).toBe(expected);
	});
});

describe('mapKpis', () => {
	it('counts open calls by priority, breaches today, due within 2 hours, unassigned, technicians, completed today', () => {
		const calls = [
			call({ id: '1', priority: 'high', onsiteDue: at(-30) }), // breached today, unassigned
			call({ id: '2', priority: 'high', status: 'assigned', onsiteDue: at(90) }), // due within 2 h
			call({ id: '3', priority: 'low', status: 'on_site', onsiteDue: at(-60), resolutionDue: at(300) }), // on-site met; nothing due soon
			call({ id: '4', priority: 'medium', status: 'completed', completedAt: at(-10), onsiteDue: at(-20) }), // done today, after its due time
			call({ id: '5', priority: 'medium', status: 'closed', completedAt: at(-3000) }), // another day
			call({ id: '6', status: 'cancelled', onsiteDue: at(-30) }),
			call({ id: '7', priority: 'low', onsiteDue: at(-24 * 60) }) // breached yesterday: not today's
		];
		const techs = [tech({ status: 'onSite' }), tech({ status: 'travelling' }), tech({ status: 'free' }), tech({ status: 'free' }), tech({ status: 'offDuty' })];
		expect(mapKpis(calls, techs, NOW)).toEqual({
			openByPriority: { high: 2, medium: 0, low: 2 },
			breachedToday: 2,
			dueWithin2h: 1,
			unassigned: 2,
			technicians: { onSite: 1, travelling: 1, free: 2 },
			completedToday: 1
		});
	});
});

describe('romeDayBounds', () => {
	it.each([
		// winter (UTC+1), summer (UTC+2), and the DST days: 23 and 25 hours long
		['2026-01-15T12:00:00Z', '2026-01-14T23:00:00Z', '2026-01-15T23:00:00Z'],
		['2026-07-15T00:30:00Z', '2026-07-14T22:00:00Z', '2026-07-15T22:00:00Z'],
		['2026-07-14T22:00:00Z', '2026-07-14T22:00:00Z', '2026-07-15T22:00:00Z'],
		['2026-07-14T21:59:59Z', '2026-07-13T22:00:00Z', '2026-07-14T22:00:00Z'],
		['2026-03-29T10:00:00Z', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'],
		['2026-10-25T10:00:00Z', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z']
	])('%s is in [%s, %s)', (now, start, end) => {
		expect(romeDayBounds(new Date(now)).map((t) => new Date(t).toISOString())).toEqual([new Date(start).toISOString(), new Date(end).toISOString()]);
	});
	it('counts a breach at the first and not at the last instant of the day in Rome', () => {
		const now = new Date('2026-07-15T20:00:00Z');
		const due = (iso: string) => mapKpis([call({ onsiteDue: iso })], [], now).breachedToday;
		expect([due('2026-07-14T22:00:00Z'), due('2026-07-14T21:59:59Z')]).toEqual([1, 0]);
	});
});

describe('filters', () => {
	const teamOf = () => 'Nord';
	it.each([
		[{}, true],
		[{ area: 'a1' }, true],
		[{ area: 'a2' }, false],
		[{ skill: 'lift' }, false],
		[{ priority: 'medium' }, true],
		[{ priority: 'high' }, false],
		[{ state: 'unassigned' }, true],
		[{ state: 'overdue' }, false],
		[{ team: 'Nord' }, false],
		[{ q: 'rossi' }, true],
		[{ q: 'ab123' }, true],
		[{ q: '2026/000001' }, true],
		[{ q: 'città' }, false]
	])('%j -> %s', (f, expected) => {
		expect(callMatches(call({}), ['unassigned'], { ...NO_FILTERS, ...f }, teamOf)).toBe(expected);
	});
	it('a planned call matches its technician team', () => {
		expect(callMatches(call({ technicianId: 't' }), ['unconfirmed'], { ...NO_FILTERS, team: 'Nord' }, teamOf)).toBe(true);
	});
	it('technicians by area, skill, team', () => {
		expect(technicianMatches(tech({}), { ...NO_FILTERS, team: 'Sud' })).toBe(false);
		expect(technicianMatches(tech({}), { ...NO_FILTERS, skill: 'copier', area: 'a1' })).toBe(true);
	});
	it('initials', () => {
		expect([initials('Mario Rossi'), initials('Ida'), initials('Anna Maria De Luca'), initials('')]).toEqual(['MR', 'ID', 'AL', '']);
	});
});
