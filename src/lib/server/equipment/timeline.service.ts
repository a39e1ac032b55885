import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { NotFoundError } from '../errors';
import { requireUuid } from './equipment-input';
import * as unitQueries from './equipment.queries';
import { installedAt, startOfDay } from './equipment.service';
import * as queries from './timeline.queries';

type SiteRef = { siteId: string; siteName: string; customerId: string; customerName: string; comuneName: string; province: string };

export type TimelineEvent = { at: string; allDay: boolean } & (
	| ({ kind: 'installation'; installDate: string | null } & SiteRef)
	| { kind: 'move'; from: SiteRef | null; to: SiteRef; reason: string | null; by: string | null }
	| { kind: 'status'; from: string | null; to: string | null; by: string | null }
	| { kind: 'contract_start' | 'contract_end'; contractId: string; number: string; contractStatus: string; periodicity: string; fromDate: string; toDate: string | null }
	| { kind: 'readings'; month: string; meterId: string; meterType: string; nameIt: string; nameEn: string; count: number; inReview: number; lastValue: number }
);

export type Timeline = {
	unitId: string;
	/** Newest first. */
	events: TimelineEvent[];
	/** The unit's service calls, newest first. */
	calls: { items: Array<{ id: string; number: string; status: string; priority: string; type: string; description: string; createdAt: string }> };
};

const KIND_ORDER: Record<TimelineEvent['kind'], number> = { installation: 0, move: 1, contract_start: 2, status: 3, readings: 4, contract_end: 5 };

/**
 * The unit's story, newest first: installation, moves, contracts covering it, status changes
 * and readings per meter and month. Each source is read by its own query; nothing is invented
 * where a source has no rows.
 */
export async function getTimeline(actor: Actor, id: string): Promise<Timeline> {
	authorize(actor, 'equipment.read');
	requireUuid(id, 'unit');
	const unit = await unitQueries.findUnitById(db(), id);
	if (!unit) throw new NotFoundError('unit not found');
	const [history, coverage, readings, statuses, unitCalls] = await Promise.all([
		queries.listSiteHistory(db(), id),
		queries.listContractCoverage(db(), id),
		queries.summariseReadings(db(), id),
		queries.listStatusChanges(db(), id),
		queries.listUnitCalls(db(), id)
	]);
	const events: TimelineEvent[] = [];
	const ref = (h: (typeof history)[number]): SiteRef => ({
		siteId: h.siteId,
		siteName: h.siteName,
		customerId: h.customerId,
		customerName: h.customerName,
		comuneName: h.comuneName,
		province: h.province
	});

	const first = history[0];
	let installationSite: SiteRef | null = first ? ref(first) : null;
	if (!installationSite) {
		const current = await unitQueries.findUnitSummary(db(), id);
		if (current) installationSite = { siteId: current.siteId, siteName: current.siteName, customerId: current.customerId, customerName: current.customerName, comuneName: current.comuneName, province: current.province };
	}
	if (installationSite) {
		const at = unit.installDate ? startOfDay(unit.installDate) : (first?.fromAt ?? installedAt(null, unit.createdAt));
		events.push({ kind: 'installation', at: at.toISOString(), allDay: !!unit.installDate, installDate: unit.installDate, ...installationSite });
	}
	for (let i = 1; i < history.length; i++) {
		const h = history[i];
		events.push({ kind: 'move', at: h.fromAt.toISOString(), allDay: false, from: ref(history[i - 1]), to: ref(h), reason: h.reason, by: h.movedByName });
	}
	for (const c of coverage) {
		const base = { contractId: c.contractId, number: c.number, contractStatus: c.status, periodicity: c.periodicity, fromDate: c.fromDate, toDate: c.toDate };
		events.push({ kind: 'contract_start', at: startOfDay(c.fromDate).toISOString(), allDay: true, ...base });
		if (c.toDate) events.push({ kind: 'contract_end', at: startOfDay(c.toDate).toISOString(), allDay: true, ...base });
	}
	for (const s of statuses) {
		const details = (s.details ?? {}) as { from?: string; to?: string };
		events.push({ kind: 'status', at: s.at.toISOString(), allDay: false, from: details.from ?? null, to: details.to ?? null, by: s.actorName });
	}
	for (const r of readings) {
		events.push({
			kind: 'readings',
			at: new Date(r.lastAt).toISOString(),
			allDay: false,
			month: r.month,
			meterId: r.meterId,
			meterType: r.meterType,
			nameIt: r.nameIt,
			nameEn: r.nameEn,
			count: r.count,
			inReview: r.inReview,
			lastValue: r.lastValue
		});
	}
	events.sort((a, b) => (a.at === b.at ? KIND_ORDER[b.kind] - KIND_ORDER[a.kind] : a.at < b.at ? 1 : -1));
	return { unitId: id, events, calls: { items: unitCalls.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })) } };
}
