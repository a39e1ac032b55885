import type { CallStatus } from '$lib/domain/call-lifecycle';
import { byUrgency, slaInfo } from './board-time';
import type { QueueScope, QueueSla } from './types';

/** The fields of a board call the queue's filters look at. */
export type QueueCall = {
	id: string;
	number: string;
	priority: 'low' | 'medium' | 'high';
	description: string;
	customer: { name: string };
	site: { name: string; comune: string | null };
	requiredSkills: string[];
	onsiteDue: string | null;
	/** Where the call is in its lifecycle: a call on site has met its on-site time. */
	status?: string;
	open: boolean;
	plannedOn: string[];
	siteAreaIds: string[];
};

export type QueueFilter = {
	/** Calls with an assignment on the board's day, from the live doc. */
	onThisDay: ReadonlySet<string>;
	scope: QueueScope;
	sla: QueueSla;
	/** Only calls whose site lies in this area ('' = any). */
	areaId: string;
	text: string;
	now: Date;
	/** The admin's "due soon" window in minutes. */
	dueSoonMinutes: number;
};

/** The queue: open calls the scope offers, matching the filters, most urgent first. */
export function queueCalls<T extends QueueCall>(calls: readonly T[], f: QueueFilter): T[] {
	const q = f.text.trim().toLowerCase();
	return calls
		.filter((c) => c.open)
		.filter((c) => f.scope === 'all' || (!f.onThisDay.has(c.id) && (f.scope === 'elsewhere' || c.plannedOn.length === 0)))
		.filter((c) => !f.sla || slaInfo(c.onsiteDue, f.now, f.dueSoonMinutes, c.status as CallStatus | undefined).state === f.sla)
		.filter((c) => !f.areaId || c.siteAreaIds.includes(f.areaId))
		.filter((c) => !q || [c.number, c.customer.name, c.site.comune ?? '', c.site.name, c.description, ...c.requiredSkills].some((v) => v.toLowerCase().includes(q)))
		.sort(byUrgency);
}
