import { describe, expect, it } from 'vitest';
import { planContracts } from './demo-contracts';
import { DemoCalendar, romeToUtc } from './demo-dates';
import { DEMO_UNIT_COUNT, planInstalledBase } from './demo-installed-base';
import { buildDemoPlan } from './demo-plan';

const plan = buildDemoPlan();
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const endOfMonth = (date: string) => {
	const [y, m] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

// Awkward days to run the seed on: month ends, a leap day, New Year's Eve and Day, the days the clocks change.
const DAYS = ['2026-11-28', '2028-02-29', '2026-12-31', '2027-01-01', '2026-03-29', '2026-10-25', '2026-01-31'];

describe('demo installed base plan', () => {
	const reference = planInstalledBase(plan, new DemoCalendar(DAYS[0]));
	const referenceContracts = planContracts(plan, new DemoCalendar(DAYS[0]));
	const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

	it.each(DAYS)('has the same rows and ids when run on %s', (today) => {
		const base = planInstalledBase(plan, new DemoCalendar(today));
		const deals = planContracts(plan, new DemoCalendar(today));
		expect(ids(base.equipment)).toEqual(ids(reference.equipment));
		expect(ids(base.meters)).toEqual(ids(reference.meters));
		expect(ids(base.history)).toEqual(ids(reference.history));
		expect(ids(base.readings)).toEqual(ids(reference.readings));
		expect(base.equipment.map((e) => e.serialNumber)).toEqual(reference.equipment.map((e) => e.serialNumber));
		for (const key of ['contracts', 'terms', 'coverage', 'meterTerms', 'tiers'] as const) {
			expect(ids(deals[key])).toEqual(ids(referenceContracts[key]));
		}
	});

	it.each(DAYS)('on %s: readings lie between installation and today, counters only grow but for the three special ones', (today) => {
		const base = planInstalledBase(plan, new DemoCalendar(today));
		expect(base.equipment).toHaveLength(DEMO_UNIT_COUNT);
		const installed = new Map(base.equipment.map((e) => [e.id, e.installDate]));
		// Strictly before today: the latest reading is at least a day old.
		const todayStarts = romeToUtc(today, 0, 0).getTime();
		const problems: string[] = [];
		const byMeter = new Map<string, typeof base.readings>();
		for (const r of base.readings) {
			if (r.readAt.getTime() >= todayStarts) problems.push(`${r.id} read today or later`);
			if (r.readAt.toISOString().slice(0, 10) <= installed.get(r.equipmentId)!) problems.push(`${r.id} read before installation`);
			byMeter.set(r.meterId, [...(byMeter.get(r.meterId) ?? []), r]);
		}
		const exempt: string[] = [];
		for (const list of byMeter.values()) {
			for (let i = 1; i < list.length; i++) {
				if (list[i].readAt.getTime() <= list[i - 1].readAt.getTime()) problems.push(`${list[i].id} not after the previous reading`);
				if (list[i].value < list[i - 1].value) exempt.push(list[i].kind);
			}
		}
		expect(problems).toEqual([]);
		expect(exempt.sort()).toEqual(['replacement', 'rollover']);
		expect(base.readings.filter((r) => r.kind === 'rollover')).toHaveLength(1);
		expect(base.readings.filter((r) => r.kind === 'replacement')).toHaveLength(1);
		expect(base.readings.filter((r) => r.status === 'review')).toHaveLength(1);
	});

	it.each(DAYS)('on %s: terms are contiguous and some active ones end this very month', (today) => {
		const deals = planContracts(plan, new DemoCalendar(today));
		const status = new Map(deals.contracts.map((c) => [c.id, c.status]));
		const byContract = new Map<string, typeof deals.terms>();
		for (const t of deals.terms) byContract.set(t.contractId, [...(byContract.get(t.contractId) ?? []), t]);
		let expiring = 0;
		for (const [id, list] of byContract) {
			for (let i = 1; i < list.length; i++) expect(list[i].startsOn).toBe(addDays(list[i - 1].endsOn, 1));
			const last = list[list.length - 1];
			if (status.get(id) === 'active') {
				expect(last.startsOn <= today && today <= last.endsOn, `${id} ${last.startsOn}..${last.endsOn}`).toBe(true);
				if (last.endsOn === endOfMonth(today)) expiring++;
			}
		}
		expect(expiring).toBeGreaterThanOrEqual(3);
		for (const c of deals.coverage) if (c.toDate !== null) expect(c.toDate >= c.fromDate).toBe(true);
	});
});
