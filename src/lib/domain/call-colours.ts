/**
 * The map's and wall screen's states of a call, one palette with the board (DESIGN.md "Service
 * levels, calls and colours"). A call can be several at once (unassigned and overdue); the map
 * symbol shows the most urgent, the popup lists all. Pure: the page re-runs it on its own clock,
 * so a call turns overdue when its due time passes with no event from anyone.
 */
import type { CallStatus } from './call-lifecycle';

/** Most urgent first; the order decides which colour a symbol (or a cluster) shows. */
export const CALL_COLOUR_KEYS = ['overdue', 'dueSoon', 'unpaid', 'unconfirmed', 'unassigned', 'planned', 'inProgress', 'doneToday'] as const;
export type CallColourKey = (typeof CALL_COLOUR_KEYS)[number];
/** The five that call for attention; the others are drawn in quiet colours. */
export const ALERT_KEYS: readonly CallColourKey[] = ['overdue', 'dueSoon', 'unpaid', 'unconfirmed', 'unassigned'];

type When = string | Date | null | undefined;
export type ColourInput = {
	status: CallStatus;
	acknowledgeDue?: When;
	onsiteDue?: When;
	resolutionDue?: When;
	acknowledgedAt?: When;
	/** When the call reached completed (or closed); decides "done today". */
	completedAt?: When;
	/** The customer has overdue receivables. */
	unpaid?: boolean;
	/** Whether the board plans it for someone, and whether that technician accepted. */
	assignment?: 'none' | 'planned' | 'confirmed';
};

const ms = (v: When) => (v === null || v === undefined ? null : typeof v === 'string' ? Date.parse(v) : v.getTime());
const DONE: ReadonlySet<CallStatus> = new Set(['completed', 'closed']);
const ON_THE_WAY: ReadonlySet<CallStatus> = new Set(['travelling', 'on_site', 'on_hold']);

/** Made once: building a formatter costs far more than formatting, and maps colour thousands of calls. */
const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Rome calendar day of an instant, YYYY-MM-DD (Intl handles DST). */
export function romeDay(at: Date): string {
	return ROME_DAY.format(at);
}

/** The due times still running for this status: met or irrelevant ones drop out. */
function pendingDues(c: ColourInput): number[] {
	if (DONE.has(c.status) || c.status === 'cancelled') return [];
	const dues: (number | null)[] = [];
	if (!c.acknowledgedAt) dues.push(ms(c.acknowledgeDue));
	if (c.status !== 'on_site') dues.push(ms(c.onsiteDue));
	dues.push(ms(c.resolutionDue));
	return dues.filter((d): d is number => d !== null && !Number.isNaN(d));
}

/** Every state of the call at `now`, most urgent first; empty for cancelled or done on another day. */
export function callColours(c: ColourInput, now: Date, warningMinutes: number): CallColourKey[] {
	if (c.status === 'cancelled') return [];
	if (DONE.has(c.status)) {
		const at = ms(c.completedAt);
		return at !== null && romeDay(new Date(at)) === romeDay(now) ? ['doneToday'] : [];
	}
	const states = new Set<CallColourKey>();
	const t = now.getTime();
	for (const due of pendingDues(c)) {
		// A due time is met only strictly before it: at the very millisecond it is overdue.
		if (due <= t) states.add('overdue');
		else if (due - t <= warningMinutes * 60_000) states.add('dueSoon');
	}
	if (states.has('overdue')) states.delete('dueSoon');
	if (c.unpaid) states.add('unpaid');
	const assignment = c.assignment ?? (c.status === 'new' ? 'none' : c.status === 'assigned' ? 'planned' : 'confirmed');
	if (ON_THE_WAY.has(c.status)) states.add('inProgress');
	else if (c.status === 'new' && assignment === 'none') states.add('unassigned');
	else if (c.status === 'assigned' || (c.status === 'new' && assignment === 'planned')) states.add('unconfirmed');
	else states.add('planned');
	return CALL_COLOUR_KEYS.filter((k) => states.has(k));
}

/** The most urgent of several states (a cluster's worst colour), or null for none. */
export function mostUrgent(keys: Iterable<CallColourKey>): CallColourKey | null {
	let best: number = CALL_COLOUR_KEYS.length;
	for (const k of keys) best = Math.min(best, CALL_COLOUR_KEYS.indexOf(k));
	return best < CALL_COLOUR_KEYS.length ? CALL_COLOUR_KEYS[best] : null;
}

/**
 * The next instant at which this call's colours change on the clock alone (a due time entering
 * the warning window or passing), so pages can schedule one repaint instead of polling.
 */
export function nextColourChange(c: ColourInput, now: Date, warningMinutes: number): Date | null {
	const t = now.getTime();
	let next = Infinity;
	for (const due of pendingDues(c)) {
		for (const edge of [due - warningMinutes * 60_000, due]) if (edge > t && edge < next) next = edge;
	}
	return next === Infinity ? null : new Date(next);
}
