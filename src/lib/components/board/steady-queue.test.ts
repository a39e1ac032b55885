import { describe, expect, it } from 'vitest';
import { steadyQueue } from './steady-queue';

type C = { id: string; v?: number };
const c = (id: string, v = 0): C => ({ id, v });
const shown = (entries: ReturnType<typeof steadyQueue<C>>) => entries.map((e) => `${e.call.id}${e.gone ? '-gone' : ''}${e.added ? '+new' : ''}`);

describe('steadyQueue', () => {
	const cases: Array<{ name: string; held: C[] | null; live: C[]; want: string[] }> = [
		{ name: 'no hold: the live order', held: null, live: [c('b'), c('a')], want: ['b', 'a'] },
		{ name: 'no hold, empty queue', held: null, live: [], want: [] },
		{ name: 'held, nothing changed', held: [c('a'), c('b')], live: [c('a'), c('b')], want: ['a', 'b'] },
		{ name: 'a call planned by another dispatcher stays in place, gone', held: [c('a'), c('b'), c('c')], live: [c('a'), c('c')], want: ['a', 'b-gone', 'c'] },
		{ name: 'a new call that sorts first is added at the end', held: [c('a'), c('b')], live: [c('n'), c('a'), c('b')], want: ['a', 'b', 'n+new'] },
		{ name: 'a re-sort (SLA order changed) is not shown while held', held: [c('a'), c('b'), c('c')], live: [c('c'), c('b'), c('a')], want: ['a', 'b', 'c'] },
		{ name: 'every call left: all gone, none lost', held: [c('a'), c('b')], live: [], want: ['a-gone', 'b-gone'] },
		{ name: 'held on an empty queue, two arrive in live order', held: [], live: [c('x'), c('y')], want: ['x+new', 'y+new'] },
		{ name: 'a call unplanned again comes back in its old place', held: [c('a'), c('b')], live: [c('b'), c('a')], want: ['a', 'b'] },
		{ name: 'gone and added at once', held: [c('a'), c('b')], live: [c('z'), c('b')], want: ['a-gone', 'b', 'z+new'] }
	];
	it.each(cases)('$name', ({ held, live, want }) => {
		expect(shown(steadyQueue(held, live))).toEqual(want);
	});

	it('a call still queued shows its current details; a gone one keeps its last', () => {
		const entries = steadyQueue([c('a', 1), c('b', 1)], [c('a', 2)]);
		expect(entries.map((e) => e.call.v)).toEqual([2, 1]);
	});
});
