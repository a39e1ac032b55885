/** The random edits of `npm run bench:board`, shared by the set-up (board.ts) and the client processes. */
import type * as Y from 'yjs';

/** A seeded generator (mulberry32): every run makes the same edits. */
export function seededRandom(seed: number): { rand: () => number; pick: <T>(list: readonly T[]) => T } {
	let state = seed;
	const rand = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { rand, pick: (list) => list[Math.floor(rand() * list.length)] };
}

function at(day: string, minutes: number): string {
	return `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+01:00`;
}

/** A valid slot inside the day: start 07:00-18:00 on the quarter hour, 30-120 minutes long. */
export function slot(day: string, rand: () => number): { start: string; end: string } {
	const start = 7 * 60 + 15 * Math.floor(rand() * 44);
	return { start: at(day, start), end: at(day, start + 30 * (1 + Math.floor(rand() * 4))) };
}

/** A new end 30-120 minutes after the entry's current start (a resize). */
export function resizedEnd(doc: Y.Doc, day: string, id: string, rand: () => number): string {
	const start = String((doc.getMap('assignments').get(id) as Y.Map<unknown>).get('start'));
	const minutes = Number(start.slice(11, 13)) * 60 + Number(start.slice(14, 16));
	return at(day, minutes + 30 * (1 + Math.floor(rand() * 4)));
}
