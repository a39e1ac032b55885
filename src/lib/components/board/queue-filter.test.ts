import { describe, expect, it } from 'vitest';
import { queueCalls, type QueueCall, type QueueFilter } from './queue-filter';

const NOW = new Date('2026-12-03T09:00:00Z');
function call(id: string, over: Partial<QueueCall> = {}): QueueCall {
	return {
		id,
		number: `2026/00000${id}`,
		priority: 'medium',
		description: 'Guasto',
		customer: { name: 'Rossi Srl' },
		site: { name: 'Sede', comune: 'Milano' },
		requiredSkills: [],
		onsiteDue: null,
		open: true,
		plannedOn: [],
		siteAreaIds: [],
		...over
	};
}
const base: QueueFilter = { onThisDay: new Set(), scope: 'unplanned', sla: '', areaId: '', text: '', now: NOW, dueSoonMinutes: 120 };
const ids = (list: QueueCall[]) => list.map((c) => c.id);

describe('queueCalls', () => {
	const calls = [
		call('1', { onsiteDue: '2026-12-03T08:00:00Z' }), // overdue
		call('2', { onsiteDue: '2026-12-03T10:00:00Z', plannedOn: ['2026-12-04'] }), // due soon, planned tomorrow
		call('3', { onsiteDue: '2026-12-05T10:00:00Z', siteAreaIds: ['mi'] }), // on time, in area mi
		call('4', { priority: 'high' }), // no due time
		call('5', { open: false }),
		call('6', { onsiteDue: '2026-12-03T09:30:00Z', customer: { name: 'Bianchi Spa' } }) // due soon
	];
	it.each<[string, Partial<QueueFilter>, string[]]>([
		['unplanned only, most urgent first, closed left out', {}, ['1', '6', '3', '4']],
		['planned on this day leaves the queue', { onThisDay: new Set(['1']) }, ['6', '3', '4']],
		['also planned on other days', { scope: 'elsewhere' }, ['1', '6', '2', '3', '4']],
		['all, including those on this day', { scope: 'all', onThisDay: new Set(['1']) }, ['1', '6', '2', '3', '4']],
		['overdue', { sla: 'overdue', scope: 'elsewhere' }, ['1']],
		['due soon', { sla: 'due-soon', scope: 'elsewhere' }, ['6', '2']],
		["due soon with the admin's window at 45 minutes", { sla: 'due-soon', scope: 'elsewhere', dueSoonMinutes: 45 }, ['6']],
		['area', { areaId: 'mi' }, ['3']],
		['text matches customer, case-insensitive', { text: 'BIANCHI' }, ['6']],
		['nothing matches', { text: 'zzz' }, []]
	])('%s', (_n, over, expected) => {
		expect(ids(queueCalls(calls, { ...base, ...over }))).toEqual(expected);
	});
});
